import { render } from 'preact';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { z } from 'zod';
import { Overlay } from '../../components/Overlay';
import { detectProduct, matchProductUrl } from '../../utils/detect-product';
import { partnerStoreMatchPatterns } from '../../utils/stores/partner-hosts';
import './style.css';

export default defineContentScript({
  matches: partnerStoreMatchPatterns(),
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  async main(ctx) {
    // Not a product page: the URL check is all the work Haowu does here.
    if (!matchProductUrl(new URL(location.href))) return;
    z.config({ jitless: true });
    const product = detectProduct(document, new URL(location.href));
    if (!product) return;
    const ui = await createShadowRootUi(ctx, {
      name: 'haowu-overlay',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container) => {
        render(<Overlay product={product} />, container);
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    ui.mount();
  },
});
