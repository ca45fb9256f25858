import { z } from 'zod';
import { SYNCED_SETTINGS, emptySyncState, type ExpertEntry, type Flag, type FollowEntry, type SyncState, type SyncedSetting } from './model';

/*
 * How the sync state is laid out in browser.storage.sync, within its quotas (Chrome: 8,192 bytes per
 * item, 102,400 bytes and 512 items in all, 120 writes a minute; Firefox is looser). Pure.
 *
 * - `f.<hash of the address>`: one followed (or unfollowed) feed or collection,
 *   `{ "u": address, "k": "f" | "c", "o": 1 | 0, "t": time, "x": expert id }`. At most 2,048 + ~110 bytes.
 * - `e.<expert id>`: one expert's flags, `{ "f": [0|1, time], "s": [0|1, time] }` (each optional).
 * - `settings`: `{ "v": { field: value }, "t": { field: time } }`.
 *
 * One item per address keeps each write small, lets two browsers change different follows without
 * overwriting each other's item, and keeps every item far below 8 KB. Past the quota, `fitToQuota`
 * keeps the settings, then current follows (newest first), then expert flags, then unfollows (newest
 * first); what does not fit stays in this browser only and is counted as not synced.
 */

export const SYNC_QUOTA = { bytes: 102_400, bytesPerItem: 8_192, items: 512 } as const;
/** Room left under the total for the browser's own accounting. */
const SAFETY_BYTES = 2_048;

export const SETTINGS_KEY = 'settings';
const FOLLOW_PREFIX = 'f.';
const EXPERT_PREFIX = 'e.';

/** cyrb53: a fast 53-bit string hash. 512 addresses collide with odds of about 1 in 10^10. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export const followKey = (url: string): string => `${FOLLOW_PREFIX}${hash53(url)}`;
/** Expert ids are `ed25519:` and 32 hex digits; the prefix is left out (any other id is kept whole). */
export const expertKey = (id: string): string => `${EXPERT_PREFIX}${/^ed25519:[0-9a-f]{32}$/.test(id) ? id.slice(8) : id}`;
const expertIdOfKey = (key: string): string => {
  const rest = key.slice(EXPERT_PREFIX.length);
  return /^[0-9a-f]{32}$/.test(rest) ? `ed25519:${rest}` : rest;
};

const Time = z.number().int().nonnegative();
const Bit = z.union([z.literal(0), z.literal(1)]);
const FlagItem = z.tuple([Bit, Time]);
const FollowItem = z.object({ u: z.string().min(9).max(2048).startsWith('https://'), k: z.enum(['f', 'c']), o: Bit, t: Time, x: z.string().min(1).max(128).optional() });
const ExpertItem = z.object({ f: FlagItem.optional(), s: FlagItem.optional() });
/** Each synced setting is checked again by the settings' own schema when applied (updateSettings). */
const SettingsValues = z.object({
  language: z.enum(['auto', 'en', 'zh']).optional(),
  theme: z.enum(['auto', 'light', 'dark']).optional(),
  stores: z.record(z.string(), z.boolean()).optional(),
  feedRefreshHours: z.number().int().min(1).max(168).optional(),
  hiddenStores: z.array(z.string().min(1).max(253)).max(500).optional(),
  overlayCollapsed: z.boolean().optional(),
  newPicksBadge: z.boolean().optional(),
});
const SettingsItem = z.object({ v: SettingsValues, t: z.partialRecord(z.enum(SYNCED_SETTINGS), Time) });

const flagItem = (flag: Flag): [0 | 1, number] => [flag.value ? 1 : 0, flag.at];
const flagOf = (item: [0 | 1, number] | undefined): Flag | undefined => (item ? { value: item[0] === 1, at: item[1] } : undefined);

export function followItem(entry: FollowEntry): z.infer<typeof FollowItem> {
  return { u: entry.url, k: entry.kind === 'feed' ? 'f' : 'c', o: entry.followed ? 1 : 0, t: entry.at, ...(entry.expertId !== undefined && { x: entry.expertId }) };
}

/** The sync items for a state (before quotas). */
export function toItems(state: SyncState): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  for (const entry of Object.values(state.follows)) items[followKey(entry.url)] = followItem(entry);
  for (const [id, entry] of Object.entries(state.experts)) {
    if (!entry.followed && !entry.shown) continue;
    items[expertKey(id)] = { ...(entry.followed && { f: flagItem(entry.followed) }), ...(entry.shown && { s: flagItem(entry.shown) }) };
  }
  const keys = SYNCED_SETTINGS.filter((key) => key in state.settings.values && state.settings.times[key] !== undefined);
  if (keys.length > 0) {
    items[SETTINGS_KEY] = {
      v: Object.fromEntries(keys.map((key) => [key, state.settings.values[key]])),
      t: Object.fromEntries(keys.map((key) => [key, state.settings.times[key]])),
    };
  }
  return items;
}

/** The state the sync items hold. Items that do not parse (another version's, damaged) are ignored, never applied half-read. */
export function fromItems(items: Record<string, unknown>): SyncState {
  const state = emptySyncState();
  for (const [key, value] of Object.entries(items)) {
    if (key.startsWith(FOLLOW_PREFIX)) {
      const parsed = FollowItem.safeParse(value);
      // The key must be the address's own: an item copied under another key is not trusted.
      if (!parsed.success || followKey(parsed.data.u) !== key) continue;
      const entry: FollowEntry = {
        url: parsed.data.u,
        kind: parsed.data.k === 'f' ? 'feed' : 'collection',
        followed: parsed.data.o === 1,
        at: parsed.data.t,
        ...(parsed.data.x !== undefined && { expertId: parsed.data.x }),
      };
      state.follows[entry.url] = entry;
    } else if (key.startsWith(EXPERT_PREFIX)) {
      const parsed = ExpertItem.safeParse(value);
      if (!parsed.success) continue;
      const entry: ExpertEntry = {};
      const followed = flagOf(parsed.data.f);
      const shown = flagOf(parsed.data.s);
      if (followed) entry.followed = followed;
      if (shown) entry.shown = shown;
      state.experts[expertIdOfKey(key)] = entry;
    } else if (key === SETTINGS_KEY) {
      const parsed = SettingsItem.safeParse(value);
      if (!parsed.success) continue;
      const values: Record<string, unknown> = {};
      const times: Partial<Record<SyncedSetting, number>> = {};
      for (const field of SYNCED_SETTINGS) {
        const time = parsed.data.t[field];
        if (time === undefined || parsed.data.v[field] === undefined) continue;
        values[field] = parsed.data.v[field];
        times[field] = time;
      }
      state.settings = { values: values as SyncState['settings']['values'], times };
    }
  }
  return state;
}

/** How Chrome counts an item: its key and its value as JSON, in UTF-8 bytes. */
export const itemBytes = (key: string, value: unknown): number => new TextEncoder().encode(key + JSON.stringify(value)).length;

export interface Fitted {
  /** The items to keep in storage.sync. */
  items: Record<string, unknown>;
  /** Keys that did not fit: their changes stay in this browser. */
  left: string[];
  bytes: number;
}

/** Which of the state's items fit the quotas, in the order of what matters most (see above). */
export function fitToQuota(state: SyncState, quota: { bytes: number; bytesPerItem: number; items: number } = SYNC_QUOTA): Fitted {
  const all = toItems(state);
  const rank = (key: string): [number, number] => {
    if (key === SETTINGS_KEY) return [0, 0];
    const value = all[key] as { o?: number; t?: number };
    if (key.startsWith(FOLLOW_PREFIX)) return value.o === 1 ? [1, -(value.t ?? 0)] : [3, -(value.t ?? 0)];
    return [2, 0];
  };
  const order = Object.keys(all).sort((a, b) => {
    const [ra, ta] = rank(a);
    const [rb, tb] = rank(b);
    return ra - rb || ta - tb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const items: Record<string, unknown> = {};
  const left: string[] = [];
  let bytes = 0;
  let count = 0;
  for (const key of order) {
    const size = itemBytes(key, all[key]);
    if (size > quota.bytesPerItem || count + 1 > quota.items || bytes + size > quota.bytes - SAFETY_BYTES) {
      left.push(key);
      continue;
    }
    items[key] = all[key];
    bytes += size;
    count++;
  }
  return { items, left, bytes };
}

/** Whether a storage.sync key is one of Haowu's (others are left alone). */
export const isSyncKey = (key: string): boolean => key === SETTINGS_KEY || key.startsWith(FOLLOW_PREFIX) || key.startsWith(EXPERT_PREFIX);
