import { unwrap, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction } from 'idb';
import { PICKS_PER_CHUNK, chunkStore, expertChunkRange, flat, type AnyTx } from './pick-reads';
import { expertCardOf, type ExpertCard, type ExpertRecord, type HaowuSchema, type PickChunk, type RecommendationRecord } from './schema';

// The reads live apart (a reading page loads no writer and no schema value); here for every caller as before.
export { PICKS_PER_CHUNK, chunksByKey, expertChunkRange, lastChunksOf, newestPickChunkKeys, newestPicksAtOnce, picksOfExpert, walkNewestPicks, type NewestPicksWalk } from './pick-reads';

/*
 * Picks as stored since database version 5 (README, "Database version 5"). Chromium's IndexedDB
 * costs roughly the same per stored value whatever its size, so an expert's picks are kept in chunks
 * of up to PICKS_PER_CHUNK: storing a 10,000-pick feed writes 400 values, not 10,000. Multi-entry
 * indexes on each chunk's lists find a product's picks (`by-product`), one pick by id (`by-id`) and
 * everyone's newest picks (`by-updatedAt`) without reading other chunks. Every write goes through
 * `openPickWriter`, which keeps those lists and the expert's count (`pickCounts`) in step, or, to
 * change one stored pick in place, `openPickEdit`, which builds its chunk the same way (`chunkOf`).
 *
 * Since version 6 each chunk also carries its expert's card (`expert`, schema.ts's ExpertCard), so a
 * product's picks come with their experts in one indexed read. The writer reads the expert's record
 * when it opens; whoever writes an expert record goes through `putExpertIn` (or the writer's
 * `setExpert`), which rewrites the chunks whose card changed in the same transaction.
 */

/** The stores a transaction over picks covers (the experts too: each chunk carries its expert's card). */
export const PICK_STORES = ['pickChunks', 'pickCounts', 'experts'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- any transaction that covers the pick stores, whatever else it covers */
type WriteTx = IDBPTransaction<HaowuSchema, any, 'readwrite' | 'versionchange'>;
/* eslint-enable @typescript-eslint/no-explicit-any */
type CountStore = IDBPObjectStore<HaowuSchema, ['pickCounts'], 'pickCounts', IDBTransactionMode>;
const countStore = (tx: AnyTx): CountStore => tx.objectStore('pickCounts') as CountStore;
type ExpertStore = IDBPObjectStore<HaowuSchema, ['experts'], 'experts', IDBTransactionMode>;
const expertStore = (tx: AnyTx): ExpertStore => tx.objectStore('experts') as ExpertStore;

/** The card a chunk of this expert carries: theirs, or null when Haowu holds no record of them. */
export const cardOf = (expert: ExpertRecord | undefined | null): ExpertCard | null => (expert ? expertCardOf(expert) : null);
/** Cards compare by their JSON: cardOf builds them field by field in one order. */
const sameCard = (a: ExpertCard | null | undefined, b: ExpertCard | null): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** A chunk with its index lists derived from its picks, and its expert's card (undefined: none yet, as version 5 wrote them). */
export function chunkOf(expertId: string, seq: number, picks: RecommendationRecord[], expert: ExpertCard | null | undefined): PickChunk {
  return {
    key: [expertId, seq],
    picks,
    productKeys: [...new Set(picks.map((pick) => pick.productKey))],
    ids: picks.map((pick) => pick.id),
    stamps: picks.map((pick) => [pick.updatedAt, pick.id]),
    ...(expert !== undefined && { expert }),
  };
}

/**
 * Every stored pick for one product with the card of its expert, tombstones included: one indexed
 * getAll. A chunk written before version 6 that has no card yet (fillMissingCards) is read with its
 * expert's record, a request more (`tx` then covers the experts store too).
 */
export async function picksOfProductWithExperts(tx: AnyTx, productKey: string): Promise<{ pick: RecommendationRecord; expert: ExpertCard | null }[]> {
  const chunks = await chunkStore(tx).index('by-product').getAll(productKey);
  /** A chunk version 5 wrote: no `expert` field at all (the type says every chunk has one since version 6). */
  const cardless = (chunk: PickChunk): boolean => chunk.expert === undefined;
  const missing = [...new Set(chunks.flatMap((chunk) => (cardless(chunk) ? [chunk.key[0]] : [])))];
  const records = missing.length === 0 ? [] : await Promise.all(missing.map((id) => expertStore(tx).get(id)));
  const cardsOf = new Map(missing.map((id, i) => [id, cardOf(records[i])]));
  return chunks.flatMap((chunk) => {
    const expert = cardless(chunk) ? (cardsOf.get(chunk.key[0]) ?? null) : (chunk.expert ?? null);
    return chunk.picks.flatMap((pick) => (pick.productKey === productKey ? [{ pick, expert }] : []));
  });
}


/** One pick by id, or undefined. */
export async function pickById(tx: AnyTx, id: string): Promise<RecommendationRecord | undefined> {
  const chunk = await chunkStore(tx).index('by-id').get(id);
  return chunk?.picks.find((pick) => pick.id === id);
}

/** Every stored pick for one product, tombstones included. One indexed getAll. */
export async function picksOfProduct(tx: AnyTx, productKey: string): Promise<RecommendationRecord[]> {
  const chunks = await chunkStore(tx).index('by-product').getAll(productKey);
  return flat(chunks).filter((pick) => pick.productKey === productKey);
}

/** The keys ([expertId, n]) of the chunks holding a product's picks. */
export function chunkKeysOfProduct(tx: AnyTx, productKey: string): Promise<[string, number][]> {
  return chunkStore(tx).index('by-product').getAllKeys(productKey);
}

/** Every stored pick (backups, tests). */
export async function allPicks(tx: AnyTx): Promise<RecommendationRecord[]> {
  return flat(await chunkStore(tx).getAll());
}

/** How many picks (tombstones included) Haowu holds of an expert: one small read. */
export async function countPicks(tx: AnyTx, expertId: string): Promise<number> {
  return (await countStore(tx).get(expertId))?.picks ?? 0;
}

/** One expert's picks, read once, changed in memory, and written back as the chunks that changed. */
export interface PickWriter {
  readonly expertId: string;
  /** Their picks as they stand with the changes so far. */
  all(): RecommendationRecord[];
  get(id: string): RecommendationRecord | undefined;
  /** Adds or replaces a pick (its `expertId` must be this writer's). */
  put(pick: RecommendationRecord): void;
  delete(id: string): boolean;
  /** Removes every pick of the expert; returns how many there were. */
  clear(): number;
  /** The expert's record as the caller writes it (or deletes it: undefined): `flush` gives every chunk its card. */
  setExpert(expert: ExpertRecord | undefined): void;
  /**
   * Issues the writes (plain requests, nothing awaited: the caller's transaction reports a failed
   * write), then the writer is spent.
   */
  flush(): void;
}

/**
 * Reads an expert's chunks in `tx` and returns a writer over them. A changed pick stays in its chunk;
 * new picks fill the last chunk, then new ones; emptied chunks are deleted, and when deletions left
 * the chunks less than half full they are packed again.
 */
export async function openPickWriter(tx: WriteTx, expertId: string): Promise<PickWriter> {
  const [stored, record] = await Promise.all([chunkStore(tx).getAll(expertChunkRange(expertId)), expertStore(tx).get(expertId)]);
  const chunks = new Map(stored.map((chunk) => [chunk.key[1], chunk.picks]));
  /** The card each stored chunk carries, to rewrite those whose card is not the expert's. */
  const cards = new Map(stored.map((chunk) => [chunk.key[1], chunk.expert]));
  let card = cardOf(record);
  const where = new Map<string, number>();
  for (const [seq, picks] of chunks) for (const pick of picks) where.set(pick.id, seq);
  const added = new Map<string, RecommendationRecord>();
  const dirty = new Set<number>();
  const before = new Set(chunks.keys());
  /** Chunks of new picks written as soon as they filled, before `flush`. */
  const early = new Set<number>();
  let spent = false;

  /*
   * While the last chunk is full, every PICKS_PER_CHUNK new picks are written at once as a chunk of
   * their own, so the browser stores them while the caller is still checking the rest (a 10,000-pick
   * feed or import checks each pick as it hands it over: 12-13 % faster in Chromium, issue 19). A
   * chunk changed later is written again by `flush`, which knows these chunks as any other.
   */
  // The highest sequence number in use, kept rather than searched for on each new pick.
  let lastSeq = Math.max(-1, ...chunks.keys());
  const lastIsFull = () => (chunks.get(lastSeq)?.length ?? PICKS_PER_CHUNK) >= PICKS_PER_CHUNK;
  const writeEarly = () => {
    const seq = ++lastSeq;
    const picks = [...added.values()];
    added.clear();
    chunks.set(seq, picks);
    for (const pick of picks) where.set(pick.id, seq);
    early.add(seq);
    cards.set(seq, card);
    unwrap(chunkStore(tx)).put(chunkOf(expertId, seq, picks, card));
  };

  const check = () => {
    if (spent) throw new Error('This pick writer was already flushed');
  };
  const all = () => [...[...chunks.values()].flat(), ...added.values()];
  const removeAt = (id: string): boolean => {
    const seq = where.get(id);
    if (seq === undefined) return added.delete(id);
    const picks = chunks.get(seq)!;
    picks.splice(
      picks.findIndex((pick) => pick.id === id),
      1,
    );
    where.delete(id);
    dirty.add(seq);
    return true;
  };

  return {
    expertId,
    all,
    get: (id) => {
      const seq = where.get(id);
      return seq === undefined ? added.get(id) : chunks.get(seq)!.find((pick) => pick.id === id);
    },
    put(pick) {
      check();
      if (pick.expertId !== expertId) throw new Error(`A pick of ${pick.expertId} put among ${expertId}'s`);
      const seq = where.get(pick.id);
      if (seq === undefined) {
        added.set(pick.id, pick);
        if (added.size >= PICKS_PER_CHUNK && lastIsFull()) writeEarly();
        return;
      }
      const picks = chunks.get(seq)!;
      picks[picks.findIndex((p) => p.id === pick.id)] = pick;
      dirty.add(seq);
    },
    delete(id) {
      check();
      return removeAt(id);
    },
    clear() {
      check();
      const count = all().length;
      for (const seq of chunks.keys()) dirty.add(seq);
      chunks.clear();
      where.clear();
      added.clear();
      return count;
    },
    setExpert(expert) {
      check();
      card = cardOf(expert);
    },
    flush() {
      check();
      spent = true;
      const store = unwrap(chunkStore(tx));
      const total = all().length;
      const needed = Math.ceil(total / PICKS_PER_CHUNK);
      let next = Math.max(-1, ...chunks.keys()) + 1;
      if (chunks.size > 2 * needed + 1) {
        // Deletions left many small chunks: pack everything again from sequence 0.
        const everything = all();
        for (const seq of new Set([...before, ...early])) store.delete([expertId, seq]);
        chunks.clear();
        added.clear();
        for (let i = 0; i < everything.length; i += PICKS_PER_CHUNK) store.put(chunkOf(expertId, i / PICKS_PER_CHUNK, everything.slice(i, i + PICKS_PER_CHUNK), card));
      } else {
        const fresh = [...added.values()];
        const last = chunks.size > 0 ? Math.max(...chunks.keys()) : undefined;
        if (last !== undefined) {
          const room = PICKS_PER_CHUNK - chunks.get(last)!.length;
          if (room > 0 && fresh.length > 0) {
            chunks.get(last)!.push(...fresh.splice(0, room));
            dirty.add(last);
          }
        }
        for (let i = 0; i < fresh.length; i += PICKS_PER_CHUNK) {
          chunks.set(next, fresh.slice(i, i + PICKS_PER_CHUNK));
          dirty.add(next++);
        }
        // A chunk whose card is not the expert's is written again, its picks unchanged.
        for (const [seq, carried] of cards) if (chunks.has(seq) && !sameCard(carried, card)) dirty.add(seq);
        for (const seq of dirty) {
          const picks = chunks.get(seq);
          if (!picks || picks.length === 0) store.delete([expertId, seq]);
          else store.put(chunkOf(expertId, seq, picks, card));
        }
      }
      const counts = unwrap(countStore(tx));
      if (total === 0) counts.delete(expertId);
      else counts.put({ expertId, picks: total });
    },
  };
}

/** One stored pick, changed where it lies: only the chunk holding it is read and written. */
export interface PickEdit {
  /** The pick as stored. */
  readonly pick: RecommendationRecord;
  /** Replaces it (same id and expert) with a plain request: the transaction reports a failed write. Once. */
  put(pick: RecommendationRecord): void;
}

/**
 * Opens an edit of the stored pick `id` of `expertId` in `tx`: the chunk holding it, found by the
 * `by-id` index, and the expert's record, read at once (an edit of one of 1,000 picks read all 40
 * chunks through `openPickWriter`, issue 19). The chunk is written back as `chunkOf` builds it, with
 * the same sequence number and card; the expert's count is unchanged (same picks), so not written.
 * Undefined when the whole-expert writer is the one to use: no such pick of theirs, or a chunk whose
 * card is not the expert's (version 5's, or one left behind), which that writer's flush rewrites with
 * all the others.
 */
export async function openPickEdit(tx: WriteTx, expertId: string, id: string): Promise<PickEdit | undefined> {
  const [chunk, record] = await Promise.all([chunkStore(tx).index('by-id').get(id), expertStore(tx).get(expertId)]);
  const card = cardOf(record);
  const pick = chunk?.picks.find((p) => p.id === id);
  if (!chunk || !pick || chunk.key[0] !== expertId || !sameCard(chunk.expert, card)) return undefined;
  let spent = false;
  return {
    pick,
    put(next) {
      if (spent) throw new Error('This pick edit was already written');
      if (next.id !== id || next.expertId !== expertId) throw new Error(`A pick ${next.id} of ${next.expertId} put in place of ${id} of ${expertId}`);
      spent = true;
      const picks = chunk.picks.map((p) => (p.id === id ? next : p));
      unwrap(chunkStore(tx)).put(chunkOf(expertId, chunk.key[1], picks, card));
    },
  };
}

/**
 * Puts an expert's record in `tx` (which covers PICK_STORES) and keeps their chunks' cards in step:
 * through `writer` when the caller has one open for them (it writes the cards when flushed), else the
 * chunks are read and those whose card changed written again (none read when `previous`, the record
 * the caller read in this transaction, had the same card). Plain requests: the transaction reports a
 * failed write.
 */
export function putExpertIn(tx: WriteTx, expert: ExpertRecord, previous: ExpertRecord | undefined | null, writer?: PickWriter): Promise<void> {
  unwrap(expertStore(tx)).put(expert);
  if (writer) {
    writer.setExpert(expert);
    return Promise.resolve();
  }
  if (previous !== null && previous !== undefined && sameCard(cardOf(previous), cardOf(expert))) return Promise.resolve();
  return restampCards(tx, expert.id, cardOf(expert));
}

/**
 * Gives every chunk that has no expert card yet (written by version 5) its expert's, one expert per
 * transaction so nothing else waits long; safe to repeat and to cut off. Returns how many experts'
 * chunks it wrote.
 */
export async function fillMissingCards(db: IDBPDatabase<HaowuSchema>): Promise<number> {
  const experts = await db.getAllKeys('pickCounts');
  let filled = 0;
  for (const expertId of experts) {
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const [chunks, expert] = await Promise.all([chunkStore(tx).getAll(expertChunkRange(expertId)), expertStore(tx).get(expertId)]);
    if (chunks.some((chunk) => chunk.expert === undefined)) {
      await restampCards(tx, expertId, cardOf(expert));
      filled++;
    }
    await tx.done;
  }
  return filled;
}

/** Writes `card` into every chunk of the expert that carries another one. */
export async function restampCards(tx: WriteTx, expertId: string, card: ExpertCard | null): Promise<void> {
  const store = chunkStore(tx);
  const chunks = await store.getAll(expertChunkRange(expertId));
  // A chunk written before version 6 has no card at all: it gets one, null included.
  for (const chunk of chunks) if (!sameCard(chunk.expert, card)) unwrap(store).put({ ...chunk, expert: card });
}

/** Writers for several experts at once (their chunks read in parallel), by expert id. */
export async function openPickWriters(tx: WriteTx, expertIds: Iterable<string>): Promise<Map<string, PickWriter>> {
  const writers = await Promise.all([...new Set(expertIds)].map((id) => openPickWriter(tx, id)));
  return new Map(writers.map((writer) => [writer.expertId, writer]));
}

