import type { IDBPTransaction } from 'idb';
import type { HaowuDb } from './open';
import type { ExpertRecord, HaowuSchema, RecommendationRecord } from './schema';

export interface Pick {
  recommendation: RecommendationRecord;
  expert: ExpertRecord;
}

export const isLive = (recommendation: RecommendationRecord, now: number): boolean =>
  !recommendation.deleted && (recommendation.expiresAt === null || recommendation.expiresAt > now);

/** A read transaction over at least the recommendations and experts stores. */
export type PicksTransaction = IDBPTransaction<HaowuSchema, ('recommendations' | 'experts')[], 'readonly'>;

/** Live picks for one product with their experts, read inside `tx` (which must cover both stores). */
export async function picksInTransaction(tx: PicksTransaction, productKey: string, now: number): Promise<Pick[]> {
  const recommendations = (await tx.objectStore('recommendations').index('by-product').getAll(productKey)).filter((r) => isLive(r, now));
  const expertIds = [...new Set(recommendations.map((r) => r.expertId))];
  const experts = new Map<string, ExpertRecord>();
  const found = await Promise.all(expertIds.map((id) => tx.objectStore('experts').get(id)));
  for (const expert of found) if (expert) experts.set(expert.id, expert);
  return recommendations
    .flatMap((recommendation) => {
      const expert = experts.get(recommendation.expertId);
      // A pick whose expert is gone (unfollowed in another tab mid-read) is not shown.
      return expert ? [{ recommendation, expert }] : [];
    })
    .sort((a, b) => b.recommendation.rating - a.recommendation.rating || b.recommendation.updatedAt - a.recommendation.updatedAt);
}

/** Live picks for one product with their experts, best rated first, then most recently updated. */
export async function getPicksForProduct(db: HaowuDb, productKey: string, now = Date.now()): Promise<Pick[]> {
  const tx = db.transaction(['recommendations', 'experts'], 'readonly');
  const picks = await picksInTransaction(tx, productKey, now);
  await tx.done;
  return picks;
}

/**
 * Stores picks (from a feed or the user's own expert profile), keeping the newer copy of each.
 * One transaction with no await between requests, so large feeds stay fast.
 */
export async function putRecommendations(db: HaowuDb, recommendations: readonly RecommendationRecord[]): Promise<number> {
  const tx = db.transaction('recommendations', 'readwrite');
  const existing = await Promise.all(recommendations.map((r) => tx.store.get(r.id)));
  let written = 0;
  recommendations.forEach((recommendation, i) => {
    const current = existing[i];
    if (current && current.updatedAt >= recommendation.updatedAt) return;
    void tx.store.put(recommendation);
    written++;
  });
  await tx.done;
  return written;
}

export const getRecommendation = (db: HaowuDb, id: string): Promise<RecommendationRecord | undefined> => db.get('recommendations', id);

export const getRecommendationsByExpert = (db: HaowuDb, expertId: string): Promise<RecommendationRecord[]> =>
  db.getAllFromIndex('recommendations', 'by-expert', expertId);

/** The user's own expert profiles (kind 'local') with their picks, newest first; tombstones left out. */
export async function listOwnPicks(db: HaowuDb): Promise<{ expert: ExpertRecord; recommendations: RecommendationRecord[] }[]> {
  const tx = db.transaction(['experts', 'recommendations'], 'readonly');
  // Few experts per user: a full read is cheaper than an index nobody else needs.
  const own = (await tx.objectStore('experts').getAll()).filter((expert) => expert.kind === 'local');
  const byExpert = tx.objectStore('recommendations').index('by-expert');
  const picks = await Promise.all(own.map((expert) => byExpert.getAll(expert.id)));
  await tx.done;
  return own.map((expert, i) => ({
    expert,
    recommendations: (picks[i] ?? []).filter((r) => !r.deleted).sort((a, b) => b.updatedAt - a.updatedAt),
  }));
}
