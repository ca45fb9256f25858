import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changesBetween,
  emptySyncState,
  localSettingsChange,
  mergeExpert,
  mergeFlag,
  mergeFollow,
  mergeSettings,
  mergeState,
  noChanges,
  pruneTombstones,
  recordFollow,
  syncedSettingsOf,
  TOMBSTONE_MS,
  type FollowEntry,
  type SyncState,
} from '../../../utils/sync/model';
import { DEFAULT_SETTINGS } from '../../../utils/settings';

const URL_A = 'https://feeds.example/a.json';
const follow = (at: number, followed = true, url = URL_A, kind: FollowEntry['kind'] = 'feed'): FollowEntry => ({ url, kind, followed, at });
const state = (follows: FollowEntry[] = [], extra: Partial<SyncState> = {}): SyncState => ({
  ...emptySyncState(),
  follows: Object.fromEntries(follows.map((entry) => [entry.url, entry])),
  ...extra,
});
const DEFAULTS = syncedSettingsOf(DEFAULT_SETTINGS);

describe('follows: union, and an unfollow wins only when newer', () => {
  it('keeps a follow made in either browser', () => {
    const merged = mergeState(state([follow(10, true, URL_A)]), state([follow(20, true, 'https://feeds.example/b.json')]));
    expect(Object.keys(merged.follows).sort()).toEqual([URL_A, 'https://feeds.example/b.json']);
  });

  it('an unfollow newer than the follow wins; an older one loses', () => {
    expect(mergeFollow(follow(10), follow(20, false))).toEqual(follow(20, false));
    expect(mergeFollow(follow(30), follow(20, false))).toEqual(follow(30));
    // Following again after the unfollow.
    expect(mergeFollow(follow(20, false), follow(25))).toEqual(follow(25));
  });

  it('at equal times the follow wins (union), on either side', () => {
    expect(mergeFollow(follow(10, false), follow(10, true))).toEqual(follow(10, true));
    expect(mergeFollow(follow(10, true), follow(10, false))).toEqual(follow(10, true));
  });

  it('a missing entry on one side takes the other', () => {
    expect(mergeFollow(undefined, follow(5))).toEqual(follow(5));
    expect(mergeFollow(follow(5, false), undefined)).toEqual(follow(5, false));
  });

  const arbFollow = fc.record({ url: fc.constantFrom(URL_A, 'https://b.example/f', 'https://c.example/c'), kind: fc.constantFrom('feed' as const, 'collection' as const), followed: fc.boolean(), at: fc.integer({ min: 0, max: 50 }) });
  const arbState = fc.array(arbFollow, { maxLength: 6 }).map((entries) => state(entries));

  it('merging is commutative, associative and idempotent for follows (any order of syncs gives one result)', () => {
    // Equal times with different kinds are not produced by Haowu (one address is one kind); leave kind fixed per url.
    const kindOf = (url: string): FollowEntry['kind'] => (url === URL_A ? 'feed' : 'collection');
    const normal = (s: SyncState) => state(Object.values(s.follows).map((e) => ({ ...e, kind: kindOf(e.url) })));
    fc.assert(
      fc.property(arbState, arbState, arbState, (x, y, z) => {
        const [a, b, c] = [normal(x), normal(y), normal(z)];
        expect(mergeState(a, b).follows).toEqual(mergeState(b, a).follows);
        expect(mergeState(mergeState(a, b), c).follows).toEqual(mergeState(a, mergeState(b, c)).follows);
        expect(mergeState(a, a).follows).toEqual(a.follows);
      }),
    );
  });

  it('the merged entry is always the newest change of either side', () => {
    fc.assert(
      fc.property(arbFollow, arbFollow, (a, b) => {
        const merged = mergeFollow(a, { ...b, url: a.url })!;
        expect(merged.at).toBe(Math.max(a.at, b.at));
      }),
    );
  });
});

describe('per-expert switches', () => {
  it('the newer change wins; at equal times `true` (following, shown) wins', () => {
    expect(mergeFlag({ value: false, at: 5 }, { value: true, at: 4 })).toEqual({ value: false, at: 5 });
    expect(mergeFlag({ value: false, at: 5 }, { value: true, at: 5 })).toEqual({ value: true, at: 5 });
    expect(mergeFlag({ value: true, at: 5 }, { value: false, at: 5 })).toEqual({ value: true, at: 5 });
  });

  it('merges each flag of an expert on its own', () => {
    expect(mergeExpert({ followed: { value: true, at: 1 }, shown: { value: false, at: 9 } }, { followed: { value: false, at: 3 }, shown: { value: true, at: 2 } })).toEqual({
      followed: { value: false, at: 3 },
      shown: { value: false, at: 9 },
    });
    expect(mergeExpert(undefined, { shown: { value: false, at: 1 } })).toEqual({ shown: { value: false, at: 1 } });
  });
});

describe('settings: each field by its newest change', () => {
  it('takes each field from the side that changed it last', () => {
    const here = { values: { language: 'zh' as const, theme: 'dark' as const }, times: { language: 10, theme: 30 } };
    const there = { values: { language: 'en' as const, theme: 'light' as const, feedRefreshHours: 12 }, times: { language: 20, theme: 5, feedRefreshHours: 7 } };
    expect(mergeSettings(here, there)).toEqual({ values: { language: 'en', theme: 'dark', feedRefreshHours: 12 }, times: { language: 20, theme: 30, feedRefreshHours: 7 } });
    expect(mergeSettings(there, here)).toEqual(mergeSettings(here, there));
  });

  it('picks the same value on both browsers when two changes have the same time', () => {
    const a = { values: { theme: 'dark' as const }, times: { theme: 10 } };
    const b = { values: { theme: 'light' as const }, times: { theme: 10 } };
    expect(mergeSettings(a, b)).toEqual(mergeSettings(b, a));
  });

  it('stamps only the fields changed here, and nothing when settings equal what was synced', () => {
    const synced = { values: { ...DEFAULTS, language: 'zh' as const }, times: Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, 5])) };
    expect(localSettingsChange(synced, { ...DEFAULTS, language: 'zh' }, 100, DEFAULTS)).toBeNull();
    expect(localSettingsChange(synced, { ...DEFAULTS, language: 'zh', theme: 'dark' }, 100, DEFAULTS)).toEqual({ values: { theme: 'dark' }, times: { theme: 100 } });
    // Objects compare by content, not key order.
    expect(localSettingsChange(synced, { ...DEFAULTS, language: 'zh', stores: { ...DEFAULTS.stores } }, 100, DEFAULTS)).toBeNull();
  });

  it('on the first run, a setting the user chose beats a new browser’s defaults, and any real change beats both', () => {
    const chosen = localSettingsChange(emptySyncState().settings, { ...DEFAULTS, language: 'zh' }, 100, DEFAULTS)!;
    const fresh = localSettingsChange(emptySyncState().settings, DEFAULTS, 200, DEFAULTS)!;
    expect(chosen.times.language).toBe(1);
    expect(fresh.times.language).toBe(0);
    expect(mergeSettings(chosen, fresh).values.language).toBe('zh');
    expect(mergeSettings(fresh, chosen).values.language).toBe('zh');
    const later = { values: { language: 'en' as const }, times: { language: 300 } };
    expect(mergeSettings(chosen, later).values.language).toBe('en');
  });

  it('never syncs the settings tied to this browser’s permissions or identity', () => {
    expect(Object.keys(DEFAULTS).sort()).toEqual(['feedRefreshHours', 'hiddenStores', 'language', 'newPicksBadge', 'overlayCollapsed', 'stores', 'theme']);
  });
});

describe('what a merge asks this browser to do', () => {
  it('lists the entries that came from elsewhere, and nothing for a merge with itself', () => {
    const here = state([follow(10, true, URL_A)]);
    const there = state([follow(20, false, URL_A), follow(5, true, 'https://b.example/c.json', 'collection')], {
      experts: { 'ed25519:aa': { shown: { value: false, at: 3 } } },
      settings: { values: { theme: 'dark' }, times: { theme: 4 } },
    });
    const merged = mergeState(here, there);
    const changes = changesBetween(here, merged);
    expect(changes.follows).toEqual([follow(20, false, URL_A), follow(5, true, 'https://b.example/c.json', 'collection')]);
    expect(changes.experts).toEqual([{ id: 'ed25519:aa', shown: { value: false, at: 3 } }]);
    expect(changes.settings).toEqual({ theme: 'dark' });
    expect(noChanges(changesBetween(merged, mergeState(merged, here)))).toBe(true);
  });
});

describe('an expert who moved address', () => {
  it('following them at a new address unfollows the old one at the same time, so one address is followed', () => {
    const before = state([{ ...follow(10, true, URL_A), expertId: 'ed25519:aa' }, follow(10, true, 'https://other.example/f')]);
    const after = recordFollow(before, { url: 'https://new.example/f', kind: 'feed', followed: true, expertId: 'ed25519:aa' }, 50);
    expect(after.follows[URL_A]).toEqual({ ...follow(50, false, URL_A), expertId: 'ed25519:aa' });
    expect(after.follows['https://new.example/f']).toEqual({ url: 'https://new.example/f', kind: 'feed', followed: true, at: 50, expertId: 'ed25519:aa' });
    expect(after.follows['https://other.example/f']).toEqual(follow(10, true, 'https://other.example/f'));
  });
});

describe('tombstones', () => {
  it('forgets unfollows older than the tombstone age, and keeps follows however old', () => {
    const now = 10 * TOMBSTONE_MS;
    const pruned = pruneTombstones(
      state([follow(now - TOMBSTONE_MS - 1, false, URL_A), follow(now - TOMBSTONE_MS, false, 'https://b.example/f'), follow(0, true, 'https://c.example/f')]),
      now,
    );
    expect(Object.keys(pruned.follows).sort()).toEqual(['https://b.example/f', 'https://c.example/f']);
  });
});
