import { render } from 'preact';
import type { OverlayPanel } from '../../utils/overlay/panel-api';
import { OverlayApp } from './OverlayApp';

/**
 * The panel as the content script mounts it: rendered into a container inside the overlay's closed
 * shadow root, its stylesheet added to that root once. The panel's script provides this (entrypoints/
 * overlay-panel); unit tests mount the same.
 */
export function overlayPanel(css: string): OverlayPanel {
  /** The panel's stylesheet in the overlay's root, once. */
  const addStyle = (root: Node) => {
    // A shadow root (a document fragment); instanceof is unreliable across Firefox's content-script wrappers.
    if (root.nodeType !== Node.DOCUMENT_FRAGMENT_NODE || (root as ShadowRoot).querySelector('style[data-haowu-panel]')) return;
    const style = document.createElement('style');
    style.dataset.haowuPanel = '';
    style.textContent = css;
    (root as ShadowRoot).append(style);
  };
  return {
    prepare: addStyle,
    mount(container, props) {
      addStyle(container.getRootNode());
      render(<OverlayApp {...props} />, container);
      return {
        update: (next) => render(<OverlayApp {...next} />, container),
        unmount: () => render(null, container),
      };
    },
  };
}
