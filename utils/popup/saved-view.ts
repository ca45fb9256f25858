import type { ExpertRecord, ProductRecord, SavedRecord } from '../db/schema';
import type { Price } from '../product';
import { priceChange, type PriceChange } from '../overlay/price-change';

export interface SavedEntry {
  saved: SavedRecord;
  /** Null when the product was saved but its page never read (e.g. restored from another device's backup). */
  product: ProductRecord | null;
  expert: ExpertRecord | null;
}

export type SavedSort = 'newest' | 'price-low' | 'price-high' | 'biggest-drop';

export interface SavedQuery {
  text: string;
  /** Store (platform, or domain for other stores); '' for all. */
  store: string;
  sort: SavedSort;
}

/** The price when the item was saved: the last history point at or before that moment. */
export function priceWhenSaved(entry: SavedEntry): Price | null {
  if (!entry.product) return null;
  let found: Price | null = null;
  for (const point of entry.product.priceHistory) {
    if (point.at > entry.saved.savedAt) break;
    found = point.price;
  }
  return found ?? entry.product.priceHistory[0]?.price ?? null;
}

export function changeSinceSaved(entry: SavedEntry): PriceChange {
  return priceChange(priceWhenSaved(entry), entry.product?.lastPrice ?? null);
}

export const storeOf = (product: ProductRecord) => (product.platform === 'site' ? product.storeDomain : product.platform);

/** The store of a saved item; without a product record, the platform in its key ('platform:id'). */
export const storeOfEntry = (entry: SavedEntry): string => (entry.product ? storeOf(entry.product) : entry.saved.productKey.slice(0, entry.saved.productKey.indexOf(':')));

/** Every store among the entries, for the store filter, in alphabetical order. */
export const storesOf = (entries: readonly SavedEntry[]): string[] => [...new Set(entries.map(storeOfEntry))].sort();

/** Signed drop in percent: positive when the price fell (for sorting by biggest drop). */
function dropPercent(entry: SavedEntry): number {
  const change = changeSinceSaved(entry);
  if (!change || change.direction === 'same') return 0;
  return change.direction === 'down' ? change.percent : -change.percent;
}

/** Search by title, shop, store or the user's own note (case-insensitive, any order of words), filter by store, sort. */
export function querySaved(entries: readonly SavedEntry[], query: SavedQuery): SavedEntry[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = entries.filter((entry) => {
    if (query.store && storeOfEntry(entry) !== query.store) return false;
    if (words.length === 0) return true;
    const { product } = entry;
    const haystack = `${product ? `${product.title} ${product.shopName ?? ''} ${product.storeDomain}` : entry.saved.productKey} ${entry.saved.note}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
  const price = (entry: SavedEntry) => entry.product?.lastPrice?.minMinor;
  const byNewest = (a: SavedEntry, b: SavedEntry) => b.saved.savedAt - a.saved.savedAt || a.saved.productKey.localeCompare(b.saved.productKey);
  switch (query.sort) {
    case 'newest':
      return matches.sort(byNewest);
    case 'price-low':
    case 'price-high': {
      const direction = query.sort === 'price-low' ? 1 : -1;
      // Unknown prices go last either way.
      return matches.sort((a, b) => {
        const pa = price(a);
        const pb = price(b);
        if (pa === undefined || pb === undefined) return (pa === undefined ? 1 : 0) - (pb === undefined ? 1 : 0) || byNewest(a, b);
        return (pa - pb) * direction || byNewest(a, b);
      });
    }
    case 'biggest-drop':
      return matches.sort((a, b) => dropPercent(b) - dropPercent(a) || byNewest(a, b));
  }
}
