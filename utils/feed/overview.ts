import type { HaowuDb } from '../db/open';
import { countPicks } from '../db/pick-chunks';
import type { ExpertRecord } from '../db/schema';
import { nameWarner, type NameWarning } from '../expert/name-warnings';
import { listCollections, type FollowedCollection } from './followed-collections';

/** What the popup shows about followed collections: each with the experts it lists and their pick counts. */
export interface FeedOverview {
  /**
   * `warnings`, on an expert the user does not follow: a name like that of an expert they follow under
   * another key, or one claiming a verification (utils/expert/name-warnings.ts); absent: none.
   */
  collections: { collection: FollowedCollection; experts: { expert: ExpertRecord; picks: number; warnings?: NameWarning[] }[] }[];
}

export async function feedOverview(db: HaowuDb): Promise<FeedOverview> {
  const collections = await listCollections(db);
  const ids = [...new Set(collections.flatMap((c) => c.expertIds))];
  const tx = db.transaction(['experts', 'pickCounts'], 'readonly');
  const [experts, counts] = await Promise.all([
    Promise.all(ids.map((id) => tx.objectStore('experts').get(id))),
    Promise.all(ids.map((id) => countPicks(tx, id))),
  ]);
  await tx.done;
  // A collection can bring an expert who poses as one the user follows: each such name is flagged.
  const followed = ids.length === 0 ? [] : (await db.getAll('experts')).filter((expert) => expert.kind === 'feed' && expert.followed);
  const warn = nameWarner(followed.map((expert) => ({ id: expert.id, name: expert.displayName })));
  const known = new Map<string, { expert: ExpertRecord; picks: number; warnings?: NameWarning[] }>();
  ids.forEach((id, i) => {
    const expert = experts[i];
    if (!expert) return;
    const warnings = expert.followed ? [] : warn({ id, name: expert.displayName });
    known.set(id, { expert, picks: counts[i] ?? 0, ...(warnings.length > 0 && { warnings }) });
  });
  return {
    collections: collections
      .sort((a, b) => b.followedAt - a.followedAt)
      .map((collection) => ({ collection, experts: collection.expertIds.flatMap((id) => known.get(id) ?? []) })),
  };
}
