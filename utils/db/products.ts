import type { DetectedProduct, Price } from '../product';
import type { HaowuDb } from './open';
import { PRODUCT_WRITE_STORES, putProductsIn } from './saved-copy';
import { MAX_PRICE_HISTORY, type ProductRecord } from './schema';

export const samePrice = (a: Price | null, b: Price | null): boolean =>
  a === b || (a !== null && b !== null && a.currency === b.currency && a.minMinor === b.minMinor && a.maxMinor === b.maxMinor);

/** The product as it should be stored after being seen at `now`; pure so it can be tested on its own. */
export function mergeSeenProduct(existing: ProductRecord | undefined, seen: DetectedProduct, now: number): ProductRecord {
  const priceChanged = !existing || !samePrice(existing.lastPrice, seen.price);
  const history = existing?.priceHistory ?? [];
  return {
    key: seen.key,
    platform: seen.platform,
    productId: seen.productId,
    canonicalUrl: seen.canonicalUrl,
    title: seen.title,
    imageUrl: seen.imageUrl ?? existing?.imageUrl ?? null,
    shopName: seen.shopName ?? existing?.shopName ?? null,
    storeDomain: seen.storeDomain,
    lastPrice: seen.price,
    priceHistory: priceChanged ? [...history, { at: now, price: seen.price, source: 'visit' as const }].slice(-MAX_PRICE_HISTORY) : history,
    firstSeenAt: existing?.firstSeenAt ?? now,
    lastSeenAt: now,
    updatedAt: now,
  };
}

/**
 * Upserts a product seen on its page; a price change appends a history point. One transaction (with the
 * saved item's copy). The record before (if any) and after: a visit compares them for price alerts.
 */
export async function recordSeenProduct(db: HaowuDb, seen: DetectedProduct, now = Date.now()): Promise<{ before: ProductRecord | undefined; after: ProductRecord }> {
  const tx = db.transaction(PRODUCT_WRITE_STORES, 'readwrite');
  const before = await tx.objectStore('products').get(seen.key);
  const after = mergeSeenProduct(before, seen, now);
  await Promise.all([putProductsIn(tx, [after]), tx.done]);
  return { before, after };
}

/** Upserts a product seen on its page (recordSeenProduct); the record as stored. */
export const recordProductSeen = async (db: HaowuDb, seen: DetectedProduct, now = Date.now()): Promise<ProductRecord> => (await recordSeenProduct(db, seen, now)).after;

export const getProduct = (db: HaowuDb, key: string): Promise<ProductRecord | undefined> => db.get('products', key);

/** The store a cart line for this product is checked out at. */
export const storeOf = (product: Pick<ProductRecord, 'platform' | 'storeDomain'>): string =>
  product.platform === 'site' ? product.storeDomain : product.platform;
