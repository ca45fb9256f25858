import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { COLLECTION_DESCRIPTION_MAX, COLLECTION_NAME_MAX, CURATOR_MAX, MAX_COLLECTION_FEEDS, MAX_URL_LENGTH } from './limits';
import { FeedUrl } from './schema';
import { CollectionSummaryInfo, FeedErrorInfo, storedInfo } from './status-info';

/*
 * Collections the user follows. A collection only says which experts it bundles (the experts and
 * their picks are ordinary records in the database), so this small list lives in
 * browser.storage.local, key `feedCollections`, and needs no database version. Read through zod:
 * an entry that does not parse is dropped, never shown half-read.
 */

const Time = z.number().int().nonnegative();

export const CollectionStatus = z.object({
  lastFetchedAt: Time.nullable(),
  lastAttemptAt: Time.nullable(),
  lastCheckedAt: Time.nullable(),
  lastError: z.string().max(500).nullable(),
  etag: z.string().max(200).nullable(),
  lastModified: z.string().max(200).nullable(),
  /** e.g. "2 of 3 feeds accepted; feeds[2]: This feed’s signature does not match its contents…" */
  summary: z.string().max(500).nullable(),
  /*
   * Optional, added after the fields above: entries stored before them still read. `summary` and
   * `lastError` as data, to say them in the UI language (describe-status.ts); absent or null, the
   * English sentence is shown.
   */
  summaryInfo: storedInfo(CollectionSummaryInfo),
  lastErrorInfo: storedInfo(FeedErrorInfo),
});
export type CollectionStatus = z.infer<typeof CollectionStatus>;

export const FollowedCollection = z.object({
  /** Its URL, or `file:` and a random id for a collection imported from a file (never refreshed). */
  id: z.string().min(1).max(MAX_URL_LENGTH + 10),
  url: z.nullable(FeedUrl),
  name: z.string().min(1).max(COLLECTION_NAME_MAX),
  description: z.string().max(COLLECTION_DESCRIPTION_MAX).nullable(),
  curator: z.string().max(CURATOR_MAX).nullable(),
  /** The experts (fingerprints) whose feeds it bundled at the last good read. */
  expertIds: z.array(z.string().min(1).max(128)).max(MAX_COLLECTION_FEEDS),
  followedAt: Time,
  status: CollectionStatus,
});
export type FollowedCollection = z.infer<typeof FollowedCollection>;

export const EMPTY_COLLECTION_STATUS: CollectionStatus = {
  lastFetchedAt: null,
  lastAttemptAt: null,
  lastCheckedAt: null,
  lastError: null,
  etag: null,
  lastModified: null,
  summary: null,
};

const collectionsItem = storage.defineItem<unknown>('local:feedCollections', { fallback: [] });

/** The followed collections; entries that do not parse are left out (and dropped on the next write). */
export async function listCollections(): Promise<FollowedCollection[]> {
  const raw = await collectionsItem.getValue().catch(() => []);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = FollowedCollection.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

// Writes are queued one after another, so two changes (a refresh and an unfollow) never lose each other.
let queue: Promise<unknown> = Promise.resolve();

/** Reads, changes and writes the list as one step among other writers in this context. */
export function updateCollections<T>(change: (list: FollowedCollection[]) => { list: FollowedCollection[]; value: T }): Promise<T> {
  const run = queue.then(async () => {
    const { list, value } = change(await listCollections());
    await collectionsItem.setValue(list.map((entry) => FollowedCollection.parse(entry)));
    return value;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Adds or replaces one collection (matched by id). */
export const putCollection = (collection: FollowedCollection): Promise<FollowedCollection> =>
  updateCollections((list) => ({ list: [...list.filter((entry) => entry.id !== collection.id), collection], value: collection }));

/** Changes one collection if it is still followed; returns it, or null when it is gone. */
export const patchCollection = (id: string, patch: (collection: FollowedCollection) => Partial<FollowedCollection>): Promise<FollowedCollection | null> =>
  updateCollections((list) => {
    const current = list.find((entry) => entry.id === id);
    if (!current) return { list, value: null };
    const next = { ...current, ...patch(current) };
    return { list: list.map((entry) => (entry.id === id ? next : entry)), value: next };
  });

/** Removes one collection; returns it, or null when it was not followed. */
export const removeCollection = (id: string): Promise<FollowedCollection | null> =>
  updateCollections((list) => ({ list: list.filter((entry) => entry.id !== id), value: list.find((entry) => entry.id === id) ?? null }));

/** Forgets every collection (delete all data). */
export const clearCollections = (): Promise<void> => updateCollections(() => ({ list: [], value: undefined }));
