// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { storeFeedFile } from '../../../utils/db/feed-store';
import { putRecommendations } from '../../../utils/db/recommendations';
import { storedRecommendationId, toRecommendationRecord } from '../../../utils/feed/records';
import { freshDb, storedPicks } from '../db/helpers';
import { newExpert, recommendation, signedFeed } from './helpers';

/*
 * A stored feed pick's `receivedAt` is when it first reached Haowu, what the Picks tab's "new" count
 * compares. Since issue 19 the stored record is built once with it (it was built, then copied with it).
 */

const T0 = Date.UTC(2025, 5, 1);

describe('when a feed pick first came', () => {
  it('is the store time for a new pick, kept from its first store after, and left absent where the stored copy has none', async () => {
    const alice = await newExpert();
    const db = await freshDb();
    const first = await storeFeedFile(db, JSON.stringify(await signedFeed(alice, [recommendation('a'), recommendation('b')])), { follow: 'follow' }, T0);
    if (!first.ok) throw new Error(first.reason);
    const id = (feedId: string) => storedRecommendationId(first.expert.id, feedId);
    // A pick stored before the field existed: no receivedAt.
    await putRecommendations(db, [toRecommendationRecord(first.expert.id, recommendation('old'))]);

    const later = await storeFeedFile(db, JSON.stringify(await signedFeed(alice, ['a', 'b', 'c', 'old'].map((feedId) => recommendation(feedId)))), { follow: 'keep' }, T0 + 1000);
    if (!later.ok) throw new Error(later.reason);
    const byId = new Map((await storedPicks(db)).map((pick) => [pick.id, pick]));
    expect(byId.get(id('a'))?.receivedAt).toBe(T0);
    expect(byId.get(id('b'))?.receivedAt).toBe(T0);
    expect(byId.get(id('c'))?.receivedAt).toBe(T0 + 1000);
    expect(byId.get(id('old'))).not.toHaveProperty('receivedAt');
    // Field for field what the feed says, with the time it came.
    expect(byId.get(id('c'))).toEqual({ ...toRecommendationRecord(first.expert.id, recommendation('c')), receivedAt: T0 + 1000 });
    expect(later.expert.lastArrivalAt).toBe(T0 + 1000);

    // The same feed again: nothing new arrives.
    const again = await storeFeedFile(db, JSON.stringify(await signedFeed(alice, ['a', 'b', 'c', 'old'].map((feedId) => recommendation(feedId)))), { follow: 'keep' }, T0 + 2000);
    if (!again.ok) throw new Error(again.reason);
    expect(again.expert.lastArrivalAt).toBe(T0 + 1000);
    expect((await storedPicks(db)).find((pick) => pick.id === id('c'))?.receivedAt).toBe(T0 + 1000);
  });
});
