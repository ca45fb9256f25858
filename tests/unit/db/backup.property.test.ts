import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBackup, importBackup, mergeData, type BackupData } from '../../../utils/db/backup';
import type { CartRecord, ExpertRecord, ProductRecord, RecommendationRecord, SavedRecord } from '../../../utils/db/schema';
import { FEED_ERROR_CODES, SKIP_CODES } from '../../../utils/feed/status-codes';
import type { FeedErrorInfo, FeedSummaryInfo } from '../../../utils/feed/status-info';
import { freshDb } from './helpers';
import { restored } from './records';
import { cleanDisplayName } from '../../../utils/expert/display-name';

const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const text = (maxLength: number) => fc.string({ maxLength, unit: 'grapheme' });
const nonEmpty = (maxLength: number) => fc.string({ minLength: 1, maxLength, unit: 'grapheme' });
const https = fc.tuple(fc.constantFrom('a.example', 'img.alicdn.com', 'jd.com'), fc.stringMatching(/^[a-z0-9/]{0,12}$/)).map(([host, path]) => `https://${host}/${path}`);
const platform = fc.constantFrom('tmall', 'taobao', 'jd', 'weidian', 'pinduoduo', 'amazon', 'site' as const);
// A `site` product's id starts with its store's domain, which is where its partner links may go.
const productKey = fc.tuple(platform, fc.stringMatching(/^[0-9a-z]{1,10}$/)).map(([p, id]) => (p === 'site' ? `site:shop.example/${id}` : `${p}:${id}`));
const LINK_HOST = { tmall: 's.click.taobao.com', taobao: 'uland.taobao.com', jd: 'u.jd.com', weidian: 'k.weidian.com', pinduoduo: 'p.pinduoduo.com', amazon: 'amzn.to', site: 'shop.example' } as const;
/** A partner link on the product's own store, as backup import requires. */
const linkFor = (key: string) => `https://${LINK_HOST[key.split(':')[0] as keyof typeof LINK_HOST]}/${key.length}`;
const price = fc
  .record({ currency: fc.constantFrom('CNY', 'USD', 'JPY'), a: fc.nat(1e9), b: fc.nat(1e9) })
  .map(({ currency, a, b }) => ({ currency, minMinor: Math.min(a, b), maxMinor: Math.max(a, b) }));
const id = fc.stringMatching(/^[a-z0-9-]{1,16}$/);

const product: fc.Arbitrary<ProductRecord> = fc.record({
  key: productKey,
  platform,
  productId: nonEmpty(20),
  canonicalUrl: https,
  title: nonEmpty(40),
  imageUrl: fc.option(https, { nil: null }),
  shopName: fc.option(nonEmpty(20), { nil: null }),
  storeDomain: fc.constantFrom('tmall.com', 'jd.hk', 'shop.example'),
  lastPrice: fc.option(price, { nil: null }),
  priceHistory: fc.array(fc.record({ at: time, price: fc.option(price, { nil: null }) }), { maxLength: 4 }),
  firstSeenAt: time,
  lastSeenAt: time,
  updatedAt: time,
});

const errorInfo: fc.Arbitrary<FeedErrorInfo> = fc.record(
  {
    code: fc.constantFrom(...FEED_ERROR_CODES),
    params: fc.dictionary(fc.constantFrom('what', 'status', 'origin', 'detail'), fc.oneof(text(20), fc.integer()), { maxKeys: 4 }),
  },
  { requiredKeys: ['code'] },
);
const count = fc.nat(100_000);
const skipGroup = fc.record({ code: fc.constantFrom(...SKIP_CODES), field: nonEmpty(20), count }, { requiredKeys: ['code', 'count'] });
const summaryInfo: fc.Arbitrary<FeedSummaryInfo> = fc.record({
  total: count,
  accepted: count,
  skipped: count,
  reasons: fc.array(skipGroup, { maxLength: 3 }),
  retractions: count,
  skippedRetractions: count,
  retractionReasons: fc.array(skipGroup, { maxLength: 2 }),
});

// A stored avatar copy (optional: records from before it lack it): a small WebP or PNG, or null for a failed fetch.
const webpBytes = (n: number) => Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.alloc(n)]);
const pngBytes = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(n)]);
const avatarDataUrl = fc
  .tuple(fc.constantFrom('webp', 'png'), fc.integer({ min: 8, max: 300 }))
  .map(([type, n]) => `data:image/${type};base64,${(type === 'webp' ? webpBytes(n) : pngBytes(n)).toString('base64')}`);
const avatarCopy = fc.record({ sourceUrl: https, dataUrl: fc.option(avatarDataUrl, { nil: null }), fetchedAt: time });

const expert: fc.Arbitrary<ExpertRecord> = fc.record(
  {
    id,
    kind: fc.constantFrom('feed', 'local' as const),
    // A name with nothing visible is refused on import (utils/expert/display-name.ts).
    displayName: nonEmpty(20).filter((name) => cleanDisplayName(name) !== ''),
    bio: text(60),
    avatarUrl: fc.option(https, { nil: null }),
    feedUrl: fc.option(https, { nil: null }),
    followed: fc.boolean(),
    followedAt: fc.option(time, { nil: null }),
    feedStatus: fc.record(
      {
        lastFetchedAt: fc.option(time, { nil: null }),
        lastError: fc.option(text(30), { nil: null }),
        etag: fc.option(text(10), { nil: null }),
        summary: fc.option(text(30), { nil: null }),
        // The summary and error as data (optional: records from before them lack them).
        summaryInfo: fc.option(summaryInfo, { nil: null }),
        lastErrorInfo: fc.option(errorInfo, { nil: null }),
      },
      { requiredKeys: ['lastFetchedAt', 'lastError', 'etag'] },
    ),
    avatarCopy,
    updatedAt: time,
  },
  { requiredKeys: ['id', 'kind', 'displayName', 'bio', 'avatarUrl', 'feedUrl', 'followed', 'followedAt', 'feedStatus', 'updatedAt'] },
);

const recommendation: fc.Arbitrary<RecommendationRecord> = fc.record({
  id,
  expertId: id,
  productKey,
  snapshot: fc.record({ title: nonEmpty(30), imageUrl: fc.option(https, { nil: null }), price: fc.option(price, { nil: null }) }),
  reason: text(60),
  rating: fc.integer({ min: 1, max: 5 }),
  stockNote: fc.option(text(20), { nil: null }),
  tags: fc.array(nonEmpty(10), { maxLength: 3 }),
  partnerLink: fc.option(fc.constant(''), { nil: null }),
  createdAt: time,
  updatedAt: time,
  expiresAt: fc.option(time, { nil: null }),
  deleted: fc.boolean(),
}).map((r) => ({ ...r, partnerLink: r.partnerLink === null ? null : linkFor(r.productKey) }));

const saved: fc.Arbitrary<SavedRecord> = fc.record({
  productKey,
  savedAt: time,
  note: text(40),
  viaExpertId: fc.option(id, { nil: null }),
  updatedAt: time,
});

const cartLine: fc.Arbitrary<CartRecord> = fc.record({
  productKey,
  variant: text(10),
  store: nonEmpty(12),
  quantity: fc.integer({ min: 1, max: 99 }),
  addedAt: time,
  viaRecommendationId: fc.option(id, { nil: null }),
  updatedAt: time,
});

const data: fc.Arbitrary<BackupData> = fc.record({
  products: fc.uniqueArray(product, { selector: (r) => r.key, maxLength: 6 }),
  experts: fc.uniqueArray(expert, { selector: (r) => r.id, maxLength: 4 }),
  recommendations: fc.uniqueArray(recommendation, { selector: (r) => r.id, maxLength: 8 }),
  saved: fc.uniqueArray(saved, { selector: (r) => r.productKey, maxLength: 6 }),
  cart: fc.uniqueArray(cartLine, { selector: (r) => JSON.stringify([r.productKey, r.variant]), maxLength: 6 }),
});

const withoutTime = <T extends { exportedAt: string }>({ exportedAt: _, ...rest }: T) => rest;

describe('backup round trip (property)', () => {
  it('export → import into an empty database → export gives the same data', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(data, async (records) => {
        const source = await freshDb();
        await mergeData(source, records);
        const first = await exportBackup(source);
        source.close();

        const target = await freshDb();
        await importBackup(target, JSON.stringify(first));
        const second = await exportBackup(target);
        target.close();

        // The same data, but the feed state of the browser that wrote the backup is not kept (not verified here).
        const expected = { ...first, experts: first.experts.map(restored) };
        expect(withoutTime(second)).toEqual(withoutTime(expected));
        // And the export holds exactly what was written.
        const sortBy = <T>(list: T[], key: (r: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        expect(sortBy(first.saved, (r) => r.productKey)).toEqual(sortBy(records.saved, (r) => r.productKey));
        expect(sortBy(first.recommendations, (r) => r.id)).toEqual(sortBy(records.recommendations, (r) => r.id));
        expect(first.cart).toHaveLength(records.cart.length);
        expect(sortBy(first.experts, (r) => r.id)).toEqual(sortBy(records.experts, (r) => r.id));
      }),
      { numRuns: 60 },
    );
  });
});
