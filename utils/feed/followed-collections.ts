import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';
import { storage } from 'wxt/utils/storage';
import type { HaowuDb } from '../db/open';
import { CollectionRecord, CollectionStatus, type HaowuSchema } from '../db/schema';

/*
 * Collections the user follows: records of the `collections` store (database version 4). A
 * collection only says which experts it bundles (the experts and their picks are ordinary records),
 * and a collection update writes all three in one transaction (utils/feed/sync.ts), so a stopped
 * service worker leaves either the old state or the new one. Read through zod: a record that does
 * not parse is left out, never shown half-read.
 *
 * Before version 4 the list lived in storage.local (key `feedCollections`); moveStoredCollections
 * moves it in once, when the background opens the database.
 */

export { CollectionStatus };
export const FollowedCollection = CollectionRecord;
export type FollowedCollection = CollectionRecord;

export const EMPTY_COLLECTION_STATUS: CollectionStatus = {
  lastFetchedAt: null,
  lastAttemptAt: null,
  lastCheckedAt: null,
  lastError: null,
  etag: null,
  lastModified: null,
  summary: null,
};

type CollectionsTx = IDBPTransaction<HaowuSchema, StoreNames<HaowuSchema>[], 'readonly' | 'readwrite'>;

const valid = (records: readonly unknown[]): FollowedCollection[] =>
  records.flatMap((record) => {
    const parsed = CollectionRecord.safeParse(record);
    return parsed.success ? [parsed.data] : [];
  });

/** The followed collections; records that do not parse are left out. */
export async function listCollections(db: HaowuDb): Promise<FollowedCollection[]> {
  return valid(await db.getAll('collections'));
}

/** The same, read inside a transaction that includes `collections`. */
export async function listCollectionsIn(tx: CollectionsTx): Promise<FollowedCollection[]> {
  return valid(await tx.objectStore('collections').getAll());
}

export async function getCollection(db: HaowuDb, id: string): Promise<FollowedCollection | null> {
  const parsed = CollectionRecord.safeParse(await db.get('collections', id));
  return parsed.success ? parsed.data : null;
}

/** Changes one collection's status if it is still followed (its own small transaction); returns it, or null when it is gone. */
export async function patchCollectionStatus(
  db: HaowuDb,
  id: string,
  patch: (status: CollectionStatus) => Partial<CollectionStatus>,
  now: number,
): Promise<FollowedCollection | null> {
  const tx = db.transaction('collections', 'readwrite');
  const current = CollectionRecord.safeParse(await tx.store.get(id));
  if (!current.success) {
    await tx.done;
    return null;
  }
  const next = CollectionRecord.parse({ ...current.data, status: { ...current.data.status, ...patch(current.data.status) }, updatedAt: Math.max(now, current.data.updatedAt) });
  await Promise.all([tx.store.put(next), tx.done]);
  return next;
}

/** The storage.local list of collections written before database version 4. */
const storedCollections = storage.defineItem<unknown>('local:feedCollections');

/** When a collection entry from storage.local last changed, as near as it says (it had no updatedAt). */
const legacyUpdatedAt = (entry: Omit<FollowedCollection, 'updatedAt'>): number =>
  Math.max(entry.followedAt, entry.status.lastCheckedAt ?? 0, entry.status.lastFetchedAt ?? 0, entry.status.lastAttemptAt ?? 0);

/**
 * Moves collections still in storage.local into the database. Safe to repeat and to cut off at any
 * point: entries are put in one transaction, an id already in the database is left as it is (it was
 * moved before, and may have changed since), and the storage.local copy is removed only after that
 * transaction committed. Entries that do not parse are dropped, as listing them always did.
 * Returns how many were moved.
 */
export async function moveStoredCollections(db: HaowuDb): Promise<number> {
  const raw = await storedCollections.getValue();
  if (raw === null || raw === undefined) return 0;
  const entries = (Array.isArray(raw) ? raw : []).flatMap((entry) => {
    const parsed = CollectionRecord.omit({ updatedAt: true }).safeParse(entry);
    return parsed.success ? [{ ...parsed.data, updatedAt: legacyUpdatedAt(parsed.data) }] : [];
  });
  let moved = 0;
  if (entries.length > 0) {
    const tx = db.transaction('collections', 'readwrite');
    const present = new Set((await tx.store.getAllKeys()).map(String));
    for (const entry of entries) {
      if (present.has(entry.id)) continue;
      present.add(entry.id);
      unwrap(tx.store).put(entry);
      moved++;
    }
    await tx.done;
  }
  await storedCollections.removeValue();
  return moved;
}

/** Forgets the storage.local copy too (delete all data): the database's store is cleared with the others. */
export const forgetStoredCollections = (): Promise<void> => storedCollections.removeValue();
