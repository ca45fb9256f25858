import { HaowuError } from '../errors';
import { Platform } from '../product';
import { abortTransaction } from './abort';
import type { HaowuDb } from './open';
import { pickById } from './pick-chunks';
import { storeOf } from './products';
import { MAX_CART_QUANTITY, type CartLineKey, type CartRecord, type ProductRecord } from './schema';

export interface AddToCart {
  productKey: string;
  quantity: number;
  variant: string;
  viaRecommendationId?: string | null;
}

/** The store of a product: from its record, or for partner stores from the key's platform prefix. */
function storeFor(productKey: string, product: ProductRecord | undefined): string | null {
  if (product) return storeOf(product);
  const platform = Platform.safeParse(productKey.slice(0, productKey.indexOf(':')));
  return platform.success && platform.data !== 'site' ? platform.data : null;
}

/**
 * Adds to the line for this product and variant (quantities add up, capped), creating it if needed.
 * Read and write share one transaction, so two tabs adding at once both count.
 */
export async function addToCart(db: HaowuDb, add: AddToCart, now = Date.now()): Promise<CartRecord> {
  const tx = db.transaction(['cart', 'products', 'pickChunks'], 'readwrite');
  const key: CartLineKey = [add.productKey, add.variant];
  const [existing, product, recommendation] = await Promise.all([
    tx.objectStore('cart').get(key),
    tx.objectStore('products').get(add.productKey),
    add.viaRecommendationId ? pickById(tx, add.viaRecommendationId) : undefined,
  ]);
  const store = storeFor(add.productKey, product);
  const failure = !store
    ? new HaowuError('not-found', 'cart.productUnknown')
    : add.viaRecommendationId && recommendation?.productKey !== add.productKey
      ? new HaowuError('not-found', 'cart.pickGone')
      : null;
  if (failure || !store) {
    await abortTransaction(tx);
    throw failure;
  }
  const line: CartRecord = {
    productKey: add.productKey,
    variant: add.variant,
    store,
    quantity: Math.min(MAX_CART_QUANTITY, (existing?.quantity ?? 0) + add.quantity),
    addedAt: existing?.addedAt ?? now,
    viaRecommendationId: add.viaRecommendationId ?? existing?.viaRecommendationId ?? null,
    updatedAt: now,
  };
  await Promise.all([tx.objectStore('cart').put(line), tx.done]);
  return line;
}

export interface CartLineView {
  line: CartRecord;
  product: ProductRecord | null;
}

/** All lines, grouped by store, oldest first within a store. */
export async function listCart(db: HaowuDb): Promise<CartLineView[]> {
  const tx = db.transaction(['cart', 'products'], 'readonly');
  const lines = await tx.objectStore('cart').index('by-store').getAll();
  const products = await Promise.all(lines.map((line) => tx.objectStore('products').get(line.productKey)));
  await tx.done;
  return lines
    .map((line, i) => ({ line, product: products[i] ?? null }))
    .sort((a, b) => a.line.store.localeCompare(b.line.store) || a.line.addedAt - b.line.addedAt);
}

export const listCartByStore = (db: HaowuDb, store: string): Promise<CartRecord[]> => db.getAllFromIndex('cart', 'by-store', store);

export async function updateCartLine(db: HaowuDb, key: CartLineKey, quantity: number, now = Date.now()): Promise<CartRecord> {
  const tx = db.transaction('cart', 'readwrite');
  const existing = await tx.store.get(key);
  if (!existing) {
    await tx.done;
    throw new HaowuError('not-found', 'cart.lineGone');
  }
  const line: CartRecord = { ...existing, quantity, updatedAt: now };
  await Promise.all([tx.store.put(line), tx.done]);
  return line;
}

/** Removes a line and returns it, so the caller can offer undo. */
export async function removeCartLine(db: HaowuDb, key: CartLineKey): Promise<CartRecord | null> {
  const tx = db.transaction('cart', 'readwrite');
  const existing = await tx.store.get(key);
  if (existing) void tx.store.delete(key);
  await tx.done;
  return existing ?? null;
}

/** How many of a product are in the cart, over all its variants. */
/**
 * Cart keys are [productKey, variant]; [productKey] sorts before every variant and [productKey, []]
 * after them (arrays sort after strings), so this range holds exactly the product's lines.
 */
export const cartRangeOf = (productKey: string): IDBKeyRange => IDBKeyRange.bound([productKey], [productKey, []]);

export async function cartQuantityFor(db: HaowuDb, productKey: string): Promise<number> {
  const lines = await db.getAll('cart', cartRangeOf(productKey));
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}
