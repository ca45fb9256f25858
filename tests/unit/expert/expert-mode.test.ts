import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../utils/db/backup';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { getPicksForProduct, putRecommendations } from '../../../utils/db/recommendations';
import { fingerprint } from '../../../utils/feed/crypto';
import { IdentityFile } from '../../../utils/feed/identity';
import { verifyFeed } from '../../../utils/feed/verify';
import { getIdentity } from '../../../utils/expert/key-store';
import { deleteOwnRecommendation, saveOwnRecommendation, OwnRecommendationInput } from '../../../utils/expert/own-recommendations';
import { createExpertProfile, exportOwnIdentity, getOwnProfile, importOwnIdentity, updateExpertProfile } from '../../../utils/expert/profile';
import { publishOwnFeed } from '../../../utils/expert/publish-own';
import { updateSettings } from '../../../utils/settings';
import { detected, storedPicks } from '../db/helpers';

const NOW = Date.UTC(2025, 5, 1);
const PRODUCT = detected({ productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430', title: 'iPhone 11' });
const REASON = 'Battery lasts two days of normal use.';

let db: HaowuDb;
beforeEach(async () => {
  // Both databases (haowu and haowu-keys) start empty.
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  await updateSettings({ expertMode: true });
});

const save = async (fields: Partial<OwnRecommendationInput> = {}, now = NOW) =>
  saveOwnRecommendation(db, OwnRecommendationInput.parse({ productKey: PRODUCT.key, product: PRODUCT, reason: REASON, rating: 4, ...fields }), now);

describe('expert profile', () => {
  it('makes an Ed25519 key pair whose fingerprint is the expert id, stored outside the haowu database', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', bio: 'Phones', avatarUrl: 'https://example.com/mei.png' }, NOW);
    expect(own.expertId).toBe(await fingerprint(own.publicKey));
    expect(own.expertId).toMatch(/^ed25519:[0-9a-f]{32}$/);
    expect(own.expert).toMatchObject({ id: own.expertId, kind: 'local', displayName: 'Mei', bio: 'Phones', avatarUrl: 'https://example.com/mei.png', followed: false });
    const identity = await getIdentity();
    expect(identity?.keyPair.privateKey.type).toBe('private');
    expect(db.objectStoreNames.contains('identities' as never)).toBe(false);
  });

  it('keeps the id when the name changes, and refuses a second profile', async () => {
    const own = await createExpertProfile(db, { name: 'Mei' }, NOW);
    const renamed = await updateExpertProfile(db, { name: '  Mei Li  ', bio: '', avatarUrl: '' }, NOW + 1);
    expect(renamed.expertId).toBe(own.expertId);
    expect(renamed.profile).toEqual({ name: 'Mei Li' });
    expect((await db.get('experts', own.expertId))?.displayName).toBe('Mei Li');
    await expect(createExpertProfile(db, { name: 'Other' }, NOW)).rejects.toThrow(/already has your expert profile/);
  });

  it('refuses a bad name or a non-https avatar with the field named', async () => {
    await expect(createExpertProfile(db, { name: '   ' }, NOW)).rejects.toThrow(/name: at least 1/);
    await expect(createExpertProfile(db, { name: 'x'.repeat(81) }, NOW)).rejects.toThrow(/name: at most 80/);
    await expect(createExpertProfile(db, { name: 'Mei', avatarUrl: 'http://example.com/a.png' }, NOW)).rejects.toThrow(/avatarUrl is not valid/);
    expect(await getIdentity()).toBeNull();
  });

  it('never puts the private key in a backup', async () => {
    await createExpertProfile(db, { name: 'Mei' }, NOW);
    await save();
    const { json } = await exportOwnIdentity(NOW);
    const privateD = IdentityFile.parse(JSON.parse(json)).privateKey.d;
    const backup = JSON.stringify(await exportBackup(db, NOW));
    expect(backup).toContain('Mei'); // the profile is there...
    expect(backup).not.toContain(privateD); // ...the key is not
    expect(backup).not.toMatch(/"d"\s*:|privateKey|keyPair/);
  });

  it('re-creates the profile record from the key store when the haowu database was cleared', async () => {
    const own = await createExpertProfile(db, { name: 'Mei' }, NOW);
    await db.clear('experts');
    expect((await getOwnProfile(db, NOW))?.expert).toMatchObject({ id: own.expertId, displayName: 'Mei', kind: 'local' });
  });
});

describe('identity backup', () => {
  it('export then import into a fresh browser restores the same fingerprint, and signs for it', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', bio: 'Phones' }, NOW);
    const exported = await exportOwnIdentity(NOW);
    expect(exported.json).toContain('PRIVATE KEY');
    expect(exported.filename).toMatch(/^haowu-identity-[0-9a-f]{8}-2025-06-01\.json$/);

    globalThis.indexedDB = new IDBFactory();
    db = await openHaowuDb();
    expect(await getOwnProfile(db, NOW)).toBeNull();
    const restored = await importOwnIdentity(db, exported.json, NOW);
    expect(restored.expertId).toBe(own.expertId);
    expect(restored.profile).toEqual({ name: 'Mei', bio: 'Phones' });
    await save();
    const feed = await verifyFeed((await publishOwnFeed(db, NOW)).text, { expectedExpertId: own.expertId });
    expect(feed.ok).toBe(true);
  });

  it('refuses a damaged file and a different identity, keeping the current one', async () => {
    const first = await createExpertProfile(db, { name: 'Mei' }, NOW);
    await expect(importOwnIdentity(db, '{"format":"haowu-identity"}', NOW)).rejects.toThrow(/not a valid Haowu identity backup/);
    const other = (await exportOwnIdentity(NOW)).json;
    globalThis.indexedDB = new IDBFactory();
    db = await openHaowuDb();
    await createExpertProfile(db, { name: 'Someone else' }, NOW);
    await expect(importOwnIdentity(db, other, NOW)).rejects.toThrow(/already has a different expert identity/);
    expect((await getIdentity())?.expertId).not.toBe(first.expertId);
  });
});

describe('own recommendations', () => {
  beforeEach(async () => {
    await createExpertProfile(db, { name: 'Mei' }, NOW);
  });

  it('saves a pick shown at once as the local expert’s, with the product page as link when none is given', async () => {
    const saved = await save({ stockNote: ' Plenty ', tags: ['phone', ' phone ', 'gift'] });
    expect(saved).toMatchObject({ productKey: 'tmall:605258110430', partnerLink: PRODUCT.canonicalUrl, stockNote: 'Plenty', tags: ['phone', 'gift'], deleted: false });
    expect(saved.snapshot.title).toBe('iPhone 11');
    const picks = await getPicksForProduct(db, PRODUCT.key, NOW);
    expect(picks.map((p) => [p.recommendation.id, p.expert.kind])).toEqual([[saved.id, 'local']]);
  });

  it('keeps one pick per product: recommending again edits it', async () => {
    const first = await save();
    const second = await save({ rating: 5, partnerLink: 'https://s.click.taobao.com/t?e=mine' }, NOW + 10);
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ rating: 5, partnerLink: 'https://s.click.taobao.com/t?e=mine', createdAt: NOW, updatedAt: NOW + 10 });
    expect((await storedPicks(db)).length).toBe(1);
  });

  it.each([
    [{ reason: 'too short' }, /at least 10 characters/],
    [{ reason: 'x'.repeat(1001) }, /to 1,000 characters/],
    [{ rating: 0 }, /must be between 1 and 5/],
    [{ rating: 6 }, /must be between 1 and 5/],
    [{ stockNote: 'x'.repeat(201) }, /stock note to 200/],
    [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /at most 10 tags/],
    [{ tags: ['x'.repeat(33)] }, /longer than 32/],
    [{ expiresAt: NOW - 1 }, /must be in the future/],
    [{ partnerLink: 'https://u.jd.com/abc' }, /goes to u\.jd\.com, which is not one of Tmall’s link hosts/],
    [{ partnerLink: 'https://taobao.com.evil.example/x' }, /not one of Tmall’s link hosts/],
    [{ partnerLink: 'http://s.click.taobao.com/x' }, /must start with https/],
    [{ partnerLink: 'https://user@s.click.taobao.com/x' }, /user name or password/],
    [{ partnerLink: 'https://s.click.taobao.com:8443/x' }, /must not name a port/],
    [{ partnerLink: 'not a link' }, /not a valid address/],
  ] as [Partial<OwnRecommendationInput>, RegExp][])('refuses %j', async (fields, message) => {
    await expect(save(fields)).rejects.toThrow(message);
    expect((await storedPicks(db)).length).toBe(0);
  });

  it('accepts every Tmall/Taobao partner host and a future expiry', async () => {
    for (const link of ['https://s.click.taobao.com/t?e=1', 'https://uland.taobao.com/x', 'https://m.tb.cn/h.abc', 'https://detail.tmall.com/item.htm?id=605258110430']) {
      await expect(save({ partnerLink: link, expiresAt: NOW + 86_400_000 })).resolves.toMatchObject({ partnerLink: link, expiresAt: NOW + 86_400_000 });
    }
  });

  it('only in expert mode', async () => {
    await updateSettings({ expertMode: false });
    await expect(save()).rejects.toThrow(/Turn on expert mode/);
  });

  it('only with a profile', async () => {
    globalThis.indexedDB = new IDBFactory();
    db = await openHaowuDb();
    await expect(save()).rejects.toThrow(/Create your expert profile/);
  });

  it('edits by id only the expert’s own live picks', async () => {
    const mine = await save();
    await putRecommendations(db, [{ ...mine, id: 'someone/else', expertId: 'ed25519:someoneelse' }]);
    await expect(save({ id: 'someone/else' })).rejects.toThrow(/not one of yours/);
    await expect(deleteOwnRecommendation(db, 'someone/else', NOW)).rejects.toThrow(/not one of yours/);
    await expect(save({ id: mine.id, reason: 'Changed my mind about the case.' })).resolves.toMatchObject({ id: mine.id, reason: 'Changed my mind about the case.' });
  });
});

describe('publish', () => {
  it('signs a feed that verifies, with the profile, live picks, retractions for deleted ones and the omitted list', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', bio: 'Phones', avatarUrl: 'https://example.com/mei.png' }, NOW);
    const kept = await save({ partnerLink: 'https://s.click.taobao.com/t?e=mine', tags: ['phone'] });
    const other = detected({ productId: '600000000001', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600000000001', title: 'Case' });
    const gone = await saveOwnRecommendation(db, OwnRecommendationInput.parse({ productKey: other.key, product: other, reason: REASON, rating: 3 }), NOW);
    await deleteOwnRecommendation(db, gone.id, NOW + 5);
    // A pick whose product record is gone cannot be published: it is listed, not dropped silently.
    const third = detected({ productId: '600000000002', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600000000002' });
    const orphan = await saveOwnRecommendation(db, OwnRecommendationInput.parse({ productKey: third.key, product: third, reason: REASON, rating: 3 }), NOW);
    await db.delete('products', third.key);

    const published = await publishOwnFeed(db, NOW + 10);
    expect(published).toMatchObject({ expertId: own.expertId, published: 1, retracted: 1 });
    expect(published.omitted).toEqual([{ id: orphan.id, why: 'product-unknown', reason: expect.stringContaining('no longer in your data') }]);

    const feed = await verifyFeed(published.text, { expectedExpertId: own.expertId });
    if (!feed.ok) throw new Error(feed.reason);
    expect(feed.expert).toEqual({ publicKey: own.publicKey, name: 'Mei', bio: 'Phones', avatarUrl: 'https://example.com/mei.png' });
    expect(feed.accepted.map((r) => [r.id, r.partnerLink, r.product.key])).toEqual([[kept.id, 'https://s.click.taobao.com/t?e=mine', PRODUCT.key]]);
    expect(feed.retractions).toEqual([{ id: gone.id, retractedAt: new Date(NOW + 5).toISOString() }]);
    expect(feed.skipped).toEqual([]);
  });

  it('needs a profile', async () => {
    await expect(publishOwnFeed(db, NOW)).rejects.toThrow(/no expert profile yet/);
  });
});
