import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { listFollowedExperts } from '../../../utils/db/experts';
import { storeFeedFile } from '../../../utils/db/feed-store';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { verifyFeed } from '../../../utils/feed/verify';
import { TAKE_OVER_REASON } from '../../../utils/expert/identity-restore';
import { getIdentity } from '../../../utils/expert/key-store';
import { OwnRecommendationInput, saveOwnRecommendation } from '../../../utils/expert/own-recommendations';
import { createExpertProfile, exportOwnIdentity, importOwnIdentity } from '../../../utils/expert/profile';
import { publishOwnFeed } from '../../../utils/expert/publish-own';
import { updateSettings } from '../../../utils/settings';
import { localFollowSnapshot } from '../../../utils/sync/local-state';
import { detected, storedPicks } from '../db/helpers';

/*
 * The user is an expert in one browser and follows their own feed in another. Restoring the identity
 * in the second browser asks first, then makes the followed feed their profile: the picks keep their
 * ids (and are published under the same feed ids), and the follow keeps its address.
 */

const NOW = Date.UTC(2025, 5, 1);
const FEED_URL = 'https://mei.example/haowu.json';
const PRODUCT = detected({ productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430', title: 'iPhone 11' });

let db: HaowuDb;
let identityJson: string;
let feedText: string;
let expertId: string;

beforeEach(async () => {
  // The first browser: the expert's profile, one pick, the published feed and the identity backup.
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  await updateSettings({ expertMode: true });
  const own = await createExpertProfile(db, { name: 'Mei' }, NOW, null);
  expertId = own.expertId;
  await saveOwnRecommendation(db, OwnRecommendationInput.parse({ productKey: PRODUCT.key, product: PRODUCT, reason: 'Battery lasts two days of normal use.', rating: 4 }), NOW);
  feedText = (await publishOwnFeed(db, NOW)).text;
  identityJson = (await exportOwnIdentity(NOW)).json;
  db.close();

  // The second browser follows that feed at its address.
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  const stored = await storeFeedFile(db, feedText, { follow: 'follow', feedUrl: FEED_URL }, NOW + 1000);
  if (!stored.ok) throw new Error(stored.reason);
});

const feedIdsOf = async (text: string) => {
  const feed = await verifyFeed(text, { expectedExpertId: expertId });
  if (!feed.ok) throw new Error(feed.reason);
  return feed.accepted.map((pick) => pick.id).sort();
};

describe('restoring an identity whose feed this browser follows', () => {
  it('asks first and changes nothing until the user confirms', async () => {
    const expertBefore = await db.get('experts', expertId);
    const picksBefore = await storedPicks(db);
    await expect(importOwnIdentity(db, identityJson, NOW + 2000, null)).rejects.toMatchObject({
      code: 'invalid-input',
      detail: { reason: TAKE_OVER_REASON, params: { name: 'Mei', address: FEED_URL, picks: 1, followed: 1 } },
    });
    expect(await getIdentity()).toBeNull();
    expect(await db.get('experts', expertId)).toEqual(expertBefore);
    expect(await storedPicks(db)).toEqual(picksBefore);
  });

  it('confirmed: keeps the pick ids and the follow’s address, and publishes the same feed ids again', async () => {
    const picksBefore = await storedPicks(db);
    const restored = await importOwnIdentity(db, identityJson, NOW + 2000, null, { takeOver: true });
    expect(restored.expertId).toBe(expertId);
    // Not "followed" any more: unfollowing one's own profile would delete one's own picks.
    expect(restored.expert).toMatchObject({ kind: 'local', feedUrl: FEED_URL, followed: false, followedAt: null });
    expect((await listFollowedExperts(db)).map((e) => e.id)).not.toContain(expertId);
    // The same records under the same ids: carts and purchases that name them still do.
    expect((await storedPicks(db)).map((r) => r.id)).toEqual(picksBefore.map((r) => r.id));
    // Publishing from here gives followers the picks they have, not new ones.
    expect(await feedIdsOf((await publishOwnFeed(db, NOW + 3000)).text)).toEqual(await feedIdsOf(feedText));
    // Sync still sees the address followed here (neither re-followed nor unfollowed elsewhere).
    expect((await localFollowSnapshot(db)).follows).toEqual([{ url: FEED_URL, kind: 'feed', followed: true, at: restored.expert.updatedAt, expertId }]);
  });
});
