import { unwrap, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import type { ExpertCard, HaowuSchema, PickChunk, RecommendationRecord } from './schema';

/*
 * Reading picks as stored since database version 5 (README, "Database version 5"): an expert's picks
 * in chunks (utils/db/pick-chunks.ts writes them). Reads only, with no value from the schema's module
 * and no writer, so a page that only reads (the popup's Picks tab, utils/popup/timeline-here.ts) loads
 * neither zod's full build nor the writers.
 */

/**
 * Small enough that a product's picks (a chunk each, from different experts) and the Picks tab's first
 * page (up to a chunk per pick) read little besides them; large enough that 10,000 picks are 400 values.
 */
export const PICKS_PER_CHUNK = 25;

/* eslint-disable @typescript-eslint/no-explicit-any -- any transaction that covers the pick stores, whatever else it covers */
export type AnyTx = IDBPTransaction<HaowuSchema, any, IDBTransactionMode>;
/* eslint-enable @typescript-eslint/no-explicit-any */
type ChunkStore = IDBPObjectStore<HaowuSchema, ['pickChunks'], 'pickChunks', IDBTransactionMode>;
export const chunkStore = (tx: AnyTx): ChunkStore => tx.objectStore('pickChunks') as ChunkStore;

/** Every chunk key of one expert: [expertId, any sequence number]. */
export const expertChunkRange = (expertId: string): IDBKeyRange => IDBKeyRange.bound([expertId, -Infinity], [expertId, Infinity]);

/** Chunks' picks by id, the order the one-record-per-pick layout read them in (IndexedDB's string order). */
export const flat = (chunks: readonly PickChunk[]): RecommendationRecord[] =>
  chunks.flatMap((chunk) => chunk.picks).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** All of one expert's picks, tombstones included, by id. */
export async function picksOfExpert(tx: AnyTx, expertId: string): Promise<RecommendationRecord[]> {
  return flat(await chunkStore(tx).getAll(expertChunkRange(expertId)));
}

export interface NewestPicksWalk {
  /**
   * The next `count` picks in `by-updatedAt` order (newest first) after the last one returned, or
   * after `before` at the start; fewer at the end. `wanted` says from an index entry alone (the
   * expert of its chunk) whether the pick is worth reading: the others are passed over unread.
   */
  next(count: number): Promise<{ picks: RecommendationRecord[]; walked: number; last: [number, string] | undefined }>;
}

/**
 * Walks everyone's picks newest first through `by-updatedAt`: a key cursor (index keys and chunk keys
 * only), then the chunks it names, each read once per walk.
 */
export function walkNewestPicks(tx: AnyTx, before: [number, string] | undefined, wanted: (expertId: string) => boolean = () => true): NewestPicksWalk {
  const index = unwrap(chunkStore(tx).index('by-updatedAt')) as IDBIndex;
  const chunks = unwrap(chunkStore(tx)) as IDBObjectStore;
  const read = new Map<string, Promise<PickChunk | undefined>>();
  let request: IDBRequest<IDBCursor | null> | undefined;
  let finished = false;
  let last = before;

  const chunk = (key: [string, number]) => {
    const id = JSON.stringify(key);
    let found = read.get(id);
    if (!found) read.set(id, (found = requested(chunks.get(key) as IDBRequest<PickChunk | undefined>)));
    return found;
  };

  /** Up to `count` index entries: [index key, chunk key]. */
  const entries = (count: number): Promise<[[number, string], [string, number]][]> =>
    new Promise((resolve, reject) => {
      const out: [[number, string], [string, number]][] = [];
      if (finished || count <= 0) return resolve(out);
      const step = () => {
        const cursor = request!.result;
        if (!cursor) {
          finished = true;
          return resolve(out);
        }
        out.push([cursor.key as [number, string], cursor.primaryKey as [string, number]]);
        if (out.length >= count) resolve(out);
        else cursor.continue();
      };
      if (!request) {
        request = index.openKeyCursor(before ? IDBKeyRange.upperBound(before, true) : null, 'prev');
        request.onsuccess = () => step();
        request.onerror = () => reject(request!.error);
      } else {
        request.onsuccess = () => step();
        request.onerror = () => reject(request!.error);
        request.result!.continue();
      }
    });

  return {
    async next(count) {
      const batch = await entries(count);
      if (batch.length > 0) last = batch.at(-1)![0];
      const kept = batch.filter(([, chunkKey]) => wanted(chunkKey[0]));
      const chunks = await Promise.all(kept.map(([, chunkKey]) => chunk(chunkKey)));
      const picks = kept.flatMap(([[, id]], i) => chunks[i]?.picks.find((pick) => pick.id === id) ?? []);
      return { picks, walked: batch.length, last };
    },
  };
}

export const requested = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

type RecordsIndex = IDBIndex & {
  getAllRecords?: (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<{ key: [number, string]; value: PickChunk }[]>;
};

/**
 * Everyone's newest `count` picks after `before` (newest first, every expert's) in **one** request,
 * where the browser has `getAllRecords` (Chromium): each `by-updatedAt` entry comes with its chunk, so
 * no key cursor step or chunk read per pick. A chunk named by several entries is read once per entry:
 * fine for a first page, wasteful for a long filtered walk (walkNewestPicks passes chunks over unread).
 * `cards` holds the expert card the chunks carry, by expert id; an expert whose chunks read here have
 * none yet (version 5 wrote them, fillMissingCards has not reached them) is not in it.
 * Undefined where the browser lacks it. Issued at once, so it shares a round trip with requests made
 * beside it.
 */
export function newestPicksAtOnce(
  tx: AnyTx,
  before: [number, string] | undefined,
  count: number,
): Promise<{ picks: RecommendationRecord[]; cards: Map<string, ExpertCard | null>; walked: number; last: [number, string] | undefined }> | undefined {
  const index = unwrap(chunkStore(tx).index('by-updatedAt')) as RecordsIndex;
  if (typeof index.getAllRecords !== 'function') return undefined;
  const request = index.getAllRecords({ query: before ? IDBKeyRange.upperBound(before, true) : null, count, direction: 'prev' });
  return requested(request).then((records) => {
    const cards = new Map<string, ExpertCard | null>();
    for (const { value } of records) if (value.expert !== undefined) cards.set(value.key[0], value.expert);
    return {
      picks: records.flatMap(({ key: [, id], value }) => value.picks.find((pick) => pick.id === id) ?? []),
      cards,
      walked: records.length,
      last: records.at(-1)?.key ?? before,
    };
  });
}

type KeysIndex = RecordsIndex & {
  getAllKeys(options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }): IDBRequest<[string, number][]>;
};

/**
 * The chunk keys ([expertId, n]) of everyone's newest `count` picks, newest first (one per pick, so a
 * chunk repeats), in one request: `getAllKeys` with a direction, which Chromium has beside
 * getAllRecords. Primary keys only, no values: an expert's entries among them say which of their
 * chunks to read and how many of their picks there are. Undefined where the browser lacks it.
 */
export function newestPickChunkKeys(tx: AnyTx, count: number): Promise<[string, number][]> | undefined {
  const index = unwrap(chunkStore(tx).index('by-updatedAt')) as KeysIndex;
  if (typeof index.getAllRecords !== 'function') return undefined;
  return requested(index.getAllKeys({ query: null, count, direction: 'prev' }));
}

type RecordsStore = IDBObjectStore & {
  getAllRecords?: (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: PickChunk }[]>;
};

/**
 * An expert's last `count` chunks by sequence number, highest first, in one request where the browser
 * has `getAllRecords` (Chromium); undefined elsewhere. New picks fill an expert's last chunks, so these
 * usually hold their newest picks: asked for beside other requests, they save the round trip that would
 * read those chunks once known.
 */
export function lastChunksOf(tx: AnyTx, expertId: string, count: number): Promise<PickChunk[]> | undefined {
  const store = unwrap(chunkStore(tx)) as RecordsStore;
  if (typeof store.getAllRecords !== 'function') return undefined;
  return requested(store.getAllRecords({ query: expertChunkRange(expertId), count, direction: 'prev' })).then((records) => records.map(({ value }) => value));
}

/** Chunks by key, read in `tx` (missing ones left out). */
export async function chunksByKey(tx: AnyTx, keys: readonly [string, number][]): Promise<PickChunk[]> {
  const found = await Promise.all(keys.map((key) => chunkStore(tx).get(key)));
  return found.filter((chunk): chunk is PickChunk => chunk !== undefined);
}
