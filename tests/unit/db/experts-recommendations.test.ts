import { beforeEach, describe, expect, it } from 'vitest';
import { followExpert, getExpert, listFollowedExperts, unfollowExpert } from '../../../utils/db/experts';
import type { HaowuDb } from '../../../utils/db/open';
import { getPicksForProduct, getRecommendation, getRecommendationsByExpert, putRecommendations } from '../../../utils/db/recommendations';
import { getSavedState, saveProduct } from '../../../utils/db/saved';
import { freshDb } from './helpers';
import { expert, recommendation } from './records';

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

const profile = (id: string, displayName = id) => ({ id, kind: 'feed' as const, displayName, bio: '', avatarUrl: null, feedUrl: null });

describe('picks for a product', () => {
  it('returns live picks with their experts, best rated first, leaving out deleted, expired and other products', async () => {
    await followExpert(db, profile('fp-alice', 'Alice'), 100);
    await followExpert(db, profile('fp-bob', 'Bob'), 100);
    await putRecommendations(db, [
      recommendation({ id: 'low', rating: 2 }),
      recommendation({ id: 'high', expertId: 'fp-bob', rating: 5 }),
      recommendation({ id: 'retracted', rating: 5, deleted: true }),
      recommendation({ id: 'expired', rating: 5, expiresAt: 4999 }),
      recommendation({ id: 'still-valid', rating: 3, expiresAt: 5001 }),
      recommendation({ id: 'other-product', productKey: 'jd:1' }),
      recommendation({ id: 'orphan', expertId: 'fp-unknown' }),
    ]);
    const picks = await getPicksForProduct(db, 'tmall:600001', 5000);
    expect(picks.map((p) => [p.recommendation.id, p.expert.displayName])).toEqual([
      ['high', 'Bob'],
      ['still-valid', 'Alice'],
      ['low', 'Alice'],
    ]);
    expect(await getPicksForProduct(db, 'tmall:nothing', 5000)).toEqual([]);
  });

  it('keeps the newer copy of a pick, so a feed update can retract it but a stale one cannot revive it', async () => {
    await putRecommendations(db, [recommendation({ updatedAt: 2000, reason: 'v2' })]);
    expect(await putRecommendations(db, [recommendation({ updatedAt: 1000, reason: 'v1' })])).toBe(0);
    expect((await getRecommendation(db, 'rec-1'))?.reason).toBe('v2');
    await putRecommendations(db, [recommendation({ updatedAt: 3000, deleted: true })]);
    expect((await getRecommendation(db, 'rec-1'))?.deleted).toBe(true);
  });
});

describe('following experts', () => {
  it('follows, keeping the first follow time and the feed status on later updates', async () => {
    await followExpert(db, profile('fp-alice', 'Alice'), 100);
    const tx = db.transaction('experts', 'readwrite');
    const stored = await tx.store.get('fp-alice');
    await tx.store.put({ ...stored!, feedStatus: { lastFetchedAt: 150, lastError: null, etag: '"v1"' } });
    await tx.done;
    const again = await followExpert(db, profile('fp-alice', 'Alice B.'), 200);
    expect(again).toMatchObject({ displayName: 'Alice B.', followed: true, followedAt: 100, feedStatus: { etag: '"v1"' }, updatedAt: 200 });
  });

  it('unfollowing removes only that expert’s picks and keeps saved items', async () => {
    await followExpert(db, profile('fp-alice'), 100);
    await followExpert(db, profile('fp-bob'), 200);
    await putRecommendations(db, [
      recommendation({ id: 'a1' }),
      recommendation({ id: 'a2', productKey: 'jd:2' }),
      recommendation({ id: 'b1', expertId: 'fp-bob' }),
    ]);
    await saveProduct(db, 'tmall:600001', { viaExpertId: 'fp-alice' }, 300);

    expect(await unfollowExpert(db, 'fp-alice', 400)).toMatchObject({ removedRecommendations: 2, expert: { followed: false, followedAt: null } });
    expect(await getRecommendationsByExpert(db, 'fp-alice')).toEqual([]);
    expect((await getRecommendationsByExpert(db, 'fp-bob')).map((r) => r.id)).toEqual(['b1']);
    expect(await getSavedState(db, 'tmall:600001')).toMatchObject({ viaExpertId: 'fp-alice' });
    expect((await listFollowedExperts(db)).map((e) => e.id)).toEqual(['fp-bob']);
    expect(await getExpert(db, 'fp-alice')).toMatchObject({ followed: false });
  });

  it('refuses to unfollow an unknown expert and changes nothing', async () => {
    await putRecommendations(db, [recommendation({ expertId: 'fp-ghost' })]);
    await expect(unfollowExpert(db, 'fp-ghost')).rejects.toMatchObject({ code: 'not-found' });
    expect(await getRecommendationsByExpert(db, 'fp-ghost')).toHaveLength(1);
  });

  it('lists followed experts newest first', async () => {
    await followExpert(db, profile('fp-1'), 100);
    await followExpert(db, profile('fp-2'), 300);
    await followExpert(db, profile('fp-3'), 200);
    const tx = db.transaction('experts', 'readwrite');
    await tx.store.put(expert({ id: 'fp-unfollowed', followed: false, followedAt: null }));
    await tx.done;
    expect((await listFollowedExperts(db)).map((e) => e.id)).toEqual(['fp-2', 'fp-3', 'fp-1']);
  });
});
