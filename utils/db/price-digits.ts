import type { IDBPTransaction, StoreNames } from 'idb';
import { minorDigits } from '../currency-digits';
import type { Price } from '../product';
import type { HaowuSchema } from './schema';

/*
 * Prices stored before currency digits had one source (utils/currency-digits.ts) were parsed with a
 * shorter table in which every currency not listed had two digits. For 23 currencies written without
 * decimals (IDR, HUF, COP, PKR, …) those records hold hundredths, and for IQD thousandths: 100× and
 * 1000× what they mean now. The old parser multiplied by exactly that power of ten, so dividing by it
 * gives the amount the page showed. Every other currency is unchanged.
 *
 * Records this applies to: products (lastPrice, priceHistory), recommendations (snapshot price) and
 * purchases (unitPrice). A recommendation from a feed is stored again from the feed at each refresh: a
 * feed signed by an older Haowu still carries the old units until its expert publishes again.
 */

/** The digits of the old parser table (utils/price.ts until this change). Frozen: never edit. */
const OLD_DIGITS: Readonly<Record<string, number>> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
};

/** What one old minor unit is worth in today's minor units: 1 for most currencies, 1/100 for IDR. */
const oldToNew = (currency: string): number => 10 ** (minorDigits(currency) - (OLD_DIGITS[currency] ?? 2));

/** A price stored with the old table, in today's minor units (the same object when nothing changes). */
export function priceInCurrentDigits<P extends Price | null>(price: P): P {
  if (price === null) return price;
  const factor = oldToNew(price.currency);
  if (factor === 1) return price;
  return { ...price, minMinor: Math.round(price.minMinor * factor), maxMinor: Math.round(price.maxMinor * factor) };
}

/** The currencies whose stored prices change (for tests and the README). */
export const CURRENCIES_WITH_NEW_DIGITS = (codes: readonly string[]): string[] => codes.filter((code) => oldToNew(code) !== 1);

type PriceStores = 'products' | 'recommendations' | 'purchases';

/**
 * Rewrites every stored price into today's minor units, in `tx` (a database upgrade's, or a readwrite
 * transaction over the three stores). Run it once per database: it cannot tell converted from old.
 */
export async function convertStoredPrices<Stores extends StoreNames<HaowuSchema>>(
  tx: IDBPTransaction<HaowuSchema, (Stores | PriceStores)[], 'readwrite' | 'versionchange'>,
): Promise<number> {
  let changed = 0;
  const products = tx.objectStore('products');
  for (let cursor = await products.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = cursor.value;
    const lastPrice = priceInCurrentDigits(record.lastPrice);
    const priceHistory = record.priceHistory.map((point) => ({ ...point, price: priceInCurrentDigits(point.price) }));
    if (lastPrice !== record.lastPrice || priceHistory.some((point, i) => point.price !== record.priceHistory[i]?.price)) {
      await cursor.update({ ...record, lastPrice, priceHistory });
      changed++;
    }
  }
  const recommendations = tx.objectStore('recommendations');
  for (let cursor = await recommendations.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = cursor.value;
    const price = priceInCurrentDigits(record.snapshot.price);
    if (price !== record.snapshot.price) {
      await cursor.update({ ...record, snapshot: { ...record.snapshot, price } });
      changed++;
    }
  }
  const purchases = tx.objectStore('purchases');
  for (let cursor = await purchases.openCursor(); cursor; cursor = await cursor.continue()) {
    const record = cursor.value;
    const unitPrice = priceInCurrentDigits(record.unitPrice);
    if (unitPrice !== record.unitPrice) {
      await cursor.update({ ...record, unitPrice });
      changed++;
    }
  }
  return changed;
}
