import type { Price } from '../product';

export type PriceChange = { direction: 'up' | 'down' | 'same'; percent: number } | null;

/**
 * Today's price against the price when recommended, compared at the low end of each (the price a
 * shopper can actually get). `null` when either is unknown or the currencies differ: Haowu never
 * compares amounts in different currencies.
 */
export function priceChange(then: Price | null, now: Price | null): PriceChange {
  if (!then || !now || then.currency !== now.currency || then.minMinor === 0) return null;
  const delta = now.minMinor - then.minMinor;
  const percent = Math.round((Math.abs(delta) / then.minMinor) * 100);
  if (delta === 0) return { direction: 'same', percent: 0 };
  return { direction: delta > 0 ? 'up' : 'down', percent };
}
