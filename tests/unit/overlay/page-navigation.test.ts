import { afterEach, describe, expect, it, vi } from 'vitest';
import { USER_INTENT_MS, trackArrivals, watchUrlChanges, watchUserIntent } from '../../../utils/overlay/page-navigation';

/** A stand-in for the Navigation API: an event target whose events a test fires as the browser would. */
class FakeNavigation extends EventTarget {}

function withNavigation(navigation: FakeNavigation | undefined) {
  Object.defineProperty(window, 'navigation', { value: navigation, configurable: true, writable: true });
}

/** An event as the browser would fire it (happy-dom marks none as trusted). */
function trusted<E extends Event>(event: E, extra: Record<string, unknown> = {}): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  for (const [key, value] of Object.entries(extra)) Object.defineProperty(event, key, { value });
  return event;
}

afterEach(() => {
  withNavigation(undefined);
  history.replaceState(null, '', '/');
});

describe('the shopper’s intent to navigate', () => {
  it('counts only the shopper’s own input, once, and only for a while', () => {
    let now = 1000;
    const intent = watchUserIntent(window, () => now);
    expect(intent.take()).toBe(false);
    window.dispatchEvent(new PointerEvent('pointerdown'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(intent.take()).toBe(false);
    window.dispatchEvent(trusted(new PointerEvent('pointerdown')));
    expect(intent.take()).toBe(true);
    expect(intent.take()).toBe(false);
    window.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Enter' })));
    now += USER_INTENT_MS + 1;
    expect(intent.take()).toBe(false);
    intent.stop();
    window.dispatchEvent(trusted(new PointerEvent('pointerdown')));
    expect(intent.take()).toBe(false);
  });

  it('counts the browser’s back button (a user-initiated navigate), not a script’s history.back()', () => {
    const navigation = new FakeNavigation();
    withNavigation(navigation);
    const intent = watchUserIntent(window, () => 0);
    navigation.dispatchEvent(trusted(new Event('navigate'), { userInitiated: false }));
    expect(intent.take()).toBe(false);
    navigation.dispatchEvent(trusted(new Event('navigate'), { userInitiated: true }));
    expect(intent.take()).toBe(true);
    intent.stop();
  });
});

describe('in-page URL changes', () => {
  it('are told by the Navigation API’s committed entry change, with no timer', () => {
    const navigation = new FakeNavigation();
    withNavigation(navigation);
    const every = vi.fn();
    const listener = vi.fn();
    const stop = watchUrlChanges(window, listener, { setInterval: every });
    history.pushState(null, '', '/item.htm?id=2');
    // A page's own (untrusted) event is not the browser's word.
    navigation.dispatchEvent(new Event('currententrychange'));
    expect(listener).not.toHaveBeenCalled();
    navigation.dispatchEvent(trusted(new Event('currententrychange')));
    navigation.dispatchEvent(trusted(new Event('currententrychange')));
    expect(listener).toHaveBeenCalledOnce();
    expect(every).not.toHaveBeenCalled();
    stop();
    history.pushState(null, '', '/item.htm?id=3');
    navigation.dispatchEvent(trusted(new Event('currententrychange')));
    expect(listener).toHaveBeenCalledOnce();
  });

  it('fall back to comparing the URL on a timer only where that API is missing', () => {
    withNavigation(undefined);
    let tick: () => void = () => {};
    const cancel = vi.fn();
    const listener = vi.fn();
    const stop = watchUrlChanges(window, listener, { setInterval: (callback) => ((tick = callback), 7), clearInterval: cancel });
    tick();
    expect(listener).not.toHaveBeenCalled();
    history.pushState(null, '', '/item.htm?id=4');
    tick();
    tick();
    expect(listener).toHaveBeenCalledOnce();
    stop();
    expect(cancel).toHaveBeenCalledWith(7);
  });
});

describe('how each product read came to be shown', () => {
  it('first with the load, then by the shopper only when a click preceded the move, and re-reads spend nothing', () => {
    let tokens = 0;
    const intent = { take: vi.fn(() => (tokens > 0 ? (tokens--, true) : false)) };
    const arrival = trackArrivals(intent);
    expect(arrival(null)).toBe('load');
    expect(arrival({ key: 'tmall:1' })).toBe('load');
    tokens = 1;
    // A re-render of the same product after the click: the click is kept for the move.
    expect(arrival({ key: 'tmall:1' })).toBe('page');
    expect(intent.take).not.toHaveBeenCalled();
    expect(arrival({ key: 'tmall:2' })).toBe('user');
    expect(arrival({ key: 'tmall:3' })).toBe('page');
    expect(arrival(null)).toBe('page');
    tokens = 1;
    expect(arrival({ key: 'tmall:3' })).toBe('user');
  });
});
