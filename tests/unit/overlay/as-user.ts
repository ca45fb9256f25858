/*
 * happy-dom marks no event as trusted (`isTrusted` is undefined), so the overlay's default guard
 * refuses every event here, as it refuses a store page's synthetic ones. Tests hand the overlay this
 * guard instead: it accepts exactly the events dispatched inside `asUser`, standing in for the
 * shopper's own input; anything else (a plain `element.click()`, a page script) stays refused.
 */
import { act } from '@testing-library/preact';

let acting = false;

export const acceptUserEvents = (_event: Event): boolean => acting;

export function asUser<T>(act: () => T): T {
  acting = true;
  try {
    return act();
  } finally {
    acting = false;
  }
}

/** The shopper's click; Preact's re-render is flushed before it returns (Testing Library's act). */
export const userClick = (element: Element): void => asUser(() => void act(() => (element as HTMLElement).click()));
