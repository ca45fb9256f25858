import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * Whether an event may act. On a store page the panel accepts only the shopper's own events
 * (`isTrusted`): a page script can dispatch clicks, key presses and submits, but not trusted ones.
 * Haowu's own pages (popup, Studio) accept every event; no other script runs there.
 */
export const EventGuard = createContext<(event: Event) => boolean>(() => true);

export const useEventGuard = () => useContext(EventGuard);
