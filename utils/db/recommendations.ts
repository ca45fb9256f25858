import type { IDBPTransaction } from 'idb';
import type { HaowuDb } from './open';
import { PICK_STORES, chunkKeysOfProduct, countPicks, openPickWriters, pickById, picksOfExpert, picksOfProductWithExperts } from './pick-chunks';
import type { ExpertCard, ExpertRecord, HaowuSchema, RecommendationRecord } from './schema';

/** A pick with its expert's card (database version 6: carried by the pick's chunk). */
export interface Pick {
  recommendation: RecommendationRecord;
  expert: ExpertCard;
}

export const isLive = (recommendation: RecommendationRecord, now: number): boolean =>
  !recommendation.deleted && (recommendation.expiresAt === null || recommendation.expiresAt > now);

/**
 * The stores `picksInTransaction` reads: the chunks, which carry their experts' cards, and the experts
 * for a chunk upgraded from version 5 that has none yet.
 */
export const PICKS_READ_STORES = ['pickChunks', 'experts'] as const;

/** A read transaction over at least the pick chunks and experts stores. */
export type PicksTransaction = IDBPTransaction<HaowuSchema, ('pickChunks' | 'experts')[], 'readonly'>;

/**
 * Live picks for one product with their experts' cards, read inside `tx`: one indexed getAll, since
 * each chunk carries its expert's card (database version 6).
 */
export async function picksInTransaction(tx: PicksTransaction, productKey: string, now: number): Promise<Pick[]> {
  const found = await picksOfProductWithExperts(tx, productKey);
  return found
    .flatMap(({ pick: recommendation, expert }) =>
      // A pick whose expert Haowu holds no record of is not shown.
      expert && isLive(recommendation, now) ? [{ recommendation, expert }] : [],
    )
    .sort(
      (a, b) =>
        b.recommendation.rating - a.recommendation.rating ||
        b.recommendation.updatedAt - a.recommendation.updatedAt ||
        (a.recommendation.id < b.recommendation.id ? -1 : a.recommendation.id > b.recommendation.id ? 1 : 0),
    );
}

/** A read transaction over at least the pick chunks and experts stores. */
export type ExpertsTransaction = IDBPTransaction<HaowuSchema, ('pickChunks' | 'experts')[], 'readonly'>;

/**
 * The whole records of the experts of a product's picks (their feed status: whether the picks are
 * stale), read inside `tx`. The chunks' keys name the experts, so the experts are asked for as soon as
 * the keys come, while the chunks themselves are still being read beside it.
 */
export async function expertsOfProduct(tx: ExpertsTransaction, productKey: string): Promise<Map<string, ExpertRecord>> {
  const keys = await chunkKeysOfProduct(tx, productKey);
  const found = await Promise.all([...new Set(keys.map(([expertId]) => expertId))].map((id) => tx.objectStore('experts').get(id)));
  return new Map(found.flatMap((expert) => (expert ? [[expert.id, expert] as const] : [])));
}

/** Live picks for one product with their experts, best rated first, then most recently updated. */
export async function getPicksForProduct(db: HaowuDb, productKey: string, now = Date.now()): Promise<Pick[]> {
  const tx = db.transaction(PICKS_READ_STORES, 'readonly');
  const picks = await picksInTransaction(tx, productKey, now);
  await tx.done;
  return picks;
}

/**
 * Stores picks (from a feed or the user's own expert profile), keeping the newer copy of each, in one
 * transaction: each expert's chunks are read once and the changed ones written back.
 */
export async function putRecommendations(db: HaowuDb, recommendations: readonly RecommendationRecord[]): Promise<number> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const writers = await openPickWriters(tx, recommendations.map((r) => r.expertId));
  let written = 0;
  for (const recommendation of recommendations) {
    const writer = writers.get(recommendation.expertId)!;
    const current = writer.get(recommendation.id);
    if (current && current.updatedAt >= recommendation.updatedAt) continue;
    writer.put(recommendation);
    written++;
  }
  for (const writer of writers.values()) writer.flush();
  await tx.done;
  return written;
}

export async function getRecommendation(db: HaowuDb, id: string): Promise<RecommendationRecord | undefined> {
  const tx = db.transaction('pickChunks', 'readonly');
  const [pick] = await Promise.all([pickById(tx, id), tx.done]);
  return pick;
}

export async function getRecommendationsByExpert(db: HaowuDb, expertId: string): Promise<RecommendationRecord[]> {
  const tx = db.transaction('pickChunks', 'readonly');
  const [picks] = await Promise.all([picksOfExpert(tx, expertId), tx.done]);
  return picks;
}

/** How many picks (tombstones included) Haowu holds of an expert. */
export async function countRecommendationsByExpert(db: HaowuDb, expertId: string): Promise<number> {
  const tx = db.transaction('pickCounts', 'readonly');
  const [count] = await Promise.all([countPicks(tx, expertId), tx.done]);
  return count;
}

/** The user's own expert profiles (kind 'local') with their picks, newest first; tombstones left out. */
export async function listOwnPicks(db: HaowuDb): Promise<{ expert: ExpertRecord; recommendations: RecommendationRecord[] }[]> {
  const tx = db.transaction(['experts', 'pickChunks'], 'readonly');
  // Few experts per user: a full read is cheaper than an index nobody else needs.
  const own = (await tx.objectStore('experts').getAll()).filter((expert) => expert.kind === 'local');
  const picks = await Promise.all(own.map((expert) => picksOfExpert(tx, expert.id)));
  await tx.done;
  return own.map((expert, i) => ({
    expert,
    recommendations: (picks[i] ?? []).filter((r) => !r.deleted).sort((a, b) => b.updatedAt - a.updatedAt),
  }));
}
