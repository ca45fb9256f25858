// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { OverlayApp } from '../../components/overlay/OverlayApp';
import { resolveLanguage } from '../../utils/i18n/translate';
import { request } from '../../utils/messaging/client';
import { toContent } from '../../utils/messaging/to-content';
import { messagingBackend } from '../../utils/overlay/backend';
import { overlayWanted, storeIdOf } from '../../utils/overlay/store-visibility';
import type { DetectedProduct } from '../../utils/product';
import { getSettings, updateSettings, watchSettings, type Settings } from '../../utils/settings';
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
            collapse: () => void updateSettings({ overlayCollapsed: true }),
            hideOnStore: () => void updateSettings({ hiddenStores: [...new Set([...current.hiddenStores, store])] }),
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
      if (!product || !settings || !overlayWanted(settings, product)) return unmount();
      if (container) draw();
      else ui ??= mountUi();
    };

    let settingsWatched = false;
    const onProduct = async (next: DetectedProduct | null) => {
      product = next;
      // Settings are read only once a product page is found: other pages cost a URL check only.
      if (next && !settings) settings = await getSettings();
      if (next && !settingsWatched) {
        settingsWatched = true;
        ctx.onInvalidated(
          watchSettings((changed) => {
            settings = changed;
            void update();
          }),
        );
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
      }
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
