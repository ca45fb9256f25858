import { HaowuError } from '../errors';
import type { HaowuDb } from './open';
import { pickById } from './pick-chunks';
import { isLive } from './recommendations';
import type { CartLineKey, CartRecord, ExpertRecord, ProductRecord, PurchaseRecord, RecommendationRecord } from './schema';

/** A cart line with everything checkout shows: the product, and the pick (and its expert) it came through. */
export interface CheckoutLine {
  line: CartRecord;
  product: ProductRecord | null;
  /** Only a live pick: a retracted or expired one has no link to offer. */
  recommendation: RecommendationRecord | null;
  expert: ExpertRecord | null;
}

/** Every cart line with its product, pick and expert, in one read transaction. */
export async function listCheckout(db: HaowuDb, now = Date.now()): Promise<CheckoutLine[]> {
  const tx = db.transaction(['cart', 'products', 'pickChunks', 'experts'], 'readonly');
  const lines = await tx.objectStore('cart').getAll();
  const [products, recommendations] = await Promise.all([
    Promise.all(lines.map((line) => tx.objectStore('products').get(line.productKey))),
    Promise.all(lines.map((line) => (line.viaRecommendationId ? pickById(tx, line.viaRecommendationId) : undefined))),
  ]);
  const experts = await Promise.all(recommendations.map((r) => (r ? tx.objectStore('experts').get(r.expertId) : undefined)));
  await tx.done;
  return lines.map((line, i) => {
    const recommendation = recommendations[i];
    const live = recommendation && isLive(recommendation, now) ? recommendation : null;
    return { line, product: products[i] ?? null, recommendation: live, expert: live ? (experts[i] ?? null) : null };
  });
}

export const purchaseId = (boughtAt: number, productKey: string, variant: string) => JSON.stringify([boughtAt, productKey, variant]);

/**
 * Moves cart lines to the purchase history in one transaction: each bought line is written as a
 * purchase and removed from the cart, or (quota, crash) nothing changes. Lines no longer in the cart
 * (bought in another tab) are skipped and counted.
 */
export async function markBought(db: HaowuDb, keys: readonly CartLineKey[], now = Date.now()): Promise<{ purchases: PurchaseRecord[]; missing: number }> {
  if (keys.length === 0) throw new HaowuError('invalid-input', 'checkout.noneChosen');
  const tx = db.transaction(['cart', 'products', 'pickChunks', 'purchases'], 'readwrite');
  const cart = tx.objectStore('cart');
  const lines = await Promise.all(keys.map((key) => cart.get(key)));
  const present = lines.filter((line): line is CartRecord => line !== undefined);
  const [products, recommendations] = await Promise.all([
    Promise.all(present.map((line) => tx.objectStore('products').get(line.productKey))),
    Promise.all(present.map((line) => (line.viaRecommendationId ? pickById(tx, line.viaRecommendationId) : undefined))),
  ]);
  const purchases = present.map((line, i): PurchaseRecord => ({
    id: purchaseId(now, line.productKey, line.variant),
    productKey: line.productKey,
    variant: line.variant,
    store: line.store,
    quantity: line.quantity,
    title: products[i]?.title ?? line.productKey,
    unitPrice: products[i]?.lastPrice ?? null,
    viaRecommendationId: line.viaRecommendationId,
    viaExpertId: recommendations[i]?.expertId ?? null,
    boughtAt: now,
    updatedAt: now,
  }));
  for (const purchase of purchases) {
    void tx.objectStore('purchases').put(purchase);
    void cart.delete([purchase.productKey, purchase.variant]);
  }
  await tx.done;
  return { purchases, missing: keys.length - present.length };
}

/** The purchase history, newest first. */
export async function listPurchases(db: HaowuDb): Promise<PurchaseRecord[]> {
  return (await db.getAllFromIndex('purchases', 'by-boughtAt')).reverse();
}
