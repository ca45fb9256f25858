import type { HaowuDb } from '../db/open';
import type { ExpertRecord } from '../db/schema';
import { listCollections, type FollowedCollection } from './followed-collections';

/** What the popup shows about followed collections: each with the experts it lists and their pick counts. */
export interface FeedOverview {
  collections: { collection: FollowedCollection; experts: { expert: ExpertRecord; picks: number }[] }[];
}

export async function feedOverview(db: HaowuDb): Promise<FeedOverview> {
  const collections = await listCollections(db);
  const ids = [...new Set(collections.flatMap((c) => c.expertIds))];
  const tx = db.transaction(['experts', 'recommendations'], 'readonly');
  const byExpert = tx.objectStore('recommendations').index('by-expert');
  const [experts, counts] = await Promise.all([
    Promise.all(ids.map((id) => tx.objectStore('experts').get(id))),
    Promise.all(ids.map((id) => byExpert.count(id))),
  ]);
  await tx.done;
  const known = new Map<string, { expert: ExpertRecord; picks: number }>();
  ids.forEach((id, i) => {
    const expert = experts[i];
    if (expert) known.set(id, { expert, picks: counts[i] ?? 0 });
  });
  return {
    collections: collections
      .sort((a, b) => b.followedAt - a.followedAt)
      .map((collection) => ({ collection, experts: collection.expertIds.flatMap((id) => known.get(id) ?? []) })),
  };
}
