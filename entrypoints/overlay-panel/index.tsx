import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { OverlayApp } from '../../components/overlay/OverlayApp';
import { providePanel } from '../../utils/overlay/panel-api';
// Inlined and added to the overlay's shadow root: the panel ships as one file, and no stylesheet is
// web-accessible for sites to probe.
import panelCss from './style.css?inline';

/*
 * The overlay's panel, injected by the background into the store page's isolated world the first time
 * the shopper opens it (see utils/overlay/panel-api.ts). Product pages that are only looked at never
 * load it: the content script draws the launcher alone.
 */
export default defineUnlistedScript(() => {
  providePanel({
    mount(container, props) {
      const root = container.getRootNode();
      // A shadow root (a document fragment); instanceof is unreliable across Firefox's content-script wrappers.
      if (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE && !(root as ShadowRoot).querySelector('style[data-haowu-panel]')) {
        const style = document.createElement('style');
        style.dataset.haowuPanel = '';
        style.textContent = panelCss;
        (root as ShadowRoot).append(style);
      }
      render(<OverlayApp {...props} />, container);
      return {
        update: (next) => render(<OverlayApp {...next} />, container),
        unmount: () => render(null, container),
      };
    },
  });
});
