import { render } from 'preact';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { OverlayApp } from '../../components/overlay/OverlayApp';
import { resolveLanguage } from '../../utils/i18n/translate';
import { request } from '../../utils/messaging/client';
import type { Result } from '../../utils/messaging/result';
import { withRetry } from '../../utils/messaging/retry';
import { toContent } from '../../utils/messaging/to-content';
import { messagingBackend } from '../../utils/overlay/backend';
import { overlayWanted, storeIdOf } from '../../utils/overlay/store-visibility';
import type { DetectedProduct } from '../../utils/product';
import type { ProductCandidate } from '../../utils/read-product';
import type { Settings } from '../../utils/settings';
import { partnerStoreMatchPatterns } from '../../utils/stores/partner-hosts';
import { watchProduct } from '../../utils/watch-product';
// Inlined into the script and given to the shadow root: no web-accessible CSS file for sites to probe,
// no fetch before the launcher paints, and it works on opt-in hosts registered at run time.
import overlayCss from './style.css?inline';

export default defineContentScript({
  matches: partnerStoreMatchPatterns(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    // Benchmark marks (npm run bench): cheap, kept in the shipped build so start-to-launcher time can
    // be read from the page's performance timeline, which the isolated world shares with the page.
    performance.mark('haowu:content-start');
    let launcherPainted = false;
    /** What the page says, as read; `product` is the same once the background has validated it. */
    let candidate: ProductCandidate | null = null;
    let acceptedCandidate = '';
    let product: DetectedProduct | null = null;
    let settings: Settings | null = null;
    let container: HTMLElement | null = null;
    let ui: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
    let toggleSignal = 0;
    let recommendSignal = 0;
    let badged = false;

    const showPickCount = (count: number) => {
      if (count === 0 && !badged) return;
      badged = count > 0;
      void request('showPickCount', { count });
    };

    const draw = () => {
      if (!container || !product || !settings) return;
      const current = settings;
      const store = storeIdOf(product);
      render(
        <OverlayApp
          product={product}
          language={resolveLanguage(current.language, navigator.languages)}
          backend={messagingBackend}
          toggleSignal={toggleSignal}
          onPickCount={showPickCount}
          expertMode={current.expertMode}
          recommendSignal={recommendSignal}
          preferences={{
            collapsed: current.overlayCollapsed,
            theme: current.theme,
            collapse: () => void changeSettings(() => request('collapseOverlay', undefined)),
            hideOnStore: () => void changeSettings(() => request('hideOverlayOnStore', { store })),
          }}
        />,
        container,
      );
    };

    const mountUi = () =>
      createShadowRootUi(ctx, {
        name: 'haowu-overlay',
        css: overlayCss,
        position: 'inline',
        anchor: 'body',
        append: 'last',
        onMount: (root) => {
          container = root;
          draw();
          // The launcher is in the DOM now; the task after the next frame runs once that frame painted.
          if (!launcherPainted) {
            launcherPainted = true;
            requestAnimationFrame(() => setTimeout(() => performance.mark('haowu:launcher-painted')));
          }
          return root;
        },
        onRemove: (root) => {
          if (root) render(null, root);
          container = null;
        },
      }).then((created) => {
        created.mount();
        return created;
      });

    const unmount = async () => {
      showPickCount(0);
      if (!ui) return;
      const mounted = ui;
      ui = null;
      (await mounted).remove();
    };

    // One shadow-root UI for the page's lifetime: redrawn in place when the product changes (late
    // price, in-page navigation), removed when the page stops being a product page or the user hides
    // Haowu on this store.
    const update = async () => {
      const read = candidate;
      if (!read || !settings || !overlayWanted(settings, read)) {
        product = null;
        return unmount();
      }
      // The content script carries no validator: the background checks what the page says against
      // the product schema as it records it, and only a product it accepted is shown.
      const signature = JSON.stringify(read);
      if (signature !== acceptedCandidate) {
        const seen = await withRetry(() => request('recordProductSeen', read as DetectedProduct));
        if (read !== candidate) return; // the page moved on meanwhile
        if (!seen.ok) {
          console.info('[haowu] nothing shown on this page:', seen.error.message);
          product = null;
          return unmount();
        }
        acceptedCandidate = signature;
        product = read as DetectedProduct;
      }
      if (container) draw();
      else ui ??= mountUi();
    };

    const loadSettings = async (): Promise<void> => {
      const loaded = await withRetry(() => request('getSettings', undefined));
      if (loaded.ok) settings = loaded.value;
      else console.warn('[haowu] could not read settings:', loaded.error.message);
    };

    const changeSettings = async (change: () => Promise<Result<Settings>>) => {
      const changed = await withRetry(change);
      if (!changed.ok) return console.warn('[haowu] settings not changed:', changed.error.message);
      settings = changed.value;
      await update();
    };

    let listening = false;
    const listen = () => {
      listening = true;
      // Settings changed anywhere (the popup, another tab): read them again through the background.
      const onStorageChanged = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && 'settings' in changes) void loadSettings().then(update);
      };
      browser.storage.onChanged.addListener(onStorageChanged);
      ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onStorageChanged));
      ctx.onInvalidated(
        toContent.onMessage('toggleOverlay', () => {
          toggleSignal++;
          draw();
        }),
      );
      ctx.onInvalidated(
        toContent.onMessage('openRecommendForm', () => {
          recommendSignal++;
          draw();
        }),
      );
    };

    const onProduct = async (next: ProductCandidate | null) => {
      candidate = next;
      // Settings are read only once a product page is found: other pages cost a URL check only.
      if (next && !settings) await loadSettings();
      if (next && !listening) listen();
      await update();
    };

    const stop = watchProduct({
      document,
      // The script runs on Amazon or another store only when the user turned it on (the background
      // registers it there), so every detector may run; partner hosts match their own store first.
      detect: { amazon: true, otherSites: true },
      currentUrl: () => new URL(location.href),
      onUrlChange: (listener) => {
        // WXT's event relies on the Navigation API, whose events do not always reach a content
        // script's isolated world when the page itself calls history.pushState; comparing the URL
        // once a second (the same URL check as at start, nothing more) catches those.
        let lastHref = location.href;
        const onChange = () => {
          if (location.href === lastHref) return;
          lastHref = location.href;
          listener();
        };
        ctx.addEventListener(window, 'wxt:locationchange', onChange);
        ctx.addEventListener(window, 'popstate', onChange);
        const poll = ctx.setInterval(onChange, 1000);
        return () => clearInterval(poll);
      },
      onProduct: (next) => void onProduct(next),
    });
    ctx.onInvalidated(stop);
  },
});
