import type { CartRecord, ProductRecord, RecommendationRecord } from '../db/schema';

export interface CartEntry {
  line: CartRecord;
  product: ProductRecord | null;
  recommendation: RecommendationRecord | null;
}

export interface StoreGroup {
  store: string;
  entries: CartEntry[];
  /** One subtotal per currency: amounts in different currencies are never added together. */
  subtotals: { currency: string; minMinor: number; maxMinor: number }[];
  /** Lines whose price is unknown, left out of the subtotals (the UI says so). */
  unpriced: number;
}

/** Groups cart lines by store (stores in order of their newest line) and totals each per currency. */
export function groupCartByStore(entries: readonly CartEntry[]): StoreGroup[] {
  const groups = new Map<string, StoreGroup>();
  const sorted = [...entries].sort((a, b) => b.line.addedAt - a.line.addedAt || a.line.productKey.localeCompare(b.line.productKey));
  for (const entry of sorted) {
    let group = groups.get(entry.line.store);
    if (!group) {
      group = { store: entry.line.store, entries: [], subtotals: [], unpriced: 0 };
      groups.set(entry.line.store, group);
    }
    group.entries.push(entry);
    const price = entry.product?.lastPrice;
    if (!price) {
      group.unpriced++;
      continue;
    }
    let subtotal = group.subtotals.find((candidate) => candidate.currency === price.currency);
    if (!subtotal) {
      subtotal = { currency: price.currency, minMinor: 0, maxMinor: 0 };
      group.subtotals.push(subtotal);
    }
    subtotal.minMinor += price.minMinor * entry.line.quantity;
    subtotal.maxMinor += price.maxMinor * entry.line.quantity;
  }
  return [...groups.values()];
}
