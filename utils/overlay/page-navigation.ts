/*
 * In-page navigation (history.pushState, replaceState, back and forward) on a store page, and whether
 * the shopper started it. Both are read from events only the browser can fire: a page script can
 * change its URL at will, but it cannot make a trusted click, key press or browser-initiated navigation.
 */

/** How long after the shopper's own click or key an in-page navigation counts as theirs. */
export const USER_INTENT_MS = 10_000;

type NavigationLike = EventTarget & { currentEntry?: unknown };

/** The Navigation API where the browser offers it in this (isolated) world. */
const navigationOf = (window: Window): NavigationLike | null => {
  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  return navigation && typeof navigation.addEventListener === 'function' ? navigation : null;
};

export interface UserIntent {
  /**
   * True once for each click, key press or browser-started navigation of the shopper's in the last
   * USER_INTENT_MS: the in-page navigation it led to may show (and record) the new product.
   */
  take: () => boolean;
  stop: () => void;
}

export function watchUserIntent(window: Window, now: () => number = Date.now): UserIntent {
  let lastInput: number | null = null;
  const onInput = (event: Event) => {
    if (event.isTrusted) lastInput = now();
  };
  // `userInitiated`: the back/forward buttons, a link the shopper followed (not history.back() in a script).
  const onNavigate = (event: Event) => {
    if (event.isTrusted && (event as Event & { userInitiated?: boolean }).userInitiated === true) lastInput = now();
  };
  const options = { capture: true, passive: true } as const;
  window.addEventListener('pointerdown', onInput, options);
  window.addEventListener('keydown', onInput, options);
  const navigation = navigationOf(window);
  navigation?.addEventListener('navigate', onNavigate);
  return {
    take: () => {
      const fresh = lastInput !== null && now() - lastInput <= USER_INTENT_MS;
      lastInput = null;
      return fresh;
    },
    stop: () => {
      window.removeEventListener('pointerdown', onInput, options);
      window.removeEventListener('keydown', onInput, options);
      navigation?.removeEventListener('navigate', onNavigate);
    },
  };
}

/**
 * How each product read on this document came to be shown: the first with the page's load; a move to
 * another product as the shopper's only when they clicked or pressed a key just before (spending that
 * intent); otherwise as the page's own doing. A re-read of the same product (a late price, a
 * re-render) leaves the intent for the move it led to.
 */
export function trackArrivals(intent: Pick<UserIntent, 'take'>): (product: { key: string } | null) => 'load' | 'user' | 'page' {
  let loaded = false;
  let lastKey: string | null = null;
  return (product) => {
    const moved = product !== null && product.key !== lastKey;
    const arrival = !loaded ? 'load' : moved && intent.take() ? 'user' : 'page';
    if (product) loaded = true;
    lastKey = product?.key ?? null;
    return arrival;
  };
}

export interface UrlWatchOptions {
  /** Where no event tells of URL changes (no Navigation API): how often to compare the URL. */
  pollMs?: number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/**
 * Calls `listener` after the page's URL changed in place. The Navigation API's `currententrychange`
 * fires after the change committed, for pushState and replaceState as well as back and forward
 * (`navigate` fires before, with the old location still in place). `popstate` covers back and forward
 * where that API is missing; only there is the URL compared on a timer, as nothing else reports
 * pushState to a content script.
 */
export function watchUrlChanges(window: Window, listener: () => void, options: UrlWatchOptions = {}): () => void {
  let last = window.location.href;
  const check = (event?: Event) => {
    if (event && !event.isTrusted) return;
    if (window.location.href === last) return;
    last = window.location.href;
    listener();
  };
  const navigation = navigationOf(window);
  window.addEventListener('popstate', check);
  if (navigation) {
    navigation.addEventListener('currententrychange', check);
    return () => {
      window.removeEventListener('popstate', check);
      navigation.removeEventListener('currententrychange', check);
    };
  }
  const { pollMs = 1000, setInterval: every = (callback, ms) => window.setInterval(callback, ms), clearInterval: cancel = (handle) => window.clearInterval(handle as number) } = options;
  const poll = every(() => check(), pollMs);
  return () => {
    window.removeEventListener('popstate', check);
    cancel(poll);
  };
}
