import { unwrap, type IDBPIndex } from 'idb';
import { HaowuError } from '../errors';
import type { HaowuDb } from './open';
import type { ExpertRecord, HaowuSchema, ProductRecord, SavedRecord } from './schema';

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
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(productKey);
  if (existing) {
    await tx.done;
    return { item: existing, added: false };
  }
  const item: SavedRecord = { productKey, savedAt: now, note: options.note ?? '', viaExpertId: options.viaExpertId ?? null, updatedAt: now };
  await Promise.all([tx.store.put(item), tx.done]);
  return { item, added: true };
}

export async function getSavedState(db: HaowuDb, productKey: string): Promise<SavedRecord | null> {
  return (await db.get('saved', productKey)) ?? null;
}

/** Removes a saved item and returns it whole, so the caller can offer undo through `restoreSaved`. */
export async function removeSaved(db: HaowuDb, productKey: string): Promise<SavedRecord | null> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(productKey);
  if (existing) void tx.store.delete(productKey);
  await tx.done;
  return existing ?? null;
}

/** Puts back a removed item as it was. If the product was saved again meanwhile, that newer save is kept. */
export async function restoreSaved(db: HaowuDb, item: SavedRecord): Promise<{ restored: boolean; item: SavedRecord }> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(item.productKey);
  if (existing) {
    await tx.done;
    return { restored: false, item: existing };
  }
  await Promise.all([tx.store.put(item), tx.done]);
  return { restored: true, item };
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
  getAllRecords?: (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: SavedRecord }[]>;
};

/**
 * Up to `count` saved items newest first: one `getAllRecords` request where the browser has it
 * (Chromium), else a cursor (a request per item).
 */
async function newestFirst(index: IDBPIndex<HaowuSchema, ['saved', 'products'], 'saved', 'by-savedAt', 'readonly'>, range: IDBKeyRange | null, count: number): Promise<SavedRecord[]> {
  const raw = unwrap(index) as BatchIndex;
  if (typeof raw.getAllRecords === 'function') {
    const request = raw.getAllRecords({ query: range, count, direction: 'prev' });
    return (
      await new Promise<{ value: SavedRecord }[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      })
    ).map((record) => record.value);
  }
  const saved: SavedRecord[] = [];
  for (let cursor = await index.openCursor(range, 'prev'); cursor && saved.length < count; cursor = await cursor.continue()) saved.push(cursor.value);
  return saved;
}

/** Saved items newest first, `limit` at a time, with the product each refers to (null if never seen). */
export async function listSaved(db: HaowuDb, { limit = 50, before }: { limit?: number; before?: SavedCursor } = {}): Promise<SavedPage> {
  const tx = db.transaction(['saved', 'products'], 'readonly');
  const range = before ? IDBKeyRange.upperBound([before.savedAt, before.productKey], true) : null;
  // One extra item tells whether another page exists without a count over the whole store.
  const saved = await newestFirst(tx.objectStore('saved').index('by-savedAt'), range, limit + 1);
  const hasMore = saved.length > limit;
  const page = saved.slice(0, limit);
  const products = await Promise.all(page.map((item) => tx.objectStore('products').get(item.productKey)));
  await tx.done;
  const last = page.at(-1);
  return {
    items: page.map((item, i) => ({ saved: item, product: products[i] ?? null })),
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
  const tx = db.transaction(['saved', 'products', 'experts'], 'readonly');
  const saved = (await tx.objectStore('saved').index('by-savedAt').getAll()).reverse();
  const expertIds = [...new Set(saved.flatMap((item) => (item.viaExpertId ? [item.viaExpertId] : [])))];
  const [products, experts] = await Promise.all([
    Promise.all(saved.map((item) => tx.objectStore('products').get(item.productKey))),
    Promise.all(expertIds.map((id) => tx.objectStore('experts').get(id))),
  ]);
  await tx.done;
  const expertById = new Map(experts.flatMap((expert) => (expert ? [[expert.id, expert] as const] : [])));
  return saved.map((item, i) => ({ saved: item, product: products[i] ?? null, expert: (item.viaExpertId && expertById.get(item.viaExpertId)) || null }));
}

/** Replaces the note on a saved item. */
export async function setSavedNote(db: HaowuDb, productKey: string, note: string, now = Date.now()): Promise<SavedRecord> {
  const tx = db.transaction('saved', 'readwrite');
  const existing = await tx.store.get(productKey);
  if (!existing) {
    await tx.done;
    throw new HaowuError('not-found', 'saved.gone');
  }
  const item: SavedRecord = { ...existing, note, updatedAt: now };
  await Promise.all([tx.store.put(item), tx.done]);
  return item;
}
