import { describe, expect, it } from 'vitest';
import { expertKey, fitToQuota, followKey, fromItems, isSyncKey, itemBytes, SETTINGS_KEY, SYNC_QUOTA, toItems } from '../../../utils/sync/layout';
import { emptySyncState, type FollowEntry, type SyncState } from '../../../utils/sync/model';

const feed = (i: number, followed = true, at = i, pad = 0): FollowEntry => ({ url: `https://feeds${i}.example/${'p'.repeat(pad)}feed.json`, kind: 'feed', followed, at });
const withFollows = (entries: FollowEntry[]): SyncState => ({ ...emptySyncState(), follows: Object.fromEntries(entries.map((e) => [e.url, e])) });

describe('the sync items', () => {
  it('round-trips a state through compact items: one per address, one per expert, one for settings', () => {
    const state: SyncState = {
      follows: { [feed(1).url]: feed(1), 'https://c.example/c.json': { url: 'https://c.example/c.json', kind: 'collection', followed: false, at: 7 } },
      experts: { 'ed25519:0123456789abcdef0123456789abcdef': { followed: { value: true, at: 3 }, shown: { value: false, at: 4 } } },
      settings: { values: { language: 'zh', stores: { tmall: true, taobao: false, jd: true, weidian: true, pinduoduo: true } }, times: { language: 5, stores: 6 } },
    };
    const items = toItems(state);
    expect(Object.keys(items).sort()).toEqual([expertKey('ed25519:0123456789abcdef0123456789abcdef'), followKey(feed(1).url), followKey('https://c.example/c.json'), SETTINGS_KEY].sort());
    expect(items[followKey(feed(1).url)]).toEqual({ u: feed(1).url, k: 'f', o: 1, t: 1 });
    expect(items[expertKey('ed25519:0123456789abcdef0123456789abcdef')]).toEqual({ f: [1, 3], s: [0, 4] });
    expect(expertKey('ed25519:0123456789abcdef0123456789abcdef')).toBe('e.0123456789abcdef0123456789abcdef');
    expect(fromItems(JSON.parse(JSON.stringify(items)))).toEqual(state);
    for (const key of Object.keys(items)) expect(isSyncKey(key)).toBe(true);
    expect(isSyncKey('someone-else')).toBe(false);
  });

  it('ignores items that do not parse or sit under another address’s key, and leaves other keys alone', () => {
    const good = toItems(withFollows([feed(1)]));
    const items = {
      ...good,
      [followKey('https://x.example/f')]: { u: 'https://evil.example/f', k: 'f', o: 1, t: 1 },
      'f.broken': { u: 'http://insecure.example/f', k: 'f', o: 1, t: 1 },
      'e.aa': { f: [2, 1] },
      settings: { v: { language: 'klingon' }, t: { language: 1 } },
      unrelated: 42,
    };
    expect(fromItems(items)).toEqual(withFollows([feed(1)]));
  });

  it('keeps settings fields only with a time, and drops unknown ones', () => {
    const state = fromItems({ settings: { v: { language: 'en', theme: 'dark' }, t: { language: 3 } } });
    expect(state.settings).toEqual({ values: { language: 'en' }, times: { language: 3 } });
  });
});

describe('quotas', () => {
  it('keeps every item far under the per-item limit, even with the longest address', () => {
    const longest = feed(1, true, 1, 2000);
    expect(longest.url.length).toBeLessThanOrEqual(2048);
    const items = toItems(withFollows([longest]));
    const [key, value] = Object.entries(items)[0]!;
    expect(itemBytes(key, value)).toBeLessThan(SYNC_QUOTA.bytesPerItem / 3);
  });

  it('fits everything when small', () => {
    const fitted = fitToQuota(withFollows(Array.from({ length: 50 }, (_, i) => feed(i))));
    expect(fitted.left).toEqual([]);
    expect(Object.keys(fitted.items)).toHaveLength(50);
  });

  it('past the item count keeps settings, then current follows newest first, then switches, then unfollows', () => {
    const state: SyncState = {
      ...withFollows([...Array.from({ length: 600 }, (_, i) => feed(i, true, 1_000 + i)), ...Array.from({ length: 20 }, (_, i) => feed(1_000 + i, false, 5_000 + i))]),
      experts: { 'ed25519:0123456789abcdef0123456789abcdef': { shown: { value: false, at: 1 } } },
      settings: { values: { language: 'zh' }, times: { language: 1 } },
    };
    const fitted = fitToQuota(state);
    expect(Object.keys(fitted.items)).toHaveLength(SYNC_QUOTA.items);
    expect(fitted.items[SETTINGS_KEY]).toBeDefined();
    // The newest 511 follows are kept; the oldest follows, the switch and every unfollow wait here.
    expect(fitted.items[followKey(feed(599).url)]).toBeDefined();
    expect(fitted.items[followKey(feed(89).url)]).toBeDefined();
    expect(fitted.items[followKey(feed(88).url)]).toBeUndefined();
    expect(fitted.left).toContain(followKey(feed(1_000, false).url));
    expect(fitted.left).toHaveLength(600 + 20 + 1 + 1 - SYNC_QUOTA.items);
  });

  it('past the byte total drops the least important items first and stays under it', () => {
    const state = withFollows(Array.from({ length: 120 }, (_, i) => feed(i, true, i, 1500)));
    const fitted = fitToQuota(state);
    expect(fitted.bytes).toBeLessThanOrEqual(SYNC_QUOTA.bytes);
    expect(fitted.left.length).toBeGreaterThan(0);
    // Oldest follows are the ones left out.
    expect(fitted.left).toContain(followKey(feed(0, true, 0, 1500).url));
    expect(fitted.items[followKey(feed(119, true, 119, 1500).url)]).toBeDefined();
    const total = Object.entries(fitted.items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
    expect(total).toBe(fitted.bytes);
  });
});
