import { unwrap, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import type { HaowuSchema, ProductRecord, SavedRecord, StoredSaved } from './schema';

/*
 * Since database version 6 a saved item carries a copy of its product record (schema.ts, StoredSaved),
 * so the Saved tab's first rows are one indexed read of the saved store (README, "Database version 6").
 * The copy is derived data: this module is the one place that writes it. Whoever writes a product puts
 * it through `putProductsIn` (which also refreshes the copy of a saved one, in the same transaction);
 * whoever writes a saved item builds it with `storedSaved` from the product read in its transaction.
 * Messages, backups and the UI see a saved item without the copy (`savedFields`).
 */

/** The stores a product write covers: the product and the saved item that copies it. */
export const PRODUCT_WRITE_STORES = ['products', 'saved'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- any transaction that covers both stores, whatever else it covers */
type WriteTx = IDBPTransaction<HaowuSchema, any, 'readwrite' | 'versionchange'>;
/* eslint-enable @typescript-eslint/no-explicit-any */
type SavedStore = IDBPObjectStore<HaowuSchema, ['saved'], 'saved', 'readwrite' | 'versionchange'>;
type ProductStore = IDBPObjectStore<HaowuSchema, ['products'], 'products', 'readwrite' | 'versionchange'>;
const savedStore = (tx: WriteTx): SavedStore => tx.objectStore('saved') as SavedStore;
const productStore = (tx: WriteTx): ProductStore => tx.objectStore('products') as ProductStore;

/** A saved item's own fields, without the stored product copy: what messages, backups and the UI see. */
export function savedFields(item: SavedRecord | StoredSaved): SavedRecord {
  const { product: _copy, ...own } = item as StoredSaved;
  return own;
}

/** A saved item as stored: its own fields and the product as it stands (null when Haowu has none). */
export const storedSaved = (item: SavedRecord | StoredSaved, product: ProductRecord | undefined | null): StoredSaved => ({ ...savedFields(item), product: product ?? null });

/**
 * Puts products in `tx` and, for each that is saved, the saved item with the new copy (its own fields
 * untouched, its `updatedAt` too: the copy is not the user's change). Plain requests; the caller's
 * transaction reports a failed write.
 */
export async function putProductsIn(tx: WriteTx, products: readonly ProductRecord[]): Promise<void> {
  const store = unwrap(productStore(tx));
  for (const product of products) store.put(product);
  const saved = await Promise.all(products.map((product) => savedStore(tx).get(product.key)));
  saved.forEach((item, i) => {
    if (item) unwrap(savedStore(tx)).put(storedSaved(item, products[i]));
  });
}

/** Writes the copies of these saved items again from their products as they now stand in `tx`. */
export async function refreshSavedCopies(tx: WriteTx, keys: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      const [item, product] = await Promise.all([savedStore(tx).get(key), productStore(tx).get(key)]);
      if (item) unwrap(savedStore(tx)).put(storedSaved(item, product));
    }),
  );
}
