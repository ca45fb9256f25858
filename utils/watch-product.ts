import { matchStoreUrl, readProduct, type ProductCandidate } from './read-product';
import type { DetectOptions } from './stores/store';

export interface WatchProductOptions {
  document: Document;
  /** The page's current address (location.href in the content script). */
  currentUrl: () => URL;
  /** Subscribes to in-page navigation (WXT's `wxt:locationchange`); returns an unsubscribe. */
  onUrlChange: (listener: () => void) => () => void;
  /**
   * Called with the product whenever it changes, and with null when the page stops being a product page.
   * The product is as read from the page, not yet validated: the receiver validates it (the content
   * script by handing it to the background).
   */
  onProduct: (product: ProductCandidate | null) => void;
  detect?: DetectOptions;
  /** How long to keep re-reading the product area for late data (JD fills its price, and title, after load). */
  settleMs?: number;
  /** At most one re-read per this many milliseconds while the page mutates. */
  throttleMs?: number;
}

/**
 * Keeps the detected product in step with the page: reads it now, re-reads on mutations in the product
 * area (throttled) until the price appears or `settleMs` pass, on in-page navigation, and when the product
 * area is replaced. On a page that is not a product page it does the URL check and nothing else.
 * Returns a function that stops watching.
 */
export function watchProduct(options: WatchProductOptions): () => void {
  const { document, currentUrl, onProduct, detect = {}, settleMs = 3000, throttleMs = 250 } = options;
  let lastEmitted = 'null';
  let area: Element | null = null;
  let areaSelector = '';
  let settling = false;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let throttleTimer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | null = null;

  const emit = (product: ProductCandidate | null): void => {
    // Compare by value: a re-read that finds the same product must not redraw the overlay.
    const signature = JSON.stringify(product);
    if (signature === lastEmitted) return;
    lastEmitted = signature;
    onProduct(product);
  };

  const stopObserving = (): void => {
    observer?.disconnect();
    observer = null;
    clearTimeout(settleTimer);
    clearTimeout(throttleTimer);
    throttleTimer = undefined;
    settling = false;
  };

  const check = (): void => {
    const url = currentUrl();
    const found = matchStoreUrl(url, detect);
    if (!found) {
      stopObserving();
      emit(null);
      return;
    }
    const reading = readProduct(document, url, detect);
    const product = reading.candidate;
    emit(product);
    areaSelector = found.store.productArea;
    area = document.querySelector(areaSelector);
    // Settled once the page states its price and names the product itself: a title still taken from
    // <title> means the product block has not rendered yet (JD's 2026 layout renders both late).
    if (product?.price && reading.sources.title !== 'title') {
      settling = false;
      clearTimeout(settleTimer);
    }
    if (!observer) {
      observer = new MutationObserver(onMutations);
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    }
  };

  const schedule = (): void => {
    if (throttleTimer !== undefined) return;
    throttleTimer = setTimeout(() => {
      throttleTimer = undefined;
      check();
    }, throttleMs);
  };

  function onMutations(records: MutationRecord[]): void {
    // The product area was replaced (a re-render or in-page navigation): read it again.
    if (area && !area.isConnected) return schedule();
    if (!settling) return;
    if (!area || records.some((record) => area!.contains(record.target))) schedule();
  }

  const startPage = (): void => {
    clearTimeout(settleTimer);
    if (!matchStoreUrl(currentUrl(), detect)) {
      stopObserving();
      emit(null);
      return;
    }
    settling = true;
    settleTimer = setTimeout(() => {
      settling = false;
    }, settleMs);
    check();
  };

  const unsubscribe = options.onUrlChange(startPage);
  startPage();
  return () => {
    unsubscribe();
    stopObserving();
  };
}
