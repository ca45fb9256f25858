import type { PickEntry } from '../db/picks';

/*
 * The expert page's list, searched and filtered in memory (one load, no message per keystroke), and
 * small helpers the expert page and the Picks tab share. Pure.
 */

/** `ed25519:ab12…cd34`: one helper for every UI (utils/expert/short-fingerprint.ts). */
export { shortFingerprint } from '../expert/short-fingerprint';

const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * The picks whose title, reason, tags, stock note or store (by id or by name) contain every word of
 * `text`, at `store` ('' for all), in the order given.
 */
export function filterPicks(picks: readonly PickEntry[], { text, store }: { text: string; store: string }, nameOfStore: (store: string) => string = (s) => s): PickEntry[] {
  const words = fold(text).split(/\s+/).filter(Boolean);
  return picks.filter((entry) => {
    if (store !== '' && entry.store !== store) return false;
    if (words.length === 0) return true;
    const { recommendation: r } = entry;
    const haystack = fold([r.snapshot.title, r.reason, r.stockNote ?? '', ...r.tags, entry.store, nameOfStore(entry.store)].join('\n'));
    return words.every((word) => haystack.includes(word));
  });
}

/** The stores these picks are at, sorted. */
export const storesOfPicks = (picks: readonly PickEntry[]): string[] => [...new Set(picks.map((entry) => entry.store))].sort();
