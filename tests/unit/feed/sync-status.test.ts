// @vitest-environment node
// Node's own fetch types (Response, ReadableStream), as the service worker has them.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HaowuDb } from '../../../utils/db/open';
import { ExpertRecord } from '../../../utils/db/schema';
import { describeCollectionStatus, describeFeedError, type Voice } from '../../../utils/feed/describe-status';
import { FollowedCollection, listCollections } from '../../../utils/feed/followed-collections';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate } from '../../../utils/i18n/translate';
import { followUrl, refreshCollection, refreshExpertFeed } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw, type Expert } from './helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';

/*
 * Besides the English sentences, following and refreshing store the summary and the error as data
 * (codes, counts, parameters) for the popup to say in the UI language; an old code never outlives
 * the sentence it was stored with.
 */

const en: Voice = { t: (key, params) => translate(ALL_STRINGS, 'en', key, params), language: 'en' };
const URL_A = 'https://feeds.example/alice.json';
const COLLECTION_URL = 'https://feeds.example/starter.json';
let f: SyncFixture;
let alice: Expert;
let aliceId: string;

beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
});
afterEach(() => f.connection.close());

const expertOf = async (id = aliceId) => (await (await f.deps.db()).get('experts', id)) as ExpertRecord;
const collectionStatus = async () => (await listCollections(await f.deps.db()))[0]!.status;

/** Alice's feed with one good pick and one whose partner link goes elsewhere (signRaw: signFeed refuses it). */
const serveAlice = async () =>
  f.server.routes.set(URL_A, json(await signRaw(alice, JSON.stringify(payloadFor(alice, [recommendation('a1'), recommendation('a2', { partnerLink: 'https://u.jd.com/x' })])))));

const ALICE_SUMMARY = {
  total: 2,
  accepted: 1,
  skipped: 1,
  reasons: [{ code: 'link-host', count: 1 }],
  retractions: 0,
  skippedRetractions: 0,
  retractionReasons: [],
};

describe('an expert’s feed status', () => {
  it('following stores the summary as counts and codes, and returns it', async () => {
    await serveAlice();
    const result = await followUrl(f.deps, URL_A);
    expect(result).toMatchObject({ kind: 'feed', summary: '1 of 2 recommendations skipped: link host not allowed', summaryInfo: ALICE_SUMMARY });
    const { feedStatus } = await expertOf();
    expect(feedStatus).toMatchObject({ summary: '1 of 2 recommendations skipped: link host not allowed', summaryInfo: ALICE_SUMMARY, lastError: null, lastErrorInfo: null });
    // What was stored reads back through the record's schema unchanged.
    expect(ExpertRecord.parse(await expertOf()).feedStatus).toEqual(feedStatus);
  });

  it('a failed refresh stores its code and parameters with the message; the next good one clears both', async () => {
    await serveAlice();
    await followUrl(f.deps, URL_A);
    expect((await expertOf()).feedStatus.summaryInfo).toEqual(ALICE_SUMMARY);
    const failWith = async (route: Parameters<typeof f.server.routes.set>[1] | null, expected: object) => {
      if (route) f.server.routes.set(URL_A, route);
      else f.server.routes.delete(URL_A);
      const before = (await expertOf()).feedStatus.summaryInfo;
      const result = await refreshExpertFeed(f.deps, aliceId);
      expect(result).toMatchObject({ status: 'failed', detail: { type: 'error', info: expected } });
      const { feedStatus } = await expertOf();
      expect(feedStatus.lastErrorInfo).toEqual(expected);
      expect(feedStatus.lastError).toBe(result.message);
      // Said in English from the data, it is the stored sentence itself.
      expect(describeFeedError(en, feedStatus.lastErrorInfo, null)).toBe(result.message);
      // The last good summary stays, with its data.
      expect(feedStatus.summaryInfo).toEqual(before);
    };
    await failWith({ status: 404 }, { code: 'http-not-found', params: { what: 'feed', status: 404 } });
    await failWith({ status: 503 }, { code: 'http-server', params: { what: 'feed', status: 503 } });
    await failWith(null, { code: 'network', params: { what: 'feed' } });
    const hang = (init: RequestInit) => new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    await failWith(hang, { code: 'timeout', params: { what: 'feed', seconds: 0 } });
    await failWith({ body: 'not json' }, { code: 'not-json', params: { what: 'feed' } });
    const good = await signedFeed(alice, [recommendation('a1', { reason: 'An honest reason, signed.' })]);
    await failWith(json({ ...good, payload: good.payload.replace('An honest reason', 'A forged reason!') }), { code: 'bad-signature' });
    const mallory = await newExpert();
    const malloryId = ((await verifyFeed(await signedFeed(mallory, []))) as { expertId: string }).expertId;
    await failWith(json(await signedFeed(mallory, [])), { code: 'wrong-expert', params: { expertId: malloryId, expected: aliceId } });
    f.allowed.origins = new Set();
    await failWith(null, { code: 'permission', params: { origin: 'https://feeds.example' } });

    f.allowed.origins = null;
    f.server.routes.set(URL_A, json(await signedFeed(alice, [recommendation('a1')]), { etag: '"v2"' }));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({
      status: 'updated',
      detail: { type: 'feed-summary', info: { total: 1, accepted: 1, skipped: 0, reasons: [] } },
    });
    expect((await expertOf()).feedStatus).toMatchObject({ lastError: null, lastErrorInfo: null, summary: '1 recommendation accepted', summaryInfo: { total: 1, accepted: 1 } });

    await failWith({ status: 500 }, { code: 'http-server', params: { what: 'feed', status: 500 } });
    f.server.routes.set(URL_A, { status: 304 });
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'not-modified', detail: { type: 'not-modified' } });
    expect((await expertOf()).feedStatus).toMatchObject({ lastError: null, lastErrorInfo: null });
  });

  it('an expert stored before these fields refreshes into them', async () => {
    await serveAlice();
    await followUrl(f.deps, URL_A);
    const database = await f.deps.db();
    const { summaryInfo: _s, lastErrorInfo: _e, ...oldStatus } = (await expertOf()).feedStatus;
    await database.put('experts', { ...(await expertOf()), feedStatus: oldStatus });
    expect(ExpertRecord.parse(await expertOf()).feedStatus).not.toHaveProperty('summaryInfo');
    f.server.routes.set(URL_A, { status: 410 });
    await refreshExpertFeed(f.deps, aliceId);
    expect((await expertOf()).feedStatus.lastErrorInfo).toEqual({ code: 'http-not-found', params: { what: 'feed', status: 410 } });
  });
});

describe('a collection’s status', () => {
  const demo = readFileSync('tests/fixtures/feeds/demo-collection.json', 'utf8');

  it('following and refreshing store the summary and error as data', async () => {
    f.server.routes.set(COLLECTION_URL, { body: demo });
    const followed = await followUrl(f.deps, COLLECTION_URL);
    const clean = { total: 2, accepted: 2, firstRejected: null, moreRejected: 0, notStored: [] };
    expect(followed).toMatchObject({ kind: 'collection', summary: '2 of 2 feeds accepted', summaryInfo: clean });
    expect(await collectionStatus()).toMatchObject({ summaryInfo: clean, lastErrorInfo: null });

    const tampered = JSON.parse(demo);
    tampered.feeds[1].payload = tampered.feeds[1].payload.replace('Value picks', 'Evil picks');
    f.server.routes.set(COLLECTION_URL, { body: JSON.stringify(tampered) });
    const rejected = { total: 2, accepted: 1, firstRejected: { index: 1, error: { code: 'bad-signature' } }, moreRejected: 0, notStored: [] };
    expect(await refreshCollection(f.deps, COLLECTION_URL)).toMatchObject({ status: 'updated', detail: { type: 'collection-summary', info: rejected } });
    expect(await collectionStatus()).toMatchObject({ summaryInfo: rejected, lastError: null, lastErrorInfo: null });
    expect(describeCollectionStatus(en, await collectionStatus()).summary).toBe((await collectionStatus()).summary);

    f.server.routes.set(COLLECTION_URL, { status: 502 });
    expect(await refreshCollection(f.deps, COLLECTION_URL)).toMatchObject({ status: 'failed', detail: { type: 'error', info: { code: 'http-server' } } });
    expect(await collectionStatus()).toMatchObject({ lastErrorInfo: { code: 'http-server', params: { what: 'collection', status: 502 } }, summaryInfo: rejected });

    f.server.routes.set(COLLECTION_URL, { body: JSON.stringify({ format: 'haowu-collection', version: 7 }) });
    await refreshCollection(f.deps, COLLECTION_URL);
    expect((await collectionStatus()).lastErrorInfo).toEqual({ code: 'unsupported-version', params: { what: 'collection', version: 7, supported: 1 } });

    f.server.routes.set(COLLECTION_URL, { status: 304 });
    await refreshCollection(f.deps, COLLECTION_URL);
    expect(await collectionStatus()).toMatchObject({ lastError: null, lastErrorInfo: null });
    // The stored list reads back through its schema unchanged.
    const [stored] = await listCollections(await f.deps.db());
    expect(FollowedCollection.parse(stored)).toEqual(stored);
  });

  it('names the feeds it could not store, with their codes; the error says so', async () => {
    f.server.routes.set(COLLECTION_URL, { body: demo });
    await followUrl(f.deps, COLLECTION_URL);
    // Haowu has since stored a newer feed of the first expert: the collection's copy is refused (a
    // rollback), the other expert's is stored, in the same collection update.
    const feeds = JSON.parse(demo).feeds.map((feed: { payload: string }) => JSON.parse(feed.payload) as { expert: { name: string; publicKey: string } });
    const database = await f.deps.db();
    const [first] = (await listCollections(database))[0]!.expertIds;
    const stored = (await database.get('experts', first!))!;
    await database.put('experts', { ...stored, feedStatus: { ...stored.feedStatus, publishedAt: f.deps.now() } });
    await refreshCollection(f.deps, COLLECTION_URL);
    const status = await collectionStatus();
    expect(status.summaryInfo).toMatchObject({ total: 2, accepted: 2, notStored: [{ name: stored.displayName, error: { code: 'rollback' } }] });
    expect(feeds.map((feed: { expert: { name: string } }) => feed.expert.name)).toContain(stored.displayName);
    expect(status.lastError).toBe(status.summary);
    expect(status.lastErrorInfo).toEqual({ code: 'not-stored' });
    expect(describeCollectionStatus(en, status).error).toContain(stored.displayName);
  });

  it('a write that fails (a full disk) stores nothing of the collection, and says why', async () => {
    // The database fails every write of the collection update (as a full disk would), and nothing else.
    const failing = (db: HaowuDb) =>
      new Proxy(db, {
        get(target, name, receiver) {
          if (name !== 'transaction') {
            const value = Reflect.get(target, name, receiver) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          }
          return (...args: Parameters<HaowuDb['transaction']>) => {
            if (Array.isArray(args[0]) && args[0].includes('collections') && args[1] === 'readwrite') throw new Error('disk full');
            return target.transaction(...args);
          };
        },
      });
    const realDb = f.deps.db;
    f.deps.db = async () => failing(await realDb());
    f.server.routes.set(COLLECTION_URL, { body: demo });
    await expect(followUrl(f.deps, COLLECTION_URL)).rejects.toThrow('disk full');
    const database = await realDb();
    expect(await listCollections(database)).toEqual([]);
    expect((await database.getAll('experts')).filter((e) => e.id !== aliceId)).toEqual([]);
  });
});
