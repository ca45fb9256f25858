// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';
import type { ExpertRecord } from '../../../utils/db/schema';
import { signFeed } from '../../../utils/feed/crypto';
import { describeExpertStatus } from '../../../utils/feed/describe-status';
import { MAX_PUBLISHED_AHEAD_MS } from '../../../utils/feed/rollback';
import type { FeedRecommendation, FeedRetraction } from '../../../utils/feed/schema';
import { followFile, followUrl, refreshCollection, refreshExpertFeed } from '../../../utils/feed/sync';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate } from '../../../utils/i18n/translate';
import { newExpert, payloadFor, recommendation, type Expert } from './helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';

/*
 * Rollback: an older signed feed (replayed at the expert's own address, or bundled by a hostile
 * collection) must not bring back picks the expert retracted, on any path that stores a feed.
 */

const URL_A = 'https://feeds.example/alice.json';
const COLLECTION_URL = 'https://curator.example/pack.json';
const MARCH_1 = '2025-03-01T08:00:00.000Z';
const MARCH_2 = '2025-03-02T08:00:00.000Z';
const MARCH_3 = '2025-03-03T08:00:00.000Z';

let f: SyncFixture;
let alice: Expert;
let aliceId: string;
beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
});
afterEach(() => f.connection.close());

const db = () => f.deps.db();
const storedIds = async () => (await getRecommendationsByExpert(await db(), aliceId)).map((r) => `${r.id.split('/')[1]}${r.deleted ? ' (deleted)' : ''}`).sort();
const expertOf = async () => (await (await db()).get('experts', aliceId)) as ExpertRecord;

/** Alice's feed as published at `publishedAt`. */
const feedAt = (publishedAt: string, recommendations: FeedRecommendation[], retractions: FeedRetraction[] = []) =>
  signFeed({ ...payloadFor(alice, recommendations, retractions), publishedAt }, alice.keyPair.privateKey);

/** March 1: two picks. March 2: a2 withdrawn. */
const OLD = () => feedAt(MARCH_1, [recommendation('a1'), recommendation('a2')]);
const RETRACTING = () => feedAt(MARCH_2, [recommendation('a1')], [{ id: 'a2', retractedAt: MARCH_2 }]);

/** Follows Alice at her address on March 1, then refreshes to March 2's feed: a2 is a tombstone. */
async function followThenRetract() {
  f.server.routes.set(URL_A, json(await OLD()));
  await followUrl(f.deps, URL_A);
  f.server.routes.set(URL_A, json(await RETRACTING()));
  f.tick(60_000);
  expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
  expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
}

const collection = async (...feeds: unknown[]) => ({ format: 'haowu-collection', version: 1, name: 'Pack', feeds });

describe('the expert’s own address', () => {
  it('refuses a replayed older feed, keeps the retraction, and says why in both languages', async () => {
    await followThenRetract();

    f.server.routes.set(URL_A, json(await OLD()));
    f.tick(60_000);
    const result = await refreshExpertFeed(f.deps, aliceId);
    expect(result).toMatchObject({ status: 'failed', detail: { type: 'error', info: { code: 'rollback' } } });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
    const status = (await expertOf()).feedStatus;
    expect(status).toMatchObject({ publishedAt: Date.parse(MARCH_2), lastErrorInfo: { code: 'rollback', params: { publishedAt: MARCH_1, newest: MARCH_2 } } });
    expect(status.lastError).toContain('before the one Haowu already has');
    const say = (language: 'en' | 'zh') => describeExpertStatus({ language, t: (key, params) => translate(ALL_STRINGS, language, key, params) }, status).error;
    expect(say('en')).toBe(
      'This feed was published Mar 1, 2025, 8:00 AM UTC, before the one Haowu already has (Mar 2, 2025, 8:00 AM UTC). An older copy could bring back picks the expert has withdrawn, so it was not used; the newer picks are kept.',
    );
    expect(say('zh')).toMatch(/^此订阅发布于2025年3月1日 .*早于好物已有的版本/);
  });

  it('refuses it when following the address again too', async () => {
    await followThenRetract();
    f.server.routes.set(URL_A, json(await OLD()));
    await expect(followUrl(f.deps, URL_A)).rejects.toMatchObject({ info: { code: 'rollback' } });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
  });

  it('takes a feed published at the same time again (the same file), and a newer one', async () => {
    f.server.routes.set(URL_A, json(await RETRACTING()));
    await followUrl(f.deps, URL_A);
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    f.server.routes.set(URL_A, json(await feedAt(MARCH_3, [recommendation('a1'), recommendation('a3')])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a3']);
    expect((await expertOf()).feedStatus.publishedAt).toBe(Date.parse(MARCH_3));
  });
});

describe('retracted picks (tombstones)', () => {
  it('come back only when a newer feed publishes them again', async () => {
    await followThenRetract();
    // Published at the same moment as the retracting feed, but listing a2: not newer, so a2 stays withdrawn.
    f.server.routes.set(URL_A, json(await feedAt(MARCH_2, [recommendation('a1'), recommendation('a2')])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
    // Published again the next day: the expert brought it back.
    f.server.routes.set(URL_A, json(await feedAt(MARCH_3, [recommendation('a1'), recommendation('a2')])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });

  it('stored before the newest publishedAt was kept: only a feed newer than the retraction revives them', async () => {
    await followThenRetract();
    const stored = await expertOf();
    const { publishedAt: _dropped, ...legacyStatus } = stored.feedStatus;
    await (await db()).put('experts', { ...stored, feedStatus: legacyStatus });

    f.server.routes.set(URL_A, json(await OLD()));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
    f.server.routes.set(URL_A, json(await feedAt(MARCH_3, [recommendation('a1'), recommendation('a2')])));
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(await storedIds()).toEqual(['a1', 'a2']);
  });
});

describe('collections and files', () => {
  it('a collection carrying an older copy stores nothing of it and names it in its status', async () => {
    // Alice is known from files (no address of her own); March 2's withdrew a2.
    await followFile(f.deps, JSON.stringify(await OLD()));
    await followFile(f.deps, JSON.stringify(await RETRACTING()));
    const bob = await newExpert();
    const bobFeed = await signFeed(payloadFor(bob, [recommendation('b1')]), bob.keyPair.privateKey);
    f.server.routes.set(COLLECTION_URL, json(await collection(await OLD(), bobFeed)));
    const followed = await followUrl(f.deps, COLLECTION_URL);
    expect(followed).toMatchObject({ kind: 'collection', summaryInfo: { accepted: 2, notStored: [{ name: 'Test expert', error: { code: 'rollback' } }] } });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
    // A refresh of the collection says the same, and still stores nothing of it.
    f.tick(60_000);
    expect(await refreshCollection(f.deps, COLLECTION_URL)).toMatchObject({ status: 'updated', detail: { info: { notStored: [{ error: { code: 'rollback' } }] } } });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
  });

  it('an older feed file is refused too', async () => {
    await followThenRetract();
    await expect(followFile(f.deps, JSON.stringify(await OLD()))).rejects.toMatchObject({ info: { code: 'rollback' } });
    expect(await storedIds()).toEqual(['a1', 'a2 (deleted)']);
  });
});

it('a feed dated far ahead is kept as newest only a day ahead of now, so it cannot lock out later feeds for long', async () => {
  f.server.routes.set(URL_A, json(await feedAt('2035-01-01T00:00:00.000Z', [recommendation('a1')])));
  await followUrl(f.deps, URL_A);
  const now = f.deps.now();
  expect((await expertOf()).feedStatus.publishedAt).toBe(now + MAX_PUBLISHED_AHEAD_MS);
  // The expert fixes their clock; a day later their correctly dated feed is taken.
  f.tick(MAX_PUBLISHED_AHEAD_MS + 1000);
  f.server.routes.set(URL_A, json(await feedAt(new Date(f.deps.now()).toISOString(), [recommendation('a2')])));
  expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
  expect(await storedIds()).toEqual(['a2']);
});
