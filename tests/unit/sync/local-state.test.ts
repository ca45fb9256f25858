// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { buildCollection } from '../../../utils/feed/collection';
import { signFeed } from '../../../utils/feed/crypto';
import { listCollections } from '../../../utils/feed/followed-collections';
import { followUrl } from '../../../utils/feed/sync';
import { backgroundFollowing, localFollowSnapshot } from '../../../utils/sync/local-state';
import { newExpert, payloadFor, recommendation } from '../feed/helpers';
import { json, syncFixture, type SyncFixture } from '../feed/sync-helpers';

/* Sync reads the followed collections' addresses from the database's collections store (version 4). */

const COLLECTION_URL = 'https://lists.example/starter.json';
let f: SyncFixture;
afterEach(() => f.connection.close());

describe('followed collections as sync sees them', () => {
  it('lists a followed collection by its address, and unfollows it when another browser did', async () => {
    f = syncFixture();
    const mei = await newExpert();
    const feed = await signFeed(payloadFor(mei, [recommendation('m1')]), mei.keyPair.privateKey);
    f.server.routes.set(COLLECTION_URL, json(buildCollection({ name: 'Starter' }, [feed])));
    await followUrl(f.deps, COLLECTION_URL);
    const db = await f.deps.db();
    const [collection] = await listCollections(db);
    expect((await localFollowSnapshot(db)).follows).toEqual([{ url: COLLECTION_URL, kind: 'collection', followed: true, at: collection!.followedAt }]);

    await backgroundFollowing(f.deps.db, f.deps).unfollow({ url: COLLECTION_URL, kind: 'collection', followed: false, at: f.tick() });
    expect(await listCollections(db)).toEqual([]);
    expect((await localFollowSnapshot(db)).follows).toEqual([]);
    expect(await db.getAll('experts')).toEqual([]);
  });
});
