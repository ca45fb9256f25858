// @vitest-environment node
// Node's own fetch types (Response, ReadableStream), as the service worker has them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AVATAR_RETRY_MS, copyAvatars, needsAvatarCopy } from '../../../utils/avatar/avatar-sync';
import { followExpert, storeAvatarCopy } from '../../../utils/db/experts';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';
import type { ExpertRecord } from '../../../utils/db/schema';
import { buildCollection } from '../../../utils/feed/collection';
import { signFeed } from '../../../utils/feed/crypto';
import { followFile, followUrl, refreshCollection, refreshExpertFeed, refreshFeeds } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { expert as expertRecord } from '../db/records';
import { newExpert, payloadFor, recommendation, type Expert } from '../feed/helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from '../feed/sync-helpers';
import { fakeCodec, type FakeCodec } from './fake-codec';
import { png, webpDataUrl } from './images';

const FEED = 'https://feeds.example/alice.json';
const AVATAR = 'https://feeds.example/alice.png';
const NEW_AVATAR = 'https://feeds.example/alice-2025.png';

let f: SyncFixture;
let alice: Expert;
let aliceId: string;
let codec: FakeCodec;

beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
  codec = fakeCodec();
  f.deps.images = codec;
  f.server.routes.set(AVATAR, { body: png(200, 200), headers: { 'content-type': 'image/png' } });
  f.server.routes.set(NEW_AVATAR, { body: png(120, 120), headers: { 'content-type': 'image/png' } });
});
afterEach(() => f.connection.close());

const db = () => f.deps.db();
const expertOf = async (id = aliceId) => (await (await db()).get('experts', id)) as ExpertRecord;
const requestsTo = (url: string) => f.server.requests.filter((request) => request.url === url).length;

/** Alice's signed feed naming `avatarUrl` (none when undefined). */
async function aliceFeed(avatarUrl: string | undefined, picks = [recommendation('a1')], who: Expert = alice) {
  const payload = payloadFor(who, picks);
  if (avatarUrl) payload.expert.avatarUrl = avatarUrl;
  return signFeed(payload, who.keyPair.privateKey);
}

async function serveFeed(avatarUrl: string | undefined, picks = [recommendation('a1')], etag = '"v1"') {
  f.server.routes.set(FEED, json(await aliceFeed(avatarUrl, picks), { etag }));
}

const notModified = () => f.server.routes.set(FEED, { status: 304, headers: { etag: '"v1"' } });

describe('after a feed is stored', () => {
  it('copies the avatar when a feed is followed, and the follow answers with the copy', async () => {
    await serveFeed(AVATAR);
    const result = await followUrl(f.deps, FEED);
    const now = f.deps.now();
    const stored = await expertOf();
    expect(stored.avatarUrl).toBe(AVATAR);
    expect(stored.avatarCopy).toEqual({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp;base64,/), fetchedAt: now });
    expect(result).toMatchObject({ kind: 'feed', expert: { avatarCopy: stored.avatarCopy } });
    expect(requestsTo(AVATAR)).toBe(1);
    // Fetched after the feed, never before it is stored.
    expect(f.server.requests.map((r) => r.url)).toEqual([FEED, AVATAR]);
  });

  it('copies the avatar of a feed followed from a file', async () => {
    await followFile(f.deps, JSON.stringify(await aliceFeed(AVATAR)));
    expect((await expertOf()).avatarCopy).toMatchObject({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp/) });
  });

  it('does not fetch it again on a 304, nor on a changed feed with the same avatar address', async () => {
    await serveFeed(AVATAR);
    await followUrl(f.deps, FEED);
    const copy = (await expertOf()).avatarCopy;
    f.tick(AVATAR_RETRY_MS * 2);

    notModified();
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'not-modified' });
    await serveFeed(AVATAR, [recommendation('a1'), recommendation('a2')], '"v2"');
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });

    expect(requestsTo(AVATAR)).toBe(1);
    expect((await expertOf()).avatarCopy).toEqual(copy);
  });

  it('fetches the new address when the feed changes its avatar, and never shows the old copy for it', async () => {
    await serveFeed(AVATAR);
    await followUrl(f.deps, FEED);
    let copyWhileFetching: unknown = 'not fetched';
    f.server.routes.set(NEW_AVATAR, async () => {
      copyWhileFetching = (await expertOf()).avatarCopy;
      return new Response(png(120, 120), { headers: { 'content-type': 'image/png' } });
    });
    await serveFeed(NEW_AVATAR, undefined, '"v2"');
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    // The feed's transaction dropped the copy of the old address before the new one was fetched.
    expect(copyWhileFetching).toBeUndefined();
    expect((await expertOf()).avatarCopy).toMatchObject({ sourceUrl: NEW_AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp/) });
    expect(codec.crops.at(-1)).toEqual({ sx: 0, sy: 0, side: 120, size: 96 });

    // A feed without an avatar leaves no copy behind.
    await serveFeed(undefined, undefined, '"v3"');
    await refreshExpertFeed(f.deps, aliceId);
    expect(await expertOf()).toMatchObject({ avatarUrl: null });
    expect((await expertOf()).avatarCopy).toBeUndefined();
  });

  it('stores the feed when its avatar cannot be fetched, records the failure, and retries only a week later or for a new address', async () => {
    f.server.routes.delete(AVATAR); // offline, or no host permission and no CORS headers
    await serveFeed(AVATAR);
    const result = await followUrl(f.deps, FEED);
    expect(result).toMatchObject({ kind: 'feed', summary: '1 recommendation accepted' });
    expect((await getRecommendationsByExpert(await db(), aliceId)).map((r) => r.id)).toEqual([`${aliceId}/a1`]);
    const failedAt = f.deps.now();
    expect((await expertOf()).avatarCopy).toEqual({ sourceUrl: AVATAR, dataUrl: null, fetchedAt: failedAt });
    expect(requestsTo(AVATAR)).toBe(1);

    // A changed feed within the week: no new try.
    f.tick(AVATAR_RETRY_MS - 1000);
    await serveFeed(AVATAR, [recommendation('a2')], '"v2"');
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated' });
    expect(requestsTo(AVATAR)).toBe(1);

    // A week after the failure, the next stored feed tries again, and this time the image is there.
    f.tick(1000);
    f.server.routes.set(AVATAR, { body: png(64, 64), headers: { 'content-type': 'image/png' } });
    await serveFeed(AVATAR, [recommendation('a3')], '"v3"');
    await refreshExpertFeed(f.deps, aliceId);
    expect(requestsTo(AVATAR)).toBe(2);
    expect((await expertOf()).avatarCopy).toMatchObject({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp/) });
  });

  it('a broken image (decode fails) never fails the refresh', async () => {
    f.deps.images = fakeCodec({ failDecode: true });
    await serveFeed(AVATAR);
    await followUrl(f.deps, FEED);
    await serveFeed(AVATAR, [recommendation('a2')], '"v2"');
    await (await db()).put('experts', { ...(await expertOf()), avatarCopy: undefined });
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'updated', message: '1 recommendation accepted' });
    expect((await expertOf()).avatarCopy).toMatchObject({ sourceUrl: AVATAR, dataUrl: null });
    expect((await expertOf()).feedStatus.lastError).toBeNull();
  });

  it('fetches nothing where images cannot be re-encoded (no codec)', async () => {
    f.deps.images = null;
    await serveFeed(AVATAR);
    await followUrl(f.deps, FEED);
    expect(requestsTo(AVATAR)).toBe(0);
    expect((await expertOf()).avatarCopy).toBeUndefined();
  });

  it('copies the avatars of a collection’s experts once; an unchanged collection fetches none', async () => {
    const bob = await newExpert();
    const probe = await verifyFeed(await aliceFeed(undefined, [], bob));
    if (!probe.ok) throw new Error(probe.reason);
    const bobId = probe.expertId;
    const BOB_AVATAR = 'https://cdn.example/bob.jpg';
    f.server.routes.set(BOB_AVATAR, { body: png(50, 80), headers: { 'content-type': 'image/png' } });
    const collection = buildCollection({ name: 'Pack' }, [await aliceFeed(AVATAR), await aliceFeed(BOB_AVATAR, [recommendation('b1')], bob)]);
    const COLLECTION = 'https://feeds.example/pack.json';
    f.server.routes.set(COLLECTION, json(collection, { etag: '"c1"' }));
    expect(await followUrl(f.deps, COLLECTION)).toMatchObject({ kind: 'collection' });
    expect((await expertOf()).avatarCopy).toMatchObject({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:/) });
    expect((await expertOf(bobId)).avatarCopy).toMatchObject({ sourceUrl: BOB_AVATAR, dataUrl: expect.stringMatching(/^data:/) });

    f.server.routes.set(COLLECTION, { status: 304, headers: { etag: '"c1"' } });
    expect(await refreshCollection(f.deps, COLLECTION)).toMatchObject({ status: 'not-modified' });
    // Changed, but the same avatars: every feed is stored again, no avatar is fetched again.
    f.server.routes.set(COLLECTION, json({ ...collection, description: 'Now with a description' }, { etag: '"c2"' }));
    expect(await refreshCollection(f.deps, COLLECTION)).toMatchObject({ status: 'updated' });
    expect([requestsTo(AVATAR), requestsTo(BOB_AVATAR)]).toEqual([1, 1]);
  });

  it('a refresh of many unchanged feeds (304) fetches no avatar, even for experts without a copy yet', async () => {
    const database = await db();
    for (let i = 0; i < 20; i++) {
      await database.put(
        'experts',
        expertRecord({
          id: `ed25519:${String(i).padStart(32, '0')}`,
          avatarUrl: `https://feeds.example/${i}.png`,
          feedUrl: `https://feeds.example/${i}.json`,
          feedStatus: { lastFetchedAt: 1000, lastError: null, etag: '"same"' },
          ...(i % 2 === 0 && { avatarCopy: { sourceUrl: `https://feeds.example/${i}.png`, dataUrl: webpDataUrl(), fetchedAt: 1000 } }),
        }),
      );
      f.server.routes.set(`https://feeds.example/${i}.json`, { status: 304 });
    }
    const results = await refreshFeeds(f.deps);
    expect(results.map((r) => r.status)).toEqual(new Array(20).fill('not-modified'));
    expect(f.server.requests.filter((r) => r.url.endsWith('.png'))).toEqual([]);
  });
});

describe('writing a copy', () => {
  it('writes only while the expert still has the avatar address the copy was made from', async () => {
    await serveFeed(AVATAR);
    f.deps.images = null;
    await followUrl(f.deps, FEED);
    f.deps.images = codec;
    // While the image downloads, another refresh stores a feed with a new avatar.
    f.server.routes.set(AVATAR, async () => {
      const database = await db();
      await database.put('experts', { ...(await expertOf()), avatarUrl: NEW_AVATAR });
      return new Response(png(64, 64), { headers: { 'content-type': 'image/png' } });
    });
    const [outcome] = await copyAvatars(await db(), f.deps, [await expertOf()]);
    expect(outcome).toMatchObject({ expertId: aliceId, status: 'changed' });
    expect(await expertOf()).toMatchObject({ avatarUrl: NEW_AVATAR });
    expect((await expertOf()).avatarCopy).toBeUndefined();
  });

  it('storeAvatarCopy refuses a copy for another address or a missing expert', async () => {
    const database = await db();
    await database.put('experts', expertRecord({ id: 'fp-a', avatarUrl: AVATAR }));
    const copy = { sourceUrl: NEW_AVATAR, dataUrl: webpDataUrl(), fetchedAt: 5 };
    expect(await storeAvatarCopy(database, 'fp-a', copy, 10)).toBeNull();
    expect(await storeAvatarCopy(database, 'fp-gone', copy, 10)).toBeNull();
    expect((await database.get('experts', 'fp-a'))?.avatarCopy).toBeUndefined();
    expect(await storeAvatarCopy(database, 'fp-a', { ...copy, sourceUrl: AVATAR }, 10)).toMatchObject({ avatarCopy: { sourceUrl: AVATAR }, updatedAt: 10 });
  });

  it('fetches one avatar per expert at a time: a second request waits, then finds the copy current', async () => {
    await serveFeed(AVATAR);
    f.deps.images = null;
    await followUrl(f.deps, FEED);
    f.deps.images = codec;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    f.server.routes.set(AVATAR, async () => {
      await held;
      return new Response(png(64, 64), { headers: { 'content-type': 'image/png' } });
    });
    const record = await expertOf();
    const first = copyAvatars(await db(), f.deps, [record]);
    const second = copyAvatars(await db(), f.deps, [record, record]);
    // Let the second reach the network too, if it were going to (its database read takes event-loop turns).
    await vi.waitFor(() => expect(requestsTo(AVATAR)).toBe(1));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    release();
    expect((await first).map((o) => o.status)).toEqual(['stored']);
    expect((await second).map((o) => o.status)).toEqual(['current']);
    expect(requestsTo(AVATAR)).toBe(1);
  });
});

describe('keeping a copy when a record is rewritten', () => {
  it('following again from the popup (a profile without the copy) keeps the copy of the same address only', async () => {
    const database = await db();
    const avatarCopy = { sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 5 };
    await database.put('experts', expertRecord({ id: 'fp-a', avatarUrl: AVATAR, followed: false, followedAt: null, avatarCopy }));
    const profile = { id: 'fp-a', kind: 'feed' as const, displayName: 'A', bio: '', avatarUrl: AVATAR, feedUrl: null };
    expect((await followExpert(database, profile, 10)).avatarCopy).toEqual(avatarCopy);
    // A caller's object carrying a copy of its own does not bring it in.
    const smuggled = { ...profile, avatarCopy: { sourceUrl: AVATAR, dataUrl: 'https://tracker.example/p.gif', fetchedAt: 1 } };
    expect((await followExpert(database, smuggled, 11)).avatarCopy).toEqual(avatarCopy);
    expect((await followExpert(database, { ...profile, avatarUrl: NEW_AVATAR }, 12)).avatarCopy).toBeUndefined();
  });
});

describe('needsAvatarCopy', () => {
  const copy = (overrides: object = {}) => ({ sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 1000, ...overrides });
  it('is true for a missing copy, a copy of another address, and a failure a week old', () => {
    expect(needsAvatarCopy({ avatarUrl: AVATAR }, 2000)).toBe(true);
    expect(needsAvatarCopy({ avatarUrl: NEW_AVATAR, avatarCopy: copy() }, 2000)).toBe(true);
    expect(needsAvatarCopy({ avatarUrl: AVATAR, avatarCopy: copy({ dataUrl: null }) }, 1000 + AVATAR_RETRY_MS)).toBe(true);
  });
  it('is false without an avatar, for a good copy however old, and for a recent failure', () => {
    expect(needsAvatarCopy({ avatarUrl: null }, 2000)).toBe(false);
    expect(needsAvatarCopy({ avatarUrl: AVATAR, avatarCopy: copy() }, 1000 + 100 * AVATAR_RETRY_MS)).toBe(false);
    expect(needsAvatarCopy({ avatarUrl: AVATAR, avatarCopy: copy({ dataUrl: null }) }, 1000 + AVATAR_RETRY_MS - 1)).toBe(false);
  });
});
