// @vitest-environment node
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAvatarCopies, type AvatarCopyDeps } from '../../../utils/avatar/avatar-sync';
import { backgroundSyncDeps } from '../../../utils/background/feed-refresh';
import { createDbConnection, openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { createExpertProfile } from '../../../utils/expert/profile';
import { fakeCodec } from './fake-codec';
import { png } from './images';

const AVATAR = 'https://me.example/me.png';
let db: HaowuDb;
let realFetch: typeof fetch;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  realFetch = globalThis.fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  enableAvatarCopies(null);
});

describe('avatar copying in the background', () => {
  it('is off until the background turns it on: nothing is fetched, whatever the environment offers', async () => {
    const fetchSpy = vi.fn(async () => new Response(png(10, 10), { headers: { 'content-type': 'image/png' } }));
    globalThis.fetch = fetchSpy as typeof fetch;
    expect(backgroundSyncDeps(createDbConnection()).images).toBeNull();
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: AVATAR }, 1000);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(own.expert.avatarCopy).toBeUndefined();
  });

  it('once on, the sync dependencies and the own profile use the network and codec it was given', async () => {
    const requests: string[] = [];
    const deps: AvatarCopyDeps = {
      now: () => 5000,
      images: fakeCodec(),
      fetch: async (url) => {
        requests.push(url);
        return new Response(png(10, 10), { headers: { 'content-type': 'image/png' } });
      },
    };
    enableAvatarCopies(deps);
    expect(backgroundSyncDeps(createDbConnection()).images).toBe(deps.images);
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: AVATAR }, 1000);
    expect(requests).toEqual([AVATAR]);
    expect(own.expert.avatarCopy).toMatchObject({ sourceUrl: AVATAR, fetchedAt: 5000 });
  });
});
