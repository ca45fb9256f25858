import { beforeEach, describe, expect, it } from 'vitest';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import type { ProductRecord, RecommendationRecord } from '../../../utils/db/schema';
import { createExpertProfile } from '../../../utils/expert/profile';
import { encodedFeedOf } from '../../../utils/feed/publish';
import { verifyFeed } from '../../../utils/feed/verify';
import { buildOwnWindowFiles } from '../../../utils/window/own-window';
import { resetIndexedDb } from '../db/helpers';
import { DAY, NOW, parsePage, textAt } from './fixtures';
import { putRecommendations } from '../../../utils/db/recommendations';

let db: HaowuDb;

beforeEach(async () => {
  resetIndexedDb();
  db = await openHaowuDb();
});

const product: ProductRecord = {
  key: 'jd:3888216',
  platform: 'jd',
  productId: '3888216',
  canonicalUrl: 'https://item.jd.com/3888216.html',
  title: '华为 畅享6',
  imageUrl: 'https://img11.360buyimg.com/n1/phone.jpg',
  shopName: '华为京东自营官方旗舰店',
  storeDomain: 'jd.com',
  lastPrice: { currency: 'CNY', minMinor: 69900, maxMinor: 69900 },
  priceHistory: [],
  firstSeenAt: NOW - 40 * DAY,
  lastSeenAt: NOW - 40 * DAY,
  updatedAt: NOW - 40 * DAY,
};

const record = (id: string, expertId: string, overrides: Partial<RecommendationRecord> = {}): RecommendationRecord => ({
  id,
  expertId,
  productKey: product.key,
  snapshot: { title: product.title, imageUrl: product.imageUrl, price: product.lastPrice },
  reason: 'A cheap spare phone for travel; dual SIM works.',
  rating: 4,
  stockNote: null,
  tags: ['phones'],
  partnerLink: 'https://u.jd.com/abc',
  createdAt: NOW - 30 * DAY,
  updatedAt: NOW - 30 * DAY,
  expiresAt: null,
  deleted: false,
  ...overrides,
});

describe('buildOwnWindowFiles', () => {
  it('builds the window from the expert’s own records, with the freshly signed feed', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', bio: 'Phones.', avatarUrl: 'https://avatars.example.com/mei.png' }, NOW - 50 * DAY);
    await db.put('products', product);
    await putRecommendations(db, [record('p-live', own.expertId)]);
    await putRecommendations(db, [record('p-gone', own.expertId, { deleted: true, reason: 'GONE: retracted pick' })]);
    await putRecommendations(db, [record('p-old', own.expertId, { expiresAt: NOW - DAY, reason: 'OLD: expired pick' })]);
    await putRecommendations(db, [record('p-other', 'ed25519:00000000000000000000000000000000', { reason: 'OTHER: someone else’s pick' })]);

    const { files } = await buildOwnWindowFiles(db, NOW, { language: 'zh', publicBaseUrl: 'https://win.example/mei/', timeZone: 'UTC' });

    const feed = await verifyFeed(textAt(files, 'feed.json'));
    expect(feed.ok && feed.expertId).toBe(own.expertId);
    expect(feed.ok && feed.accepted.map((r) => r.id)).toEqual(['p-live']);
    expect(feed.ok && feed.retractions.map((r) => r.id)).toEqual(['p-gone']);
    // The feed names its window, so a follower's Haowu can open it.
    expect(feed.ok && feed.payload.expert.window).toBe('https://win.example/mei/index.html');

    const doc = parsePage(textAt(files, 'index.html'));
    expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelector('h1')?.textContent).toBe('Mei');
    expect(doc.querySelector('.fp span')?.getAttribute('title')).toBe(own.expertId);
    expect([...doc.querySelectorAll('article')].map((a) => a.id)).toEqual(['pick-p-live']);
    for (const file of files) {
      const text = typeof file.body === 'string' ? file.body : '';
      expect(text, file.path).not.toMatch(/GONE:|OLD:|OTHER:/);
    }
  });

  it('names no window in the feed of a zip, whose address Haowu does not know', async () => {
    const own = await createExpertProfile(db, { name: 'Mei' }, NOW - 50 * DAY);
    await db.put('products', product);
    await putRecommendations(db, [record('p-live', own.expertId)]);
    const { files } = await buildOwnWindowFiles(db, NOW, { language: 'en', publicBaseUrl: null, timeZone: 'UTC' });
    const feed = await verifyFeed(textAt(files, 'feed.json'));
    expect(feed.ok && feed.payload.expert).not.toHaveProperty('window');
  });

  it('with feedLater, gives the pages first and signs the feed when asked: the same files as a full build', async () => {
    const own = await createExpertProfile(db, { name: 'Mei' }, NOW - 50 * DAY);
    await db.put('products', product);
    await putRecommendations(db, [record('p-live', own.expertId), record('p-gone', own.expertId, { deleted: true })]);
    const options = { language: 'en' as const, publicBaseUrl: 'https://win.example/mei', timeZone: 'UTC' };
    const whole = await buildOwnWindowFiles(db, NOW, options);
    const parts = await buildOwnWindowFiles(db, NOW, { ...options, feedLater: true });
    expect(parts.files.map((file) => file.path)).not.toContain('feed.json');
    expect(parts.feed).toBeTypeOf('function');
    const feed = await parts.feed!();
    // Publishing's feed is the bytes encoded as it was signed, known as that envelope's file (feed-check.ts).
    expect(feed.body).toBeInstanceOf(Uint8Array);
    expect(encodedFeedOf(feed.body as Uint8Array)).toBe(feed.signed);
    const feedText = new TextDecoder().decode(feed.body as Uint8Array);
    // Ed25519 signatures are deterministic: the same payload signs to the same bytes.
    expect([...parts.files, { ...feed, body: feedText }].map((file) => [file.path, file.body]).sort()).toEqual(whole.files.map((file) => [file.path, file.body]).sort());
    expect(parts.inputs).toEqual(whole.inputs);
    const verified = await verifyFeed(feedText, { expectedExpertId: own.expertId });
    expect(verified.ok && verified.accepted.map((r) => r.id)).toEqual(['p-live']);
    expect(verified.ok && verified.retractions.map((r) => r.id)).toEqual(['p-gone']);
  });

  it('told whose window it is, reads the same picks (beside the identity), and refuses when the identity is another', async () => {
    const own = await createExpertProfile(db, { name: 'Mei' }, NOW - 50 * DAY);
    await db.put('products', product);
    await putRecommendations(db, [record('p-live', own.expertId), record('p-other', 'ed25519:00000000000000000000000000000000')]);
    const options = { language: 'en' as const, publicBaseUrl: 'https://win.example/mei', timeZone: 'UTC', feedLater: true };
    const told = await buildOwnWindowFiles(db, NOW, { ...options, expertId: own.expertId });
    const untold = await buildOwnWindowFiles(db, NOW, options);
    expect(told.files.map((file) => [file.path, file.body])).toEqual(untold.files.map((file) => [file.path, file.body]));
    expect((await told.feed!()).body).toEqual((await untold.feed!()).body);
    await expect(buildOwnWindowFiles(db, NOW, { ...options, expertId: 'ed25519:00000000000000000000000000000000' })).rejects.toThrow(/no expert profile/);
  });

  it('needs an expert profile', async () => {
    await expect(buildOwnWindowFiles(db, NOW, { language: 'en', publicBaseUrl: null })).rejects.toThrow(/no expert profile/);
  });
});
