import { browser } from 'wxt/browser';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createLauncher, launcherText, type Launcher } from '../../components/overlay/launcher';
import type { OverlayState } from '../../components/overlay/Overlay';
import type { OverlayAppProps } from '../../components/overlay/OverlayApp';
import { resolveLanguage, type Language } from '../../utils/i18n/translate';
import { request } from '../../utils/messaging/client';
import type { Result } from '../../utils/messaging/result';
import { withRetry } from '../../utils/messaging/retry';
import { toContent } from '../../utils/messaging/to-content';
import { messagingBackend } from '../../utils/overlay/backend';
import { loadOverlayState } from '../../utils/overlay/load-state';
import { loadedPanel, type MountedPanel } from '../../utils/overlay/panel-api';
import { overlayWanted, storeIdOf } from '../../utils/overlay/store-visibility';
import type { DetectedProduct } from '../../utils/product';
import type { ProductCandidate } from '../../utils/read-product';
import type { Settings } from '../../utils/settings';
import { partnerStoreMatchPatterns } from '../../utils/stores/partner-hosts';
import { watchProduct } from '../../utils/watch-product';
// Inlined into the script and given to the shadow root: no web-accessible CSS file for sites to probe,
// no fetch before the launcher paints, and it works on opt-in hosts registered at run time.
import launcherCss from './style.css?inline';

/*
 * What every product page of a partner store runs: read the product, have the background validate and
 * record it, and draw the launcher with the pick count. The panel (Preact, cards, forms) is another
 * script, injected only when the shopper opens it (utils/overlay/panel-api.ts), so a page that is only
 * looked at pays for the launcher alone.
 */

const EMPTY: OverlayState = { picks: null, saved: false, inCart: 0, error: null };

export default defineContentScript({
  matches: partnerStoreMatchPatterns(),
  // 'manual': the stylesheet is inlined and handed to createShadowRootUi; in 'ui' mode WXT would also
  // fetch a content.css that does not exist (a failed request and a warning, ~25 ms before the launcher).
  cssInjectionMode: 'manual',
  runAt: 'document_idle',
  main(ctx) {
    // Benchmark marks (npm run bench): cheap, kept in the shipped build so start-to-launcher time can
    // be read from the page's performance timeline, which the isolated world shares with the page.
    performance.mark('haowu:content-start');
    let launcherPainted = false;
    /** What the page says, as read; `product` is the same once the background has validated it. */
    let candidate: ProductCandidate | null = null;
    let checkedCandidate = '';
    let recordedCandidate = '';
    let product: DetectedProduct | null = null;
    /** Whose picks and state `state` holds. */
    let stateKey = '';
    let settings: Settings | null = null;
    /** Picks, saved and cart state of `product`: the launcher's count, the badge, the panel's start. */
    let state: OverlayState = EMPTY;
    let error: string | null = null;
    let root: HTMLElement | null = null;
    let launcher: Launcher | null = null;
    let panel: { container: HTMLElement; mounted: MountedPanel } | null = null;
    let ui: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
    let badged = false;

    const language = (): Language => resolveLanguage(settings?.language ?? 'auto', navigator.languages);

    const showPickCount = (count: number) => {
      if (count === 0 && !badged) return;
      badged = count > 0;
      void request('showPickCount', { count });
    };

    const drawLauncher = () => {
      if (!root || !launcher || !product || !settings) return;
      root.className = `hw-root${settings.overlayCollapsed ? ' hw-root--collapsed' : ''}`;
      root.dataset.productKey = product.key;
      if (settings.theme === 'auto') delete root.dataset.theme;
      else root.dataset.theme = settings.theme;
      launcher.update({ language: language(), count: state.picks?.length ?? null, saved: state.saved, collapsed: settings.overlayCollapsed, error });
    };

    const setState = (next: OverlayState) => {
      state = next;
      if (next.picks) showPickCount(next.picks.length);
      drawLauncher();
    };

    const loadState = async (forProduct: DetectedProduct) => {
      const loaded = await loadOverlayState(messagingBackend, forProduct, Date.now());
      // The launcher shows no error line for a failed load: the count stays at none, and the panel
      // says what went wrong when opened.
      if (product?.key === forProduct.key) setState({ ...loaded, error: null });
    };

    const changeSettings = async (change: () => Promise<Result<Settings>>) => {
      const changed = await withRetry(change);
      if (!changed.ok) return console.warn('[haowu] settings not changed:', changed.error.message);
      settings = changed.value;
      await update();
    };

    const panelProps = (startRecommending = false): OverlayAppProps => {
      const store = storeIdOf(product!);
      return {
        product: product!,
        language: language(),
        backend: messagingBackend,
        initial: state,
        expertMode: settings!.expertMode,
        startRecommending,
        onStateChange: setState,
        onClose: () => closePanel(true),
        preferences: {
          collapse: () => void changeSettings(() => request('collapseOverlay', undefined)),
          hideOnStore: () => void changeSettings(() => request('hideOverlayOnStore', { store })),
        },
      };
    };

    const closePanel = (returnFocus: boolean) => {
      if (!panel) return;
      panel.mounted.unmount();
      panel.container.remove();
      panel = null;
      launcher?.setHidden(false);
      if (returnFocus) launcher?.focus();
    };

    let opening = false;
    const openPanel = async (startRecommending = false) => {
      if (opening || !product || !settings) return;
      if (panel && !startRecommending) return;
      opening = true;
      performance.mark('haowu:panel-requested');
      try {
        // The first opening on this page asks the background to add the panel's script to it.
        if (!loadedPanel()) {
          const loaded = await withRetry(() => request('loadOverlayPanel', undefined));
          if (!loaded.ok || !loadedPanel()) {
            error = launcherText(language(), 'launcher.failed', { message: loaded.ok ? launcherText(language(), 'launcher.panelDidNotStart') : loaded.error.message });
            return drawLauncher();
          }
        }
        const api = loadedPanel();
        if (!root || !launcher || !product || !api) return; // the page moved on meanwhile
        closePanel(false);
        error = null;
        const container = document.createElement('div');
        root.append(container);
        launcher.setHidden(true);
        panel = { container, mounted: api.mount(container, panelProps(startRecommending)) };
        drawLauncher();
        requestAnimationFrame(() => setTimeout(() => performance.mark('haowu:panel-painted')));
      } finally {
        opening = false;
      }
    };

    const toggleSaved = async () => {
      if (!product) return;
      const result = await messagingBackend.toggleSaved(product.key, null);
      error = result.ok ? null : result.error.message;
      if (result.ok) setState({ ...state, saved: result.value.saved });
      else drawLauncher();
    };

    const mountUi = () =>
      createShadowRootUi(ctx, {
        name: 'haowu-overlay',
        css: launcherCss,
        position: 'inline',
        anchor: 'body',
        append: 'last',
        onMount: (container) => {
          root = document.createElement('div');
          launcher = createLauncher(document, { open: () => void openPanel(), toggleSaved });
          root.append(launcher.element);
          container.append(root);
          drawLauncher();
          // The launcher is in the DOM now; the task after the next frame runs once that frame painted.
          if (!launcherPainted) {
            launcherPainted = true;
            requestAnimationFrame(() => setTimeout(() => performance.mark('haowu:launcher-painted')));
          }
          return root;
        },
        onRemove: () => {
          closePanel(false);
          root = null;
          launcher = null;
        },
      }).then((created) => {
        created.mount();
        return created;
      });

    const unmount = async () => {
      showPickCount(0);
      stateKey = '';
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
      if (!read) {
        product = null;
        return unmount();
      }
      // The content script carries no validator: the background checks what the page says against
      // the product schema (one round trip, nothing stored), and only a product it accepted is shown.
      const signature = JSON.stringify(read);
      if (signature !== checkedCandidate) {
        const checked = await withRetry(() => request('checkProduct', read as DetectedProduct));
        if (read !== candidate) return; // the page moved on meanwhile
        if (!checked.ok) {
          console.info('[haowu] nothing shown on this page:', checked.error.message);
          product = null;
          checkedCandidate = '';
          return unmount();
        }
        checkedCandidate = signature;
        settings = checked.value;
        product = read as DetectedProduct;
      }
      if (!product || !settings || !overlayWanted(settings, product)) return unmount();
      // Recorded (last price seen) only where the user wants Haowu, and not before the launcher.
      if (recordedCandidate !== signature) {
        recordedCandidate = signature;
        const seen = product;
        void withRetry(() => request('recordProductSeen', seen)).then((result) => {
          if (!result.ok) console.warn('[haowu] could not record this product:', result.error.message);
        });
      }
      if (stateKey !== product.key) {
        stateKey = product.key;
        state = EMPTY;
        void loadState(product);
      }
      if (!root) {
        ui ??= mountUi();
        return;
      }
      drawLauncher();
      panel?.mounted.update(panelProps());
    };

    const loadSettings = async (): Promise<void> => {
      const loaded = await withRetry(() => request('getSettings', undefined));
      if (loaded.ok) settings = loaded.value;
      else console.warn('[haowu] could not read settings:', loaded.error.message);
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
      ctx.onInvalidated(toContent.onMessage('toggleOverlay', () => (panel ? closePanel(true) : void openPanel())));
      ctx.onInvalidated(toContent.onMessage('openRecommendForm', () => void openPanel(true)));
    };

    const onProduct = async (next: ProductCandidate | null) => {
      candidate = next;
      // Settings come with the product check, only once a product page is found: other pages cost a
      // URL check only.
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
