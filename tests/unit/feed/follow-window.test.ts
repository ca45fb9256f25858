// @vitest-environment node
// Following from where experts are: a window page's address, its discovery link, the preview, and
// each bad input storing nothing. Node's own fetch types, as the service worker has them.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';
import { buildCollection } from '../../../utils/feed/collection';
import { fromBase64Url, importPublicKey, signFeed, verifyBytes } from '../../../utils/feed/crypto';
import { describeFeedError } from '../../../utils/feed/describe-status';
import { NO_DISCOVERY_MESSAGE } from '../../../utils/feed/follow-address';
import { listCollections } from '../../../utils/feed/followed-collections';
import { previewFollow } from '../../../utils/feed/preview';
import { FeedExpert, FeedPayloadShell, type FeedEnvelope } from '../../../utils/feed/schema';
import { followUrl, refreshExpertFeed } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate } from '../../../utils/i18n/translate';
import { buildExpertWindow } from '../../../utils/window/expert-window';
import { FEED_LINK_TYPE } from '../../../utils/window/files';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw, type Expert } from './helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';
import { storedPicks } from '../db/helpers';

const WINDOW = 'https://mei.example/picks/';
const PAGE = `${WINDOW}index.html`;
const FEED = `${WINDOW}feed.json`;
const html = (body: string, contentType = 'text/html; charset=utf-8') => ({ body, headers: { 'content-type': contentType } });

let f: SyncFixture;
let alice: Expert;
let aliceId: string;

beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
});
afterEach(() => f.connection.close());

const db = () => f.deps.db();
/** Whether the database and the collections list hold nothing at all. */
async function nothingStored() {
  const database = await db();
  return { experts: await database.getAll('experts'), recommendations: await storedPicks(database), collections: await listCollections(database) };
}
const EMPTY = { experts: [], recommendations: [], collections: [] };
const requested = () => f.server.requests.map((request) => request.url);

const JD = recommendation('jd-1', {
  product: { key: 'jd:3888216', platform: 'jd', productId: '3888216', url: 'https://item.jd.com/3888216.html', title: '华为 畅享6' },
  partnerLink: 'https://u.jd.com/abc',
});

/** Alice's window as the publisher builds it: every page announces feed.json. */
async function serveWindow(envelope: FeedEnvelope, options: { contentType?: string } = {}) {
  const feedText = JSON.stringify(envelope, null, 2);
  const { files } = await buildExpertWindow({
    expert: { id: aliceId, name: 'Test expert', bio: 'Tests things.' },
    picks: [],
    feedText,
    language: 'en',
    publicBaseUrl: WINDOW,
    now: Date.UTC(2025, 5, 1),
  });
  const index = files.find((file) => file.path === 'index.html')!.body as string;
  f.server.routes.set(PAGE, html(index, options.contentType));
  f.server.routes.set(FEED, json(envelope, { etag: '"w1"' }));
}

describe('following a window’s address', () => {
  it('follows the feed the page announces; the feed’s address is what is stored and refreshed', async () => {
    await serveWindow(await signedFeed(alice, [recommendation('a1'), JD]));
    const result = await followUrl(f.deps, PAGE);
    expect(result).toMatchObject({ kind: 'feed', summary: '2 recommendations accepted', expert: { id: aliceId, feedUrl: FEED, followed: true } });
    expect(requested()).toEqual([PAGE, FEED]);
    // The page was asked for as JSON or, failing that, a page.
    expect(f.server.requests[0]!.headers.accept).toBe('application/json, text/html;q=0.8');
    expect((await getRecommendationsByExpert(await db(), aliceId)).length).toBe(2);
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(requested().at(-1)).toBe(FEED);
  });

  it('tells a page by its content when the server calls it something else, and follows a shared pick’s link', async () => {
    await serveWindow(await signedFeed(alice, [recommendation('a1')]), { contentType: 'text/plain' });
    expect(await followUrl(f.deps, `${PAGE}#pick-a1`)).toMatchObject({ kind: 'feed', expert: { feedUrl: FEED } });
  });

  it('a web page that announces nothing says so, not “not valid JSON”, and stores nothing', async () => {
    f.server.routes.set(PAGE, html('<!doctype html><html><head><title>Mei’s blog</title></head><body>Hello</body></html>'));
    await expect(followUrl(f.deps, PAGE)).rejects.toThrow(NO_DISCOVERY_MESSAGE);
    expect(NO_DISCOVERY_MESSAGE).toBe('This address is a web page, not a Haowu feed, and it announces none.');
    expect(await previewFollow(f.deps, PAGE)).toEqual({ kind: 'refused', url: PAGE, message: NO_DISCOVERY_MESSAGE, error: { code: 'no-discovery' } });
    expect(await nothingStored()).toEqual(EMPTY);
  });

  it('a discovery link that is not https is not fetched, and says why', async () => {
    f.server.routes.set(PAGE, html(`<link rel="alternate" type="${FEED_LINK_TYPE}" href="http://mei.example/picks/feed.json">`));
    const preview = await previewFollow(f.deps, PAGE);
    expect(preview).toMatchObject({ kind: 'refused', error: { code: 'discovery-not-https', params: { url: 'http://mei.example/picks/feed.json' } } });
    expect(preview.kind === 'refused' && preview.message).toBe(
      'This web page announces a Haowu feed at http://mei.example/picks/feed.json, which is not an https address, so Haowu does not read it.',
    );
    await expect(followUrl(f.deps, PAGE)).rejects.toThrow('not an https address');
    expect(requested()).toEqual([PAGE, PAGE]);
    expect(await nothingStored()).toEqual(EMPTY);
  });

  it('an announced feed that fails verification is refused with the verifier’s reason', async () => {
    const envelope = await signedFeed(alice, [recommendation('a1')]);
    await serveWindow({ ...envelope, payload: envelope.payload.replace('Test expert', 'Tost expert') });
    expect(await previewFollow(f.deps, PAGE)).toMatchObject({ kind: 'refused', url: FEED, error: { code: 'bad-signature' } });
    await expect(followUrl(f.deps, PAGE)).rejects.toThrow('signature does not match');
    expect(await nothingStored()).toEqual(EMPTY);
  });

  it('a feed on another origin is not fetched before the popup asked for it: it says which origin', async () => {
    f.allowed.origins = new Set(['https://mei.example/*']);
    f.server.routes.set(PAGE, html(`<link rel="alternate" type="${FEED_LINK_TYPE}" href="https://cdn.example/mei/feed.json">`));
    f.server.routes.set('https://cdn.example/mei/feed.json', json(await signedFeed(alice, [recommendation('a1')])));
    expect(await previewFollow(f.deps, PAGE)).toEqual({
      kind: 'needs-origin',
      url: 'https://cdn.example/mei/feed.json',
      pageUrl: PAGE,
      origin: 'https://cdn.example',
      pattern: 'https://cdn.example/*',
      linkKind: 'feed',
    });
    await expect(followUrl(f.deps, PAGE)).rejects.toThrow('Haowu may not read https://cdn.example');
    expect(requested()).toEqual([PAGE, PAGE]);
    expect(await nothingStored()).toEqual(EMPTY);
    // Once allowed (the popup's next click), the feed is previewed at its own address.
    f.allowed.origins.add('https://cdn.example/*');
    expect(await previewFollow(f.deps, 'https://cdn.example/mei/feed.json')).toMatchObject({ kind: 'feed', expert: { id: aliceId } });
  });

  it('an address the popup did not ask for is not fetched at all', async () => {
    f.allowed.origins = new Set();
    expect(await previewFollow(f.deps, PAGE)).toMatchObject({ kind: 'refused', error: { code: 'permission', params: { origin: 'https://mei.example' } } });
    expect(requested()).toEqual([]);
  });
});

describe('the preview', () => {
  it('fetches and verifies, stores nothing, and says who signed it and where their picks are', async () => {
    const expired = recommendation('old', { createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', expiresAt: '2024-06-01T00:00:00Z' });
    const bad = recommendation('bad', { rating: 9 });
    // Signed as a careless publisher would (signFeed itself refuses an invalid pick).
    await serveWindow(await signRaw(alice, JSON.stringify(payloadFor(alice, [recommendation('a1'), JD, recommendation('a3'), expired, bad]))));
    const preview = await previewFollow(f.deps, PAGE);
    expect(preview).toEqual({
      kind: 'feed',
      url: FEED,
      pageUrl: PAGE,
      announced: 1,
      expert: { id: aliceId, name: 'Test expert', bio: 'Tests things.', window: null, picks: 3, stores: ['tmall', 'jd'], followed: false },
      summary: '1 of 5 recommendations skipped: invalid rating',
      summaryInfo: expect.objectContaining({ total: 5, accepted: 4, skipped: 1 }),
    });
    expect(await nothingStored()).toEqual(EMPTY);
  });

  it('a collection: its name, curator and experts', async () => {
    const demo = readFileSync('tests/fixtures/feeds/demo-collection.json', 'utf8');
    f.server.routes.set('https://packs.example/starter.json', { body: demo });
    const preview = await previewFollow(f.deps, 'https://packs.example/starter.json');
    expect(preview).toMatchObject({
      kind: 'collection',
      name: 'Demo starter pack (demo data)',
      curator: 'Haowu demo',
      duplicates: 0,
      summary: '2 of 2 feeds accepted',
      experts: [
        { name: 'Demo · 小美 (demo data)', picks: 2, stores: ['tmall', 'taobao'] },
        { name: 'Demo · 老王 (demo data)', picks: 2, stores: ['jd', 'example-shop.de'] },
      ],
    });
    expect(await nothingStored()).toEqual(EMPTY);
  });

  it('a collection listing one expert twice: the copy published last is used, and the preview says so', async () => {
    const older = await signFeed({ ...payloadFor(alice, [recommendation('a1')]), publishedAt: '2025-01-01T00:00:00.000Z' }, alice.keyPair.privateKey);
    const newer = await signFeed({ ...payloadFor(alice, [recommendation('a2')]), publishedAt: '2025-02-01T00:00:00.000Z' }, alice.keyPair.privateKey);
    f.server.routes.set('https://packs.example/twice.json', json(buildCollection({ name: 'Twice' }, [older, newer, older])));
    const preview = await previewFollow(f.deps, 'https://packs.example/twice.json');
    expect(preview).toMatchObject({ kind: 'collection', duplicates: 2, experts: [{ id: aliceId }], summaryInfo: { total: 3, accepted: 1, firstRejected: { index: 0, error: { code: 'duplicate-expert' } }, moreRejected: 1 } });
    expect(await nothingStored()).toEqual(EMPTY);
    // Following it stores one copy of the expert, the newer one.
    await followUrl(f.deps, 'https://packs.example/twice.json');
    expect((await getRecommendationsByExpert(await db(), aliceId)).map((r) => r.id)).toEqual([`${aliceId}/a2`]);
  });

  it('Follow stores what was previewed: a feed signed by another key by then is refused', async () => {
    await serveWindow(await signedFeed(alice, [recommendation('a1')]));
    const mallory = await newExpert();
    f.server.routes.set(FEED, json(await signedFeed(mallory, [recommendation('m1')])));
    await expect(followUrl(f.deps, PAGE, { expectedExpertId: aliceId })).rejects.toThrow('signed by a different key');
    expect(await nothingStored()).toEqual(EMPTY);
  });
});

describe('a new key at a followed address is a new expert', () => {
  it('is refused with both keys named, in English and Chinese; nothing is stored or merged', async () => {
    f.server.routes.set(FEED, json(await signedFeed(alice, [recommendation('a1')])));
    await followUrl(f.deps, FEED);
    const before = await nothingStored();
    const bob = await newExpert();
    f.server.routes.set(FEED, json(await signedFeed(bob, [recommendation('b1')])));
    const bobId = ((await verifyFeed(await signedFeed(bob, []))) as { expertId: string }).expertId;

    const preview = await previewFollow(f.deps, FEED);
    expect(preview).toMatchObject({ kind: 'refused', error: { code: 'key-changed', params: { expertId: bobId, previous: aliceId, name: 'Test expert' } } });
    await expect(followUrl(f.deps, FEED)).rejects.toThrow(`now signed by a different key (${bobId}) than Test expert (${aliceId})`);
    // Through the window's address too.
    await serveWindow(await signedFeed(bob, [recommendation('b1')]));
    await expect(followUrl(f.deps, PAGE)).rejects.toThrow('A new key is a new expert');
    expect(await nothingStored()).toEqual(before);

    // The popup says it from the code in either language; the English matches the background's.
    if (preview.kind !== 'refused') throw new Error('expected a refusal');
    const say = (language: 'en' | 'zh') => describeFeedError({ t: (key, params) => translate(ALL_STRINGS, language, key, params), language }, preview.error, null);
    expect(say('en')).toBe(preview.message);
    expect(say('zh')).toContain('新密钥就是新达人');

    // Once the old expert is unfollowed, the new key can be followed as the new expert it is.
    const database = await db();
    await database.put('experts', { ...(await database.get('experts', aliceId))!, followed: false, followedAt: null });
    expect(await followUrl(f.deps, FEED)).toMatchObject({ kind: 'feed', expert: { id: bobId } });
    expect((await database.get('experts', aliceId))?.displayName).toBe('Test expert');
  });
});

describe('the feed format’s optional window field', () => {
  it('is carried by a verified feed, and an older Haowu (whose expert has no such field) still verifies the same file', async () => {
    const payload = { ...payloadFor(alice, [recommendation('a1')]), expert: { ...payloadFor(alice, []).expert, window: 'https://mei.example/picks/' } };
    const envelope = await signFeed(payload, alice.keyPair.privateKey);
    expect(envelope.payload).toContain('"window":"https://mei.example/picks/"');
    const verified = await verifyFeed(JSON.stringify(envelope));
    expect(verified.ok && verified.expert.window).toBe('https://mei.example/picks/');

    // The reader before this field: the same schemas without `window`. zod objects strip keys they do
    // not know, so the payload still parses, and the signature covers the payload text as it was sent.
    const OldExpert = FeedExpert.omit({ window: true });
    const OldShell = FeedPayloadShell.extend({ expert: OldExpert });
    const parsed = OldShell.safeParse(JSON.parse(envelope.payload));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.expert).not.toHaveProperty('window');
    const key = await importPublicKey(alice.publicKey);
    expect(await verifyBytes(key!, fromBase64Url(envelope.signature)!, new TextEncoder().encode(envelope.payload))).toBe(true);
    // A window that is not https is refused like any other URL of the expert.
    expect(z.object({ expert: FeedExpert }).safeParse({ expert: { ...payload.expert, window: 'http://mei.example/' } }).success).toBe(false);
  });

  it('shows in the preview', async () => {
    const payload = { ...payloadFor(alice, []), expert: { ...payloadFor(alice, []).expert, window: WINDOW } };
    f.server.routes.set(FEED, json(await signFeed(payload, alice.keyPair.privateKey)));
    expect(await previewFollow(f.deps, FEED)).toMatchObject({ kind: 'feed', pageUrl: null, announced: 0, expert: { window: WINDOW, picks: 0, stores: [] } });
  });
});
