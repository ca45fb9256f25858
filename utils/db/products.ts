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

/** Upserts a product seen on its page; a price change appends a history point. One transaction (with the saved item's copy). */
export async function recordProductSeen(db: HaowuDb, seen: DetectedProduct, now = Date.now()): Promise<ProductRecord> {
  const tx = db.transaction(PRODUCT_WRITE_STORES, 'readwrite');
  const merged = mergeSeenProduct(await tx.objectStore('products').get(seen.key), seen, now);
  await Promise.all([putProductsIn(tx, [merged]), tx.done]);
  return merged;
}

export const getProduct = (db: HaowuDb, key: string): Promise<ProductRecord | undefined> => db.get('products', key);

/** The store a cart line for this product is checked out at. */
export const storeOf = (product: Pick<ProductRecord, 'platform' | 'storeDomain'>): string =>
  product.platform === 'site' ? product.storeDomain : product.platform;
