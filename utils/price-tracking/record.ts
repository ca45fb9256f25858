import type { HaowuDb } from '../db/open';
import { PRODUCT_WRITE_STORES, putProductsIn } from '../db/saved-copy';
import { MAX_PRICE_HISTORY, type ProductRecord } from '../db/schema';
import type { Price } from '../product';

/*
 * Writing a background check's price to the product (issue 17). Only a price that was read is ever
 * written: a failed check changes nothing here (the old price stays, nothing is recorded as 0).
 */

const samePrice = (a: Price | null, b: Price | null) =>
  a === b || (a !== null && b !== null && a.currency === b.currency && a.minMinor === b.minMinor && a.maxMinor === b.maxMinor);

/** The product after a check read `price` at `now`: a point (source 'check') when the price changed. Pure. */
export function mergeCheckedPrice(product: ProductRecord, price: Price, now: number): ProductRecord {
  if (samePrice(product.lastPrice, price)) return product;
  return {
    ...product,
    lastPrice: price,
    priceHistory: [...product.priceHistory, { at: now, price, source: 'check' as const }].slice(-MAX_PRICE_HISTORY),
    updatedAt: now,
  };
}

/** Records a checked price in one transaction (with a saved item's copy); returns the product before and after (null when it is gone). */
export async function recordCheckedPrice(db: HaowuDb, key: string, price: Price, now: number): Promise<{ before: ProductRecord; after: ProductRecord } | null> {
  const tx = db.transaction(PRODUCT_WRITE_STORES, 'readwrite');
  const before = await tx.objectStore('products').get(key);
  if (!before) {
    await tx.done;
    return null;
  }
  const after = mergeCheckedPrice(before, price, now);
  if (after !== before) await putProductsIn(tx, [after]);
  await tx.done;
  return { before, after };
}
