import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { z } from 'zod';
import { Overlay } from '../../components/Overlay';
import type { DetectedProduct } from '../../utils/product';
import { partnerStoreMatchPatterns } from '../../utils/stores/partner-hosts';
import { watchProduct } from '../../utils/watch-product';
import './style.css';

export default defineContentScript({
  matches: partnerStoreMatchPatterns(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    z.config({ jitless: true });
    let latest: DetectedProduct | null = null;
    let container: HTMLElement | null = null;
    let ui: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;

    const mountUi = () =>
      createShadowRootUi(ctx, {
        name: 'haowu-overlay',
        position: 'inline',
        anchor: 'body',
        append: 'last',
        onMount: (root) => {
          container = root;
          if (latest) render(<Overlay product={latest} />, root);
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

    // One shadow-root UI for the page's lifetime: updated in place when the product changes (late price,
    // in-page navigation), removed when the page stops being a product page.
    const show = async (product: DetectedProduct | null) => {
      latest = product;
      if (product && container) render(<Overlay product={product} />, container);
      else if (product) ui ??= mountUi();
      else if (ui) {
        const mounted = ui;
        ui = null;
        (await mounted).remove();
      }
    };

    // On a page that is not a product page this is only a URL check (and again on in-page navigation).
    const stop = watchProduct({
      document,
      currentUrl: () => new URL(location.href),
      onUrlChange: (listener) => {
        const onChange = () => listener();
        ctx.addEventListener(window, 'wxt:locationchange', onChange);
        return () => window.removeEventListener('wxt:locationchange', onChange);
      },
      onProduct: (product) => void show(product),
    });
    ctx.onInvalidated(stop);
  },
});
