/*
 * The element Haowu's launcher and panel live in, on a store page that is hostile ground.
 *
 * - Its shadow root is closed: `element.shadowRoot` is null to the page, so page scripts cannot read
 *   the picks, the saved state or the forms, nor reach a button to click it. Only this module holds
 *   the root.
 * - Its own inline style resets every property with `!important`, which no stylesheet of the page
 *   can override, so a page rule cannot hide it, shrink it or make it clip what it holds.
 * - When the page removes it or changes its attributes (hidden, inert, style…), it is put back as it
 *   was, a bounded number of times (a page fighting back in a loop must not hang itself and Haowu).
 *
 * What the page can still see: that an element named `haowu-overlay` with a closed shadow root is at
 * the end of its body, its position and size on screen, and that it takes clicks. It can cover it
 * with its own top-layer elements; it cannot read, drive or change it.
 */

export const HOST_TAG = 'haowu-overlay';

// `all: initial` first, then what the host itself needs; every declaration important.
const HOST_STYLE = [
  'all: initial !important',
  'display: block !important',
  'position: static !important',
  'visibility: visible !important',
  'opacity: 1 !important',
  'contain: none !important',
  'transform: none !important',
  'filter: none !important',
  'clip-path: none !important',
  'mask: none !important',
  'pointer-events: auto !important',
].join('; ');

/** How many times the host is put back after the page removed or changed it. */
export const MAX_RESTORES = 50;

export interface ShadowHost {
  /** Where the overlay's content goes: a container inside the closed shadow root. */
  container: HTMLElement;
  /** The closed root (for the panel's stylesheet); never exposed to the page. */
  root: ShadowRoot;
  remove: () => void;
}

export function attachShadowHost(document: Document, css: string): ShadowHost {
  // A host left by an earlier copy of the content script (extension updated under the page), or a
  // decoy the page made: either way not ours to keep.
  for (const stale of document.querySelectorAll(HOST_TAG)) stale.remove();

  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  const container = document.createElement('div');
  root.append(style, container);

  const resetAttributes = () => {
    for (const name of host.getAttributeNames()) if (name !== 'style') host.removeAttribute(name);
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
  };
  const place = () => (document.body ?? document.documentElement).append(host);
  resetAttributes();
  place();

  let removed = false;
  let restores = 0;
  const observer = new MutationObserver(() => {
    if (removed) return;
    const displaced = !host.isConnected;
    const altered = host.getAttributeNames().some((name) => name !== 'style') || host.getAttribute('style') !== HOST_STYLE;
    if (!displaced && !altered) return;
    if (restores >= MAX_RESTORES) {
      console.warn('[haowu] this page keeps removing or changing Haowu; it stays as the page left it');
      observer.disconnect();
      return;
    }
    restores++;
    if (altered) resetAttributes();
    if (displaced) place();
    watch();
  });
  const watch = () => {
    observer.disconnect();
    observer.observe(host, { attributes: true });
    if (host.parentNode) observer.observe(host.parentNode, { childList: true });
    observer.observe(document.documentElement, { childList: true });
  };
  watch();

  return {
    container,
    root,
    remove: () => {
      removed = true;
      observer.disconnect();
      host.remove();
    },
  };
}
