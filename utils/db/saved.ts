import { unwrap, type IDBPIndex } from 'idb';
import { HaowuError } from '../errors';
import type { HaowuDb } from './open';
import { savedFields, storedSaved } from './saved-copy';
import type { ExpertRecord, HaowuSchema, ProductRecord, SavedRecord, StoredSaved } from './schema';

export interface SaveOptions {
  note?: string;
  viaExpertId?: string | null;
}

/**
 * Saves the product; if it is saved already, that item (with its note) stays as it is. One
 * transaction. Saving and removing are separate actions, never a toggle: a tab that still shows an
 * old state must not undo what was done elsewhere.
 */
export async function saveProduct(db: HaowuDb, productKey: string, options: SaveOptions = {}, now = Date.now()): Promise<{ item: SavedRecord; added: boolean }> {
  const tx = db.transaction(['saved', 'products'], 'readwrite');
  // The product is read beside the saved item: a new saved item carries its copy (saved-copy.ts).
  const [existing, product] = await Promise.all([tx.objectStore('saved').get(productKey), tx.objectStore('products').get(productKey)]);
  if (existing) {
    await tx.done;
    return { item: savedFields(existing), added: false };
  }
  const item: SavedRecord = { productKey, savedAt: now, note: options.note ?? '', viaExpertId: options.viaExpertId ?? null, updatedAt: now };
  await Promise.all([tx.objectStore('saved').put(storedSaved(item, product)), tx.done]);
  return { item, added: true };
}

export async function getSavedState(db: HaowuDb, productKey: string): Promise<SavedRecord | null> {
  const item = await db.get('saved', productKey);
  return item ? savedFields(item) : null;
}

/** Removes a saved item and returns it whole, so the caller can offer undo through `restoreSaved`. */
export async function removeSaved(db: HaowuDb, productKey: string): Promise<SavedRecord | null> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(productKey);
  if (existing) void tx.store.delete(productKey);
  await tx.done;
  return existing ? savedFields(existing) : null;
}

/** Puts back a removed item as it was. If the product was saved again meanwhile, that newer save is kept. */
export async function restoreSaved(db: HaowuDb, item: SavedRecord): Promise<{ restored: boolean; item: SavedRecord }> {
  const tx = db.transaction(['saved', 'products'], 'readwrite');
  const [existing, product] = await Promise.all([tx.objectStore('saved').get(item.productKey), tx.objectStore('products').get(item.productKey)]);
  if (existing) {
    await tx.done;
    return { restored: false, item: savedFields(existing) };
  }
  await Promise.all([tx.objectStore('saved').put(storedSaved(item, product)), tx.done]);
  return { restored: true, item: savedFields(item) };
}

/** Where the next page starts: the last item of the previous page. */
export interface SavedCursor {
  savedAt: number;
  productKey: string;
}

export interface SavedPage {
  items: { saved: SavedRecord; product: ProductRecord | null }[];
  next: SavedCursor | null;
}

type BatchIndex = IDBIndex & {
  getAllRecords?: (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: StoredSaved }[]>;
};

/**
 * Up to `count` saved items newest first: one `getAllRecords` request where the browser has it
 * (Chromium), else a cursor (a request per item).
 */
async function newestFirst(index: IDBPIndex<HaowuSchema, ['saved'], 'saved', 'by-savedAt', 'readonly'>, range: IDBKeyRange | null, count: number): Promise<StoredSaved[]> {
  const raw = unwrap(index) as BatchIndex;
  if (typeof raw.getAllRecords === 'function') {
    const request = raw.getAllRecords({ query: range, count, direction: 'prev' });
    return (
      await new Promise<{ value: StoredSaved }[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      })
    ).map((record) => record.value);
  }
  const saved: StoredSaved[] = [];
  for (let cursor = await index.openCursor(range, 'prev'); cursor && saved.length < count; cursor = await cursor.continue()) saved.push(cursor.value);
  return saved;
}

/**
 * Saved items newest first, `limit` at a time, with the product each refers to (null if never seen):
 * one indexed read, since each saved item carries its product's copy (database version 6).
 */
export async function listSaved(db: HaowuDb, { limit = 50, before }: { limit?: number; before?: SavedCursor } = {}): Promise<SavedPage> {
  const tx = db.transaction('saved', 'readonly');
  const range = before ? IDBKeyRange.upperBound([before.savedAt, before.productKey], true) : null;
  // One extra item tells whether another page exists without a count over the whole store.
  const saved = await newestFirst(tx.store.index('by-savedAt'), range, limit + 1);
  // The read answered: a read-only transaction's answers are final, so the page is not held until the
  // transaction's end is reported (issue 19: that wait was a quarter of this read's time in Chromium).
  tx.done.catch(() => undefined);
  const hasMore = saved.length > limit;
  const page = saved.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((item) => ({ saved: savedFields(item), product: item.product })),
    next: hasMore && last ? { savedAt: last.savedAt, productKey: last.productKey } : null,
  };
}

export interface SavedWithContext {
  saved: SavedRecord;
  product: ProductRecord | null;
  /** The expert the item was saved through, if Haowu still knows them. */
  expert: ExpertRecord | null;
}

/**
 * Every saved item, newest first, with its product and expert, in one transaction. The popup searches
 * and sorts in memory: thousands of small records cost less than a message per keystroke.
 */
export async function listAllSaved(db: HaowuDb): Promise<SavedWithContext[]> {
  const tx = db.transaction(['saved', 'experts'], 'readonly');
  // Each saved item carries its product's copy (database version 6): no read per product.
  const saved = (await tx.objectStore('saved').index('by-savedAt').getAll()).reverse();
  const expertIds = [...new Set(saved.flatMap((item) => (item.viaExpertId ? [item.viaExpertId] : [])))];
  const experts = await Promise.all(expertIds.map((id) => tx.objectStore('experts').get(id)));
  await tx.done;
  const expertById = new Map(experts.flatMap((expert) => (expert ? [[expert.id, expert] as const] : [])));
  return saved.map((item) => ({ saved: savedFields(item), product: item.product, expert: (item.viaExpertId && expertById.get(item.viaExpertId)) || null }));
}

/** Replaces the note on a saved item. */
export async function setSavedNote(db: HaowuDb, productKey: string, note: string, now = Date.now()): Promise<SavedRecord> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(productKey);
  if (!existing) {
    await tx.done;
    throw new HaowuError('not-found', 'saved.gone');
  }
  const item: StoredSaved = { ...existing, note, updatedAt: now };
  await Promise.all([tx.store.put(item), tx.done]);
  return savedFields(item);
}
