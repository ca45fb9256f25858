// @vitest-environment node
// Issue 15, impersonation: the follow preview warns when a new key's name looks like that of an expert
// the user follows, or claims a verification, for a feed and for each expert a collection brings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCollection } from '../../../utils/feed/collection';
import { signFeed } from '../../../utils/feed/crypto';
import { feedOverview } from '../../../utils/feed/overview';
import { previewFollow } from '../../../utils/feed/preview';
import { followUrl } from '../../../utils/feed/sync';
import { newExpert, payloadFor, recommendation, signRaw, signedFeed, type Expert } from './helpers';
import { json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';

const ALICE_FEED = 'https://alice.example/feed.json';
const OTHER_FEED = 'https://impostor.example/feed.json';
const COLLECTION = 'https://curator.example/starter.json';

let f: SyncFixture;
let alice: Expert;
let aliceId: string;

beforeEach(async () => {
  ({ f, alice, aliceId } = await syncFixtureWithAlice());
  // The user follows Alice, whose feed calls her "Test expert" (helpers.payloadFor).
  f.server.routes.set(ALICE_FEED, json(await signedFeed(alice, [recommendation('a1')])));
  expect(await followUrl(f.deps, ALICE_FEED)).toMatchObject({ kind: 'feed', expert: { id: aliceId, followed: true } });
});
afterEach(() => f.connection.close());

/** A feed signed by another key, calling itself `name` (as published: the name is cleaned when read). */
async function impostorFeed(name: string) {
  const impostor = await newExpert();
  const payload = payloadFor(impostor, [recommendation('i1')]);
  payload.expert.name = name;
  return signRaw(impostor, JSON.stringify(payload));
}

describe('the follow preview warns about names', () => {
  it('a look-alike of a followed expert’s name under another key (Cyrillic letters, zero-width space, “✓ official”)', async () => {
    f.server.routes.set(OTHER_FEED, json(await impostorFeed('Tеst\u200B expert ✓ official')));
    const preview = await previewFollow(f.deps, OTHER_FEED);
    if (preview.kind !== 'feed') throw new Error(`expected a feed preview, got ${preview.kind}`);
    expect(preview.expert.name).toBe('Tеst expert ✓ official');
    expect(preview.expert.id).not.toBe(aliceId);
    expect(preview.expert.warnings).toEqual([{ code: 'looks-like', expertId: aliceId, name: 'Test expert' }, { code: 'claims-verified' }]);
  });

  it('the followed expert’s own feed (same key) and an unlike name raise nothing', async () => {
    expect(await previewFollow(f.deps, ALICE_FEED)).toMatchObject({ kind: 'feed', expert: { id: aliceId, followed: true } });
    expect(((await previewFollow(f.deps, ALICE_FEED)) as { expert: { warnings?: unknown } }).expert.warnings).toBeUndefined();
    f.server.routes.set(OTHER_FEED, json(await impostorFeed('Xiao Mei')));
    const preview = await previewFollow(f.deps, OTHER_FEED);
    expect(preview.kind === 'feed' && preview.expert.warnings).toBeUndefined();
  });

  it('each expert a collection brings is checked the same way', async () => {
    const bob = await newExpert();
    const bobFeed = await signFeed({ ...payloadFor(bob, [recommendation('b1')]), expert: { publicKey: bob.publicKey, name: 'Bob' } }, bob.keyPair.privateKey);
    f.server.routes.set(COLLECTION, json(buildCollection({ name: 'Starter pack' }, [await impostorFeed('TEST EXPERT'), bobFeed])));
    const preview = await previewFollow(f.deps, COLLECTION);
    if (preview.kind !== 'collection') throw new Error(`expected a collection preview, got ${preview.kind}`);
    const byName = Object.fromEntries(preview.experts.map((expert) => [expert.name, expert.warnings]));
    expect(byName).toEqual({ 'TEST EXPERT': [{ code: 'looks-like', expertId: aliceId, name: 'Test expert' }], Bob: undefined });
  });
});

describe('a followed collection’s experts', () => {
  it('an expert a collection brought, posing as a followed one, is flagged in the overview; the followed expert is not', async () => {
    f.server.routes.set(COLLECTION, json(buildCollection({ name: 'Starter pack' }, [await impostorFeed('Test expert'), await signedFeed(alice, [recommendation('a1')])])));
    expect(await followUrl(f.deps, COLLECTION)).toMatchObject({ kind: 'collection' });
    const [entry] = (await feedOverview(await f.deps.db())).collections;
    const flagged = entry!.experts.map(({ expert, warnings }) => ({ id: expert.id, warnings }));
    expect(flagged).toHaveLength(2);
    expect(flagged.find(({ id }) => id === aliceId)?.warnings).toBeUndefined();
    expect(flagged.find(({ id }) => id !== aliceId)?.warnings).toEqual([{ code: 'looks-like', expertId: aliceId, name: 'Test expert' }]);
  });
});
