// @vitest-environment node
// Node's own fetch types (Response, ReadableStream), as the service worker has them.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';
import type { ExpertRecord } from '../../../utils/db/schema';
import { saveProduct, getSavedState } from '../../../utils/db/saved';
import { expert as expertRecord } from '../db/records';
import { signFeed } from '../../../utils/feed/crypto';
import { listCollections } from '../../../utils/feed/followed-collections';
import { MAX_FEED_BYTES } from '../../../utils/feed/limits';
import { followFile, followUrl, isDue, refreshCollection, refreshExpertFeed, refreshFeeds, unfollowCollection, STALE_ATTEMPT_MS } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw, type Expert } from './helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';

const URL_A = 'https://feeds.example/alice.json';
let f: SyncFixture;
let alice: Expert;
let aliceId: string;

beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
});
afterEach(() => f.connection.close());

const db = () => f.deps.db();
const storedIds = async (expertId = aliceId) => (await getRecommendationsByExpert(await db(), expertId)).map((r) => `${r.id.split('/')[1]}${r.deleted ? ' (deleted)' : ''}`).sort();
const expertOf = async (id = aliceId) => (await (await db()).get('experts', id)) as ExpertRecord;

async function followAlice(recommendations = [recommendation('a1'), recommendation('a2')], headers: Record<string, string> = { etag: '"v1"' }) {
  f.server.routes.set(URL_A, json(await signedFeed(alice, recommendations), headers));
  return followUrl(f.deps, URL_A);
}

describe('following by URL', () => {
  it('stores the expert (id = fingerprint, profile from the feed) and expert-scoped picks', async () => {
    const result = await followAlice();
    expect(result).toMatchObject({ kind: 'feed', summary: '2 recommendations accepted' });
    const expert = await expertOf();
    expect(expert).toMatchObject({ id: aliceId, kind: 'feed', displayName: 'Test expert', bio: 'Tests things.', feedUrl: URL_A, followed: true });
    expect(expert.feedStatus).toMatchObject({ etag: '"v1"', lastError: null, summary: '2 recommendations accepted', lastFetchedAt: expect.any(Number) });
    const records = await getRecommendationsByExpert(await db(), aliceId);
    expect(records.map((r) => r.id).sort()).toEqual([`${aliceId}/a1`, `${aliceId}/a2`]);
  });

  it('refuses http, an origin not granted, and answers a person can act on', async () => {
    await expect(followUrl(f.deps, 'http://feeds.example/a.json')).rejects.toThrow('https://');
    f.allowed.origins = new Set(['https://other.example/*']);
    await expect(followAlice()).rejects.toThrow('Haowu may not read https://feeds.example');
    expect(f.server.requests).toEqual([]);
  });

  it('refuses a feed signed with the key of the user’s own expert profile', async () => {
    const database = await db();
    await database.put('experts', expertRecord({ id: aliceId, kind: 'local', feedUrl: null, followed: false, followedAt: null }));
    await expect(followAlice()).rejects.toThrow('your own expert profile');
    expect(await expertOf()).toMatchObject({ kind: 'local' });
  });
});

describe('refreshing a followed feed', () => {
  it('sends the validators back and takes a 304 as current: picks unchanged, time recorded', async () => {
    await followAlice([recommendation('a1')], { etag: '"v1"', 'last-modified': 'Sat, 01 Mar 2025 08:00:00 GMT' });
    f.server.routes.set(URL_A, { status: 304 });
    f.tick(60_000);
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'not-modified' });
    expect(f.server.requests.at(-1)?.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Sat, 01 Mar 2025 08:00:00 GMT' });
    expect((await expertOf()).feedStatus).toMatchObject({ lastFetchedAt: f.deps.now(), lastCheckedAt: f.deps.now(), etag: '"v1"' });
    expect(await storedIds()).toEqual(['a1']);
  });

  it.each([
    [404, 'not found'],
    [500, 'had a problem (500)'],
  ])('a %i records the error and keeps the picks', async (status, message) => {
    await followAlice();
    f.server.routes.set(URL_A, { status, body: 'nope' });
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed' });
    expect((await expertOf()).feedStatus.lastError).toContain(message);
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('gives up after the time limit when the server hangs', async () => {
    await followAlice();
    f.server.routes.set(URL_A, (init) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', message: expect.stringContaining('did not answer within') });
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('refuses an oversize feed by its Content-Length without reading the body', async () => {
    await followAlice();
    let pulled = 0;
    const body = new ReadableStream({ pull: (controller) => void (pulled++, controller.enqueue(new Uint8Array(1024))) });
    f.server.routes.set(URL_A, () => new Response(body, { headers: { 'content-length': String(MAX_FEED_BYTES + 1) } }));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', message: expect.stringContaining('larger than') });
    expect(pulled).toBeLessThan(5);
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('stops reading a streamed body past the size limit (no Content-Length)', async () => {
    await followAlice();
    let sent = 0;
    const chunk = new Uint8Array(256 * 1024).fill(32);
    const body = new ReadableStream({
      pull: (controller) => {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    f.server.routes.set(URL_A, () => new Response(body));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', message: expect.stringContaining('larger than') });
    expect(sent).toBeLessThan(MAX_FEED_BYTES + 4 * chunk.byteLength);
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('keeps the last good data when the feed was tampered with', async () => {
    await followAlice();
    const good = await signedFeed(alice, [recommendation('a1', { reason: 'An honest reason, signed.' })]);
    f.server.routes.set(URL_A, json({ ...good, payload: good.payload.replace('An honest reason', 'A forged reason!') }));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed' });
    expect((await expertOf()).feedStatus.lastError).toContain('signature does not match');
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('refuses a feed signed by another key at the same address (wrong expert)', async () => {
    await followAlice();
    const mallory = await newExpert();
    f.server.routes.set(URL_A, json(await signedFeed(mallory, [recommendation('m1')])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', message: expect.stringContaining('different key') });
    expect(await storedIds()).toEqual(['a1', 'a2']);
    expect((await (await db()).getAll('experts')).map((e) => e.id)).toEqual([aliceId]);
  });

  it('applies retractions as tombstones and removes picks the feed dropped; saved items stay', async () => {
    await followAlice([recommendation('a1'), recommendation('a2'), recommendation('a3')]);
    await saveProduct(await db(), 'tmall:605258110430', { viaExpertId: aliceId }, 5);
    f.server.routes.set(URL_A, json(await signedFeed(alice, [recommendation('a1')], [{ id: 'a2', retractedAt: '2025-03-01T00:00:00Z' }])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
    expect(await getSavedState(await db(), 'tmall:605258110430')).toMatchObject({ viaExpertId: aliceId });
  });

  it('skips bad items with a summary, keeping the last good copy of a pick that went bad', async () => {
    await followAlice();
    const bad = recommendation('a2', { partnerLink: 'https://u.jd.com/not-tmall' });
    // signFeed refuses such a payload; a careless publisher's tool might not.
    f.server.routes.set(URL_A, json(await signRaw(alice, JSON.stringify(payloadFor(alice, [recommendation('a1'), bad])))));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated', message: '1 of 2 recommendations skipped: link host not allowed' });
    expect((await expertOf()).feedStatus.summary).toBe('1 of 2 recommendations skipped: link host not allowed');
    const a2 = (await getRecommendationsByExpert(await db(), aliceId)).find((r) => r.id.endsWith('/a2'));
    expect(a2?.partnerLink).toBe('https://s.click.taobao.com/t?e=abc');
  });

  it('records a removed host permission as the error', async () => {
    await followAlice();
    f.allowed.origins = new Set();
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', message: expect.stringContaining('Follow the address again') });
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });
});

describe('scheduled runs', () => {
  const HOUR = 3_600_000;
  it('isDue: never checked, interval passed, or an attempt cut off; not one running now', () => {
    expect(isDue({}, 10 * HOUR, 6 * HOUR)).toBe(true);
    expect(isDue({ lastCheckedAt: 5 * HOUR, lastAttemptAt: 5 * HOUR }, 10 * HOUR, 6 * HOUR)).toBe(false);
    expect(isDue({ lastCheckedAt: 3 * HOUR, lastAttemptAt: 3 * HOUR }, 10 * HOUR, 6 * HOUR)).toBe(true);
    expect(isDue({ lastCheckedAt: 9 * HOUR, lastAttemptAt: 9.5 * HOUR }, 10 * HOUR, 6 * HOUR)).toBe(true);
    expect(isDue({ lastCheckedAt: 9 * HOUR, lastAttemptAt: 10 * HOUR - STALE_ATTEMPT_MS / 2 }, 10 * HOUR, 6 * HOUR)).toBe(false);
  });

  it('resumes a refresh the service worker stopped in the middle of, and leaves fresh feeds alone', async () => {
    await followAlice([recommendation('a1')]);
    // The next refresh started (attempt recorded) and was cut off before finishing.
    const database = await db();
    const stored = await expertOf();
    await database.put('experts', { ...stored, feedStatus: { ...stored.feedStatus, lastAttemptAt: f.tick(1000) } });
    f.server.routes.set(URL_A, json(await signedFeed(alice, [recommendation('a1'), recommendation('a9')])));

    expect(await refreshFeeds(f.deps, { intervalMs: 6 * 3_600_000 })).toEqual([]);
    f.tick(STALE_ATTEMPT_MS);
    expect(await refreshFeeds(f.deps, { intervalMs: 6 * 3_600_000 })).toMatchObject([{ id: aliceId, status: 'updated' }]);
    expect(await storedIds()).toEqual(['a1', 'a9']);
    expect(await refreshFeeds(f.deps, { intervalMs: 6 * 3_600_000 })).toEqual([]);
  });

  it('one failing feed does not stop the others', async () => {
    await followAlice();
    const bob = await newExpert();
    f.server.routes.set('https://feeds.example/bob.json', json(await signedFeed(bob, [recommendation('b1')])));
    const followed = await followUrl(f.deps, 'https://feeds.example/bob.json');
    f.server.routes.delete(URL_A);
    f.server.routes.set('https://feeds.example/bob.json', json(await signedFeed(bob, [recommendation('b2')])));
    const results = await refreshFeeds(f.deps);
    expect(results.map((r) => r.status).sort()).toEqual(['failed', 'updated']);
    expect(followed.kind === 'feed' && (await storedIds(followed.expert.id))).toEqual(['b2']);
  });
});

describe('collections', () => {
  const COLLECTION_URL = 'https://feeds.example/starter.json';
  const demo = readFileSync('tests/fixtures/feeds/demo-collection.json', 'utf8');
  const demoIds = async () => {
    const ids: string[] = [];
    for (const feed of JSON.parse(demo).feeds) {
      const verified = await verifyFeed(feed);
      if (verified.ok) ids.push(verified.expertId);
    }
    return ids;
  };

  it('stores each expert, not followed, and the collection; unfollowing it removes them and their picks', async () => {
    f.server.routes.set(COLLECTION_URL, { body: demo, headers: { etag: '"c1"' } });
    const result = await followUrl(f.deps, COLLECTION_URL);
    expect(result).toMatchObject({ kind: 'collection', summary: '2 of 2 feeds accepted', collection: { name: 'Demo starter pack (demo data)', url: COLLECTION_URL } });
    const [xiaomei, laowang] = await demoIds();
    const experts = await (await db()).getAll('experts');
    expect(experts.map((e) => [e.id, e.followed, e.feedUrl]).sort()).toEqual([[xiaomei, false, null], [laowang, false, null]].sort());
    expect(await storedIds(xiaomei!)).toEqual(['xm-iphone-11', 'xm-kbd-case']);
    expect((await listCollections(await db()))[0]).toMatchObject({ expertIds: [xiaomei, laowang], status: { etag: '"c1"', lastError: null } });

    // The user follows Xiaomei from the overlay; unfollowing the collection keeps her.
    const database = await db();
    await database.put('experts', { ...(await expertOf(xiaomei)), followed: true, followedAt: 1 });
    expect(await unfollowCollection(f.deps, COLLECTION_URL)).toMatchObject({ removedExperts: 1 });
    expect(await storedIds(xiaomei!)).toEqual(['xm-iphone-11', 'xm-kbd-case']);
    expect(await storedIds(laowang!)).toEqual([]);
    expect(await database.get('experts', laowang!)).toBeUndefined();
    expect(await listCollections(await db())).toEqual([]);
  });

  it('does not overwrite an expert followed at their own address; a refresh with a tampered feed keeps that expert', async () => {
    const xiaomeiFeed = readFileSync('tests/fixtures/feeds/demo-xiaomei.feed.json', 'utf8');
    f.server.routes.set('https://xiaomei.example/feed.json', { body: xiaomeiFeed });
    await followUrl(f.deps, 'https://xiaomei.example/feed.json');
    const [xiaomei, laowang] = await demoIds();
    const before = await expertOf(xiaomei);

    f.server.routes.set(COLLECTION_URL, { body: demo });
    await followUrl(f.deps, COLLECTION_URL);
    expect(await expertOf(xiaomei)).toEqual(before);

    const tampered = JSON.parse(demo);
    tampered.feeds[1].payload = tampered.feeds[1].payload.replace('Value picks', 'Evil picks');
    f.server.routes.set(COLLECTION_URL, { body: JSON.stringify(tampered) });
    expect(await refreshCollection(f.deps, COLLECTION_URL)).toMatchObject({ status: 'updated', message: expect.stringContaining('1 of 2 feeds accepted; feeds[1]') });
    expect(await storedIds(laowang!)).toEqual(['lw-huawei-6', 'lw-kettle']);
    expect((await listCollections(await db()))[0]?.expertIds.sort()).toEqual([xiaomei, laowang].sort());
  });

  it('drops experts a clean refresh no longer lists, unless followed', async () => {
    f.server.routes.set(COLLECTION_URL, { body: demo });
    await followUrl(f.deps, COLLECTION_URL);
    const [xiaomei, laowang] = await demoIds();
    const smaller = JSON.parse(demo);
    smaller.feeds = [smaller.feeds[0]];
    f.server.routes.set(COLLECTION_URL, { body: JSON.stringify(smaller) });
    expect(await refreshCollection(f.deps, COLLECTION_URL)).toMatchObject({ status: 'updated' });
    expect(await storedIds(laowang!)).toEqual([]);
    expect(await storedIds(xiaomei!)).toHaveLength(2);
  });
});

describe('importing a file', () => {
  it('follows a feed file without an address, and a collection file without refreshing it', async () => {
    const text = JSON.stringify(await signFeed(payloadFor(alice, [recommendation('f1')]), alice.keyPair.privateKey));
    expect(await followFile(f.deps, text)).toMatchObject({ kind: 'feed', expert: { id: aliceId, feedUrl: null, followed: true } });
    expect(await storedIds()).toEqual(['f1']);
    const collection = await followFile(f.deps, readFileSync('tests/fixtures/feeds/demo-collection.json', 'utf8'));
    expect(collection).toMatchObject({ kind: 'collection', collection: { url: null, id: expect.stringMatching(/^file:/) } });
    expect(await refreshFeeds(f.deps)).toEqual([]);
  });

  it('answers junk with the verifier’s reason and writes nothing', async () => {
    await expect(followFile(f.deps, 'not json')).rejects.toThrow('not valid JSON');
    await expect(followFile(f.deps, '{"format":"haowu-feed","version":2}')).rejects.toThrow('Update Haowu');
    expect(await (await db()).count('experts')).toBe(0);
  });
});
