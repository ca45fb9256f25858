// @vitest-environment node
// Node's own fetch types (Response), as the service worker has them.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AvatarCopyDeps } from '../../../utils/avatar/avatar-sync';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { createExpertProfile, exportOwnIdentity, importOwnIdentity, updateExpertProfile } from '../../../utils/expert/profile';
import { fakeCodec } from '../avatar/fake-codec';
import { png } from '../avatar/images';

const NOW = Date.UTC(2025, 5, 1);
const AVATAR = 'https://me.example/me.png';
const NEW_AVATAR = 'https://me.example/me-2.png';

let db: HaowuDb;
let requests: string[];
let avatars: AvatarCopyDeps;

beforeEach(async () => {
  // Both databases (haowu and haowu-keys) start empty.
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  requests = [];
  avatars = {
    now: () => NOW,
    images: fakeCodec(),
    fetch: async (url) => {
      requests.push(url);
      if (url === 'https://me.example/missing.png') return new Response('not found', { status: 404 });
      return new Response(png(300, 300), { headers: { 'content-type': 'image/png' } });
    },
  };
});

describe('the own profile’s avatar', () => {
  it('is copied when the profile is created, and the answer carries the copy', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: AVATAR }, NOW, avatars);
    expect(requests).toEqual([AVATAR]);
    expect(own.expert.avatarCopy).toEqual({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp;base64,/), fetchedAt: NOW });
    expect((await db.get('experts', own.expertId))?.avatarCopy).toEqual(own.expert.avatarCopy);
  });

  it('is not fetched again when the profile is saved with the same address, and is when the address changes', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: AVATAR }, NOW, avatars);
    const renamed = await updateExpertProfile(db, { name: 'Mei Li', avatarUrl: AVATAR }, NOW + 1, avatars);
    expect(requests).toEqual([AVATAR]);
    expect(renamed.expert.avatarCopy).toEqual(own.expert.avatarCopy);

    const moved = await updateExpertProfile(db, { name: 'Mei Li', avatarUrl: NEW_AVATAR }, NOW + 2, avatars);
    expect(requests).toEqual([AVATAR, NEW_AVATAR]);
    expect(moved.expert.avatarCopy).toMatchObject({ sourceUrl: NEW_AVATAR });

    const none = await updateExpertProfile(db, { name: 'Mei Li', avatarUrl: '' }, NOW + 3, avatars);
    expect(none.expert.avatarUrl).toBeNull();
    expect(none.expert.avatarCopy).toBeUndefined();
    expect(requests).toHaveLength(2);
  });

  it('a failing avatar still saves the profile, recorded as failed', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: 'https://me.example/missing.png' }, NOW, avatars);
    expect(own.expert).toMatchObject({ displayName: 'Mei', avatarUrl: 'https://me.example/missing.png' });
    expect(own.expert.avatarCopy).toEqual({ sourceUrl: 'https://me.example/missing.png', dataUrl: null, fetchedAt: NOW });
  });

  it('is copied when an identity backup is restored into an empty browser', async () => {
    const own = await createExpertProfile(db, { name: 'Mei', avatarUrl: AVATAR }, NOW, { ...avatars, images: null });
    expect(requests).toEqual([]);
    const backup = await exportOwnIdentity(NOW);
    globalThis.indexedDB = new IDBFactory();
    db = await openHaowuDb();
    const restored = await importOwnIdentity(db, backup.json, NOW + 5, avatars);
    expect(restored.expertId).toBe(own.expertId);
    expect(requests).toEqual([AVATAR]);
    expect(restored.expert.avatarCopy).toMatchObject({ sourceUrl: AVATAR, dataUrl: expect.stringMatching(/^data:image\/webp/) });
  });
});
