// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCollection, verifyCollection } from '../../../utils/feed/collection';
import {
  describeCollectionStatus,
  describeCollectionSummary,
  describeExpertStatus,
  describeFeedError,
  describeFeedSummary,
  describeRefresh,
  describeSkip,
  type Voice,
} from '../../../utils/feed/describe-status';
import { fetchFeed, type FetchFeedOptions } from '../../../utils/feed/fetch-feed';
import { FEED_ERROR_CODES, SKIP_CODES, type FeedErrorCode, type FeedErrorParams } from '../../../utils/feed/status-codes';
import type { CollectionSummaryInfo, FeedErrorInfo, FeedSummaryInfo } from '../../../utils/feed/status-info';
import { readJson, summarizeFeed, summarizeFeedInfo, verifyFeed, type FeedRejected } from '../../../utils/feed/verify';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate, type Language } from '../../../utils/i18n/translate';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw } from './helpers';

const voice = (language: Language): Voice => ({ t: (key, params) => translate(ALL_STRINGS, language, key, params), language });
const en = voice('en');
const zh = voice('zh');
const LANGUAGES = [en, zh];

const infoOf = (rejected: FeedRejected): FeedErrorInfo => ({ code: rejected.code, ...(rejected.params && { params: rejected.params }) });
/** Said from the data alone: no English sentence to fall back on. */
const sayError = (v: Voice, info: FeedErrorInfo) => describeFeedError(v, info, null);
const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

/** Every code with the parameters it is stored with; several for a code said in more than one way. */
const SAMPLES: Record<FeedErrorCode, FeedErrorParams[]> = {
  'too-large': [{ what: 'feed', limit: '5 MB' }],
  'not-text': [{ what: 'file' }],
  'not-json': [{ what: 'collection' }],
  'not-a-feed': [{ expected: 'feed' }, { expected: 'collection' }, { expected: 'feed', found: 'collection' }, { expected: 'collection', found: 'feed' }, { expected: 'entry' }],
  'unsupported-version': [{ what: 'feed', version: 2, supported: 1 }],
  'malformed-envelope': [{ what: 'feed', detail: 'signature: is missing' }],
  'malformed-payload': [{ problem: 'json' }, { problem: 'no-key' }, { problem: 'invalid', detail: 'expert.name: is missing' }],
  'bad-public-key': [{}],
  'bad-signature': [{}],
  'wrong-expert': [{ expertId: 'fp-new', expected: 'fp-old' }],
  'duplicate-expert': [{ expertId: 'fp-a', index: 3 }],
  timeout: [{ what: 'feed', seconds: 15 }],
  network: [{ what: 'collection' }],
  'http-not-found': [{ what: 'feed', status: 404 }],
  'http-refused': [{ what: 'feed', status: 403 }],
  'http-server': [{ what: 'collection', status: 502 }],
  'http-status': [{ what: 'file', status: 418 }],
  'not-https': [{ what: 'feed' }],
  'redirect-private': [{ what: 'feed', url: 'https://127.0.0.1/feed.json' }],
  'redirect-not-allowed': [{ what: 'collection', url: 'https://elsewhere.example/c.json' }],
  'redirect-too-many': [{ what: 'feed', url: 'https://feeds.example/6', max: 5 }],
  rollback: [{ publishedAt: '2025-03-01T08:00:00.000Z', newest: '2025-03-02T08:00:00.000Z' }],
  permission: [{ origin: 'https://feeds.example' }],
  internal: [{}],
  'own-profile': [{}],
  'not-stored': [{}],
  'key-changed': [{ expertId: 'ed25519:new', previous: 'ed25519:old', name: 'Mei' }],
  'no-discovery': [{}],
  'discovery-not-https': [{ url: 'http://window.example/feed.json' }],
};

describe('every code is said in both languages', () => {
  it('skip reasons', () => {
    for (const code of SKIP_CODES) {
      const [english, chinese] = LANGUAGES.map((v) => describeSkip(v, { code, field: 'rating' }));
      expect(english, code).toEqual(expect.any(String));
      expect(chinese, code).toEqual(expect.any(String));
      expect(chinese, code).not.toBe(english);
      expect(hasChinese(chinese!), code).toBe(true);
      for (const text of [english!, chinese!]) expect(text, code).not.toMatch(/\{\w+\}|popup\./);
    }
    // An invalid field names the field in both.
    expect(describeSkip(zh, { code: 'invalid-field', field: 'product.key' })).toBe('product.key无效');
  });

  it('errors, with each way a code is said', () => {
    for (const code of FEED_ERROR_CODES) {
      for (const params of SAMPLES[code]) {
        const info = { code, params };
        const [english, chinese] = LANGUAGES.map((v) => sayError(v, info));
        expect(english, code).toEqual(expect.any(String));
        expect(chinese, code).toEqual(expect.any(String));
        expect(chinese, code).not.toBe(english);
        expect(hasChinese(chinese!), code).toBe(true);
        for (const text of [english!, chinese!]) expect(text, `${code} ${JSON.stringify(params)}`).not.toMatch(/\{\w+\}|popup\./);
      }
      // Each variant reads differently.
      const variants = SAMPLES[code].map((params) => sayError(zh, { code, params }));
      expect(new Set(variants).size, code).toBe(variants.length);
    }
  });

  it('the `what` of a message in the UI language', () => {
    expect(sayError(zh, { code: 'timeout', params: { what: 'feed', seconds: 15 } })).toBe('订阅服务器在15秒内没有响应。好物会在下次更新时重试。');
    expect(sayError(zh, { code: 'http-server', params: { what: 'collection', status: 502 } })).toBe('合集服务器出现问题（502）。好物会在下次更新时重试。');
  });
});

describe('the stored English, when the data cannot say it', () => {
  const fallback = 'The stored English sentence.';
  it('no data (a record stored before it existed)', () => {
    expect(describeFeedSummary(zh, undefined, fallback)).toBe(fallback);
    expect(describeFeedSummary(zh, null, null)).toBeNull();
    expect(describeFeedError(zh, null, fallback)).toBe(fallback);
    expect(describeCollectionSummary(zh, undefined, fallback)).toBe(fallback);
    expect(describeExpertStatus(zh, { summary: fallback, lastError: 'Old error.' })).toEqual({ summary: fallback, error: 'Old error.' });
  });

  it('a code this version does not know, or a missing parameter', () => {
    expect(describeFeedError(zh, { code: 'from-the-future' } as unknown as FeedErrorInfo, fallback)).toBe(fallback);
    expect(describeFeedError(zh, { code: 'timeout', params: { what: 'feed' } }, fallback)).toBe(fallback);
    expect(describeFeedError(zh, { code: 'network', params: { what: 'identity file' } }, fallback)).toBe(fallback);
    expect(describeFeedError(zh, { code: 'not-a-feed', params: { expected: 'something' } }, fallback)).toBe(fallback);
    expect(describeFeedError(zh, { code: 'permission', params: { toString: 'x' } }, fallback)).toBe(fallback);
    const summary: FeedSummaryInfo = { total: 2, accepted: 1, skipped: 1, reasons: [{ code: 'invalid-field', count: 1 }], retractions: 0, skippedRetractions: 0, retractionReasons: [] };
    expect(describeFeedSummary(zh, summary, fallback)).toBe(fallback);
    const collection: CollectionSummaryInfo = { total: 2, accepted: 1, firstRejected: { index: 1, error: { code: 'timeout' } }, moreRejected: 0, notStored: [] };
    expect(describeCollectionSummary(zh, collection, fallback)).toBe(fallback);
  });
});

describe('summaries', () => {
  const summary: FeedSummaryInfo = {
    total: 1200,
    accepted: 1197,
    skipped: 3,
    reasons: [
      { code: 'link-host', count: 2 },
      { code: 'invalid-field', field: 'rating', count: 1 },
    ],
    retractions: 1,
    skippedRetractions: 1,
    retractionReasons: [{ code: 'duplicate-id', count: 1 }],
  };

  it('a feed’s, in Chinese and English', () => {
    expect(describeFeedSummary(zh, summary, null)).toBe('1,200条推荐中跳过了3条：推广链接的域名不被允许（2），rating无效（1）；1条撤回中跳过了1条：id 重复');
    expect(describeFeedSummary(en, summary, null)).toBe(
      '3 of 1,200 recommendations skipped: link host not allowed (2), invalid rating (1); 1 of 1 retraction skipped: duplicate id',
    );
    expect(describeFeedSummary(zh, { ...summary, accepted: 1200, skipped: 0, reasons: [], skippedRetractions: 0, retractionReasons: [] }, null)).toBe('已接收全部1,200条推荐');
  });

  it('a collection’s, and its not-stored error said by the summary', () => {
    const info: CollectionSummaryInfo = {
      total: 3,
      accepted: 1,
      firstRejected: { index: 2, error: { code: 'bad-signature' } },
      moreRejected: 1,
      notStored: [{ name: 'Mei', error: { code: 'internal' } }],
    };
    const said = describeCollectionSummary(zh, info, null);
    expect(said).toBe(
      '3个订阅中接收了1个；feeds[2]：此订阅的签名与内容不符：它在达人签名后被改动过，或在传输中损坏。请从达人自己的地址重新获取。（另有1个）；Mei：好物在保存此订阅时内部出错；你已有的推荐都保留着。稍后会重试。',
    );
    const status = { summary: 'English summary', summaryInfo: info, lastError: 'English summary', lastErrorInfo: { code: 'not-stored' as const } };
    expect(describeCollectionStatus(zh, status)).toEqual({ summary: said, error: said });
    expect(describeCollectionStatus(zh, { ...status, summaryInfo: null })).toEqual({ summary: 'English summary', error: 'English summary' });
    expect(describeCollectionStatus(zh, { ...status, lastError: null })).toEqual({ summary: said, error: null });
  });

  it('a refresh’s message', () => {
    expect(describeRefresh(zh, { kind: 'collection', message: 'The collection has not changed.', detail: { type: 'not-modified' } })).toBe('合集没有变化。');
    expect(describeRefresh(en, { kind: 'feed', message: 'The feed has not changed.', detail: { type: 'not-modified' } })).toBe('The feed has not changed.');
    expect(describeRefresh(zh, { kind: 'feed', message: 'x', detail: { type: 'error', info: { code: 'bad-public-key' } } })).toMatch(/^此订阅的达人公钥/);
    expect(describeRefresh(zh, { kind: 'feed', message: 'No detail: as it is.' })).toBe('No detail: as it is.');
  });
});

/*
 * The English tables mirror the stored sentences: said in English from the data, a summary or an
 * error is the very sentence stored beside it. So the data leaves nothing of the sentence out.
 */
describe('the data carries the whole stored sentence', () => {
  it('feed summaries, for any mix of good and bad items', async () => {
    const alice = await newExpert();
    const base = recommendation('x');
    const item = fc.oneof(
      fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), rating: fc.integer({ min: 0, max: 6 }) }).map(({ id, rating }) => recommendation(id, { rating })),
      fc.constantFrom(
        { id: 'x' },
        'not an object',
        null,
        recommendation('e', { partnerLink: 'https://u.jd.com/x' }),
        recommendation('f', { product: { ...base.product, url: 'https://detail.tmall.com.evil.cn/item.htm' } }),
        recommendation('g', { updatedAt: '2024-01-01T00:00:00Z' }),
        recommendation('h', { tags: [''] }),
      ),
    );
    const retraction = fc.constantFrom({ id: 'a', retractedAt: '2025-04-01T00:00:00.000Z' }, { id: 'z', retractedAt: '2025-04-01T00:00:00.000Z' }, { id: 7 }, 'junk');
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 10 }), fc.array(retraction, { maxLength: 4 }), async (items, retractions) => {
        const result = await verifyFeed(await signRaw(alice, JSON.stringify(payloadFor(alice, items, retractions))));
        if (!result.ok) throw new Error(result.reason);
        expect(describeFeedSummary(en, summarizeFeedInfo(result), null)).toBe(summarizeFeed(result));
        expect(hasChinese(describeFeedSummary(zh, summarizeFeedInfo(result), null)!)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejections of feeds, files and collections', async () => {
    const [alice, mallory] = await Promise.all([newExpert(), newExpert()]);
    const good = await signedFeed(alice, [recommendation('a1')]);
    const aliceId = (await verifyFeed(good)) as { expertId: string };
    const older = buildCollection({ name: 'Pack' }, [good, good]);
    const rejections: (FeedRejected | { ok: true })[] = [
      readJson('x'.repeat(100), 10, 'file') as FeedRejected,
      readJson(new Uint8Array([0xff, 0xfe]), 100, 'feed') as FeedRejected,
      readJson('{', 100, 'collection') as FeedRejected,
      await verifyFeed({ format: 'nope' }),
      await verifyFeed(buildCollection({ name: 'Pack' }, [])),
      await verifyFeed({ format: 'haowu-feed', version: 9 }),
      await verifyFeed({ format: 'haowu-feed', version: 1 }),
      await verifyFeed({ ...good, payload: '{' }),
      await verifyFeed({ ...good, payload: '{}' }),
      await verifyFeed({ ...good, payload: JSON.stringify({ expert: { publicKey: 'short' } }) }),
      await verifyFeed({ ...good, payload: good.payload.replace('a1', 'a2') }),
      await verifyFeed(await signRaw(alice, JSON.stringify({ ...payloadFor(alice, []), expert: { publicKey: alice.publicKey } }))),
      await verifyFeed(await signedFeed(mallory, []), { expectedExpertId: aliceId.expertId }),
      await verifyCollection(good),
      await verifyCollection({ format: 'other' }),
      await verifyCollection({ format: 'haowu-collection', version: 5 }),
      await verifyCollection({ format: 'haowu-collection', version: 1, name: '', feeds: [] }),
      ...((await verifyCollection({ ...older, feeds: [...older.feeds, 'junk'] })) as { feeds: { result: FeedRejected }[] }).feeds.slice(1).map((feed) => feed.result),
    ];
    const codes = new Set<string>();
    for (const rejected of rejections) {
      if (rejected.ok) throw new Error('expected a rejection');
      codes.add(rejected.code);
      expect(sayError(en, infoOf(rejected)), rejected.reason).toBe(rejected.reason);
      expect(hasChinese(sayError(zh, infoOf(rejected))!), rejected.reason).toBe(true);
    }
    // Every rejection code was met (bad-public-key: an expert key that is not one).
    expect([...codes].sort()).toEqual(
      ['bad-public-key', 'bad-signature', 'duplicate-expert', 'malformed-envelope', 'malformed-payload', 'not-a-feed', 'not-json', 'not-text', 'too-large', 'unsupported-version', 'wrong-expert'].sort(),
    );
  });

  it('fetch failures', async () => {
    const answer = (response: Response | Error, options: Partial<FetchFeedOptions> = {}) =>
      fetchFeed('https://feeds.example/a.json', {
        fetch: async (_url, init) => {
          if (response instanceof Error) throw response;
          if (response.status === 599) return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
          return response;
        },
        maxBytes: 10,
        what: 'feed',
        timeoutMs: 50,
        ...options,
      });
    const failures = [
      await answer(new Response(null, { status: 404 })),
      await answer(new Response(null, { status: 403 }), { what: 'collection' }),
      await answer(new Response(null, { status: 503 })),
      await answer(new Response(null, { status: 418 }), { what: 'file' }),
      await answer(new Response('x'.repeat(20))),
      await answer(new Response(null, { status: 599 })),
      await answer(new TypeError('Failed to fetch')),
    ];
    const redirected = new Response('{}');
    Object.defineProperty(redirected, 'url', { value: 'http://feeds.example/a.json' });
    failures.push(await answer(redirected));
    const codes = failures.map((failure) => {
      if (failure.kind !== 'failed') throw new Error('expected a failure');
      expect(sayError(en, failure.error)).toBe(failure.reason);
      expect(hasChinese(sayError(zh, failure.error)!)).toBe(true);
      return failure.error.code;
    });
    expect(codes).toEqual(['http-not-found', 'http-refused', 'http-server', 'http-status', 'too-large', 'timeout', 'network', 'not-https']);
  });
});
