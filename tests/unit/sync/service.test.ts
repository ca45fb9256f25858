import { describe, expect, it } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS } from '../../../utils/settings';
import { SYNC_QUOTA } from '../../../utils/sync/layout';
import { syncedSettingsOf, type FollowEntry, type SyncedSettings } from '../../../utils/sync/model';
import { createSyncService, listPending, readSyncStatus, type LocalFollowing, type SyncArea } from '../../../utils/sync/service';
import type { LocalFollows } from '../../../utils/sync/local-state';

/*
 * Two of the user's browsers sharing one storage.sync, each with its own follows, settings and
 * permissions (fakes), running the real sync service.
 */

const FEED = 'https://feeds.example/mei.json';
const COLLECTION = 'https://packs.example/starter.json';
const DEFAULTS = syncedSettingsOf(DEFAULT_SETTINGS);

function sharedArea() {
  const items: Record<string, unknown> = {};
  let writes = 0;
  const area: SyncArea = {
    get: async () => structuredClone(items),
    set: async (next) => {
      writes++;
      Object.assign(items, structuredClone(next));
    },
    remove: async (keys) => {
      writes++;
      for (const key of keys) delete items[key];
    },
  };
  return { area, items, writes: () => writes };
}

function browserWith(name: string, area: SyncArea, clock: { now: number }, options: { granted?: string[]; follows?: FollowEntry[] } = {}) {
  const follows = new Map<string, FollowEntry>((options.follows ?? []).map((entry) => [entry.url, entry]));
  const experts = new Map<string, { followed: boolean; shown: boolean; feedUrl: string | null }>();
  const granted = new Set(options.granted ?? ['https://feeds.example', 'https://packs.example']);
  let settings: SyncedSettings = { ...DEFAULTS };
  const fetched: string[] = [];
  const local: LocalFollowing = {
    snapshot: async (): Promise<LocalFollows> => ({
      follows: [...follows.values()],
      experts: Object.fromEntries([...experts].filter(([, e]) => !e.shown).map(([id]) => [id, { shown: { value: false, at: 1 } }])),
    }),
    follow: async (url) => {
      fetched.push(url);
      if (url.includes('broken')) throw new Error('The feed’s server answered 404.');
      follows.set(url, { url, kind: url === COLLECTION ? 'collection' : 'feed', followed: true, at: clock.now, ...(url.includes('mei') && { expertId: 'ed25519:mei' }) });
    },
    unfollow: async (entry) => void follows.delete(entry.url),
    // follows carry the expert id when the test gives one (moved addresses).
    setExpert: async (id, flags) => {
      const expert = experts.get(id);
      if (!expert) return false;
      let changed = false;
      if (flags.followed !== undefined && !expert.feedUrl && expert.followed !== flags.followed) {
        expert.followed = flags.followed;
        changed = true;
      }
      if (flags.shown !== undefined && expert.shown !== flags.shown) {
        expert.shown = flags.shown;
        changed = true;
      }
      return changed;
    },
    canRead: async (url) => granted.has(new URL(url).origin),
  };
  const service = createSyncService({
    now: () => clock.now,
    area,
    local,
    settings: { get: async () => settings, defaults: DEFAULTS, update: async (patch) => void (settings = { ...settings, ...patch }) },
    delayMs: 0,
    storagePrefix: `${name}:`,
  });
  return {
    service,
    follows,
    experts,
    granted,
    fetched,
    settings: () => settings,
    /** The user changes a setting here (the watcher sees it). */
    changeSettings: async (patch: Partial<SyncedSettings>) => {
      settings = { ...settings, ...patch };
      await service.settingsChanged(false);
    },
    followed: () => [...follows.values()].filter((e) => e.followed).map((e) => e.url).sort(),
  };
}

describe('sync between two browsers', () => {
  it('a follow made in one browser is followed (and fetched) in the other; what each followed before is merged', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 500 }] });
    const b = browserWith('b', area, clock, { follows: [{ url: COLLECTION, kind: 'collection', followed: true, at: 600 }] });
    await a.service.start();
    await b.service.start();
    await a.service.pass();
    expect(a.followed()).toEqual([FEED, COLLECTION].sort());
    expect(b.followed()).toEqual([FEED, COLLECTION].sort());
    expect(b.fetched).toEqual([FEED]);
    expect(a.fetched).toEqual([COLLECTION]);
  });

  it('an unfollow newer than the follow unfollows everywhere; an older one does not undo a newer follow', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 500 }] });
    const b = browserWith('b', area, clock);
    await a.service.start();
    await b.service.start();
    expect(b.followed()).toEqual([FEED]);

    clock.now = 2_000;
    b.follows.delete(FEED);
    await b.service.record({ type: 'follow', url: FEED, kind: 'feed', followed: false });
    await b.service.pass();
    await a.service.pass();
    expect(a.followed()).toEqual([]);

    // Browser A (offline) had followed again at 3,000; B's unfollow at 2,000 is older and loses.
    clock.now = 3_000;
    a.follows.set(FEED, { url: FEED, kind: 'feed', followed: true, at: 3_000 });
    await a.service.record({ type: 'follow', url: FEED, kind: 'feed', followed: true });
    await a.service.pass();
    await b.service.pass();
    expect(b.followed()).toEqual([FEED]);
  });

  it('never asks for a permission: a follow whose host is not granted here waits as pending until it is', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 500 }] });
    const b = browserWith('b', area, clock, { granted: [] });
    await a.service.start();
    await b.service.start();
    expect(b.followed()).toEqual([]);
    expect(b.fetched).toEqual([]);
    expect(await listPending({ pending: storageItem('b:syncPending') } as never)).toEqual([{ url: FEED, kind: 'feed', at: 500, error: null }]);

    // The user allows the host in the Experts tab; the next pass follows it and clears the pending entry.
    b.granted.add('https://feeds.example');
    await b.service.pass();
    expect(b.followed()).toEqual([FEED]);
    expect(await listPending({ pending: storageItem('b:syncPending') } as never)).toEqual([]);
  });

  it('keeps a follow that failed to fetch as pending with the reason, and tries again on the next pass', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const broken = 'https://feeds.example/broken.json';
    const a = browserWith('a', area, clock, { follows: [{ url: broken, kind: 'feed', followed: true, at: 500 }] });
    const b = browserWith('b', area, clock);
    await a.service.start();
    await b.service.start();
    expect((await listPending({ pending: storageItem('b:syncPending') } as never))[0]).toMatchObject({ url: broken, error: 'The feed’s server answered 404.' });
    await b.service.pass();
    expect(b.fetched).toEqual([broken, broken]);
  });

  it('syncs the per-expert switch and follows of experts known from a collection', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock);
    const b = browserWith('b', area, clock);
    b.experts.set('ed25519:aa', { followed: false, shown: true, feedUrl: null });
    await a.service.start();
    await b.service.start();
    clock.now = 2_000;
    await a.service.record({ type: 'expert', id: 'ed25519:aa', shown: false, followed: true });
    await a.service.pass();
    await b.service.pass();
    expect(b.experts.get('ed25519:aa')).toEqual({ followed: true, shown: false, feedUrl: null });
  });

  it('applies a switch once the expert becomes known here (a collection fetched later)', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock);
    const b = browserWith('b', area, clock);
    await a.service.start();
    await a.service.record({ type: 'expert', id: 'ed25519:bb', shown: false });
    await a.service.pass();
    await b.service.start();
    b.experts.set('ed25519:bb', { followed: false, shown: true, feedUrl: null });
    await b.service.pass();
    expect(b.experts.get('ed25519:bb')?.shown).toBe(false);
  });

  it('settings: each field by its newest change; a new browser’s defaults do not overwrite choices', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const a = browserWith('a', area, clock);
    await a.changeSettings({ language: 'zh' });
    await a.service.start();
    const b = browserWith('b', area, clock);
    await b.service.start();
    expect(b.settings().language).toBe('zh');

    clock.now = 2_000;
    await b.changeSettings({ theme: 'dark' });
    clock.now = 2_500;
    await a.changeSettings({ feedRefreshHours: 12 });
    await b.service.pass();
    await a.service.pass();
    await b.service.pass();
    expect(a.settings()).toMatchObject({ language: 'zh', theme: 'dark', feedRefreshHours: 12 });
    expect(b.settings()).toMatchObject({ language: 'zh', theme: 'dark', feedRefreshHours: 12 });
  });

  it('a reset (delete all data) here brings the synced settings back instead of spreading defaults', async () => {
    const clock = { now: 1_000 };
    const { area, items } = sharedArea();
    const a = browserWith('a', area, clock);
    await a.service.start();
    clock.now = 2_000;
    await a.changeSettings({ language: 'zh' });
    await a.service.pass();
    const before = JSON.stringify(items);
    await a.service.settingsChanged(true);
    expect(a.settings().language).toBe('zh');
    await a.service.pass();
    expect(JSON.stringify(items)).toBe(before);
  });

  it('an expert who moved address is unfollowed at the old one and followed at the new one everywhere', async () => {
    const clock = { now: 1_000 };
    const { area } = sharedArea();
    const moved = 'https://mei.example/feed.json';
    const a = browserWith('a', area, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 500, expertId: 'ed25519:mei' }] });
    const b = browserWith('b', area, clock, { granted: ['https://feeds.example', 'https://mei.example'] });
    await a.service.start();
    await b.service.start();
    expect(b.followed()).toEqual([FEED]);
    clock.now = 2_000;
    a.follows.delete(FEED);
    a.follows.set(moved, { url: moved, kind: 'feed', followed: true, at: 2_000, expertId: 'ed25519:mei' });
    await a.service.record({ type: 'follow', url: moved, kind: 'feed', followed: true, expertId: 'ed25519:mei' });
    await a.service.pass();
    await b.service.pass();
    expect(b.followed()).toEqual([moved]);
    // And it stays so: no browser follows the old address back.
    await a.service.pass();
    await b.service.pass();
    expect(a.followed()).toEqual([moved]);
    expect(b.followed()).toEqual([moved]);
  });

  it('writes only what changed, one set per pass, and nothing when nothing changed', async () => {
    const clock = { now: 1_000 };
    const shared = sharedArea();
    const a = browserWith('a', shared.area, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 500 }] });
    await a.service.start();
    const after = shared.writes();
    await a.service.pass();
    await a.service.pass();
    expect(shared.writes()).toBe(after);
  });

  it('past the quota keeps what fits, counts the rest as not synced, and says so', async () => {
    const clock = { now: 10_000 };
    const { area, items } = sharedArea();
    const many = Array.from({ length: SYNC_QUOTA.items + 5 }, (_, i): FollowEntry => ({ url: `https://f${i}.example/feed.json`, kind: 'feed', followed: true, at: i + 1 }));
    const a = browserWith('a', area, clock, { follows: many });
    await a.service.start();
    expect(Object.keys(items)).toHaveLength(SYNC_QUOTA.items);
    expect(await readSyncStatus({ status: storageItem('a:syncStatus') } as never)).toMatchObject({ notSynced: 6, follows: SYNC_QUOTA.items + 5, lastError: null });
  });

  it('keeps working when the browser refuses a write (quota, rate), and says why', async () => {
    const clock = { now: 1_000 };
    const shared = sharedArea();
    const a = browserWith('a', { ...shared.area, set: async () => Promise.reject(new Error('QUOTA_BYTES quota exceeded')) }, clock, { follows: [{ url: FEED, kind: 'feed', followed: true, at: 1 }] });
    await a.service.start();
    expect(await readSyncStatus({ status: storageItem('a:syncStatus') } as never)).toMatchObject({ lastError: 'QUOTA_BYTES quota exceeded' });
    expect(a.followed()).toEqual([FEED]);
  });
});

function storageItem(key: string) {
  return storage.defineItem<unknown>(`local:${key}`, { fallback: key.endsWith('Pending') ? [] : null });
}
