import type { Settings } from '../settings';

/*
 * What syncs between the user's own browsers (browser.storage.sync), and how two copies merge. Pure:
 * the rules are tested on their own (tests/unit/sync/model.test.ts); utils/sync/layout.ts stores the
 * state in sync items, utils/sync/service.ts applies it.
 *
 * - Follows by address (feeds and collections), one entry per address: the newer change wins, so a
 *   follow made in either browser is kept (union), and an unfollow wins only when it is newer than the
 *   follow (a tombstone with its time). Equal times: the follow wins.
 * - Per expert (by fingerprint): whether the user follows an expert known only from a collection, and
 *   whether the expert's picks show on product pages. Each flag: the newer change wins; equal times,
 *   `true` wins.
 * - Settings that make sense on every browser: each field on its own, the newest change wins.
 *
 * Saved items, the cart, purchases, picks and the expert identity never sync (backups carry them).
 */

export type FollowKind = 'feed' | 'collection';

export interface FollowEntry {
  url: string;
  kind: FollowKind;
  followed: boolean;
  /** When the user followed or unfollowed (epoch ms). */
  at: number;
  /**
   * A feed's expert (key fingerprint), when known: following the same expert at another address
   * moves the follow there instead of following both, and a browser that follows them at another
   * address counts as following.
   */
  expertId?: string;
}

export interface Flag {
  value: boolean;
  at: number;
}

export interface ExpertEntry {
  /** Following an expert known from a collection (one followed by address syncs as a FollowEntry). */
  followed?: Flag;
  /** Their picks on product pages (the expert page's switch). */
  shown?: Flag;
}

/** The settings that sync. Store opt-ins that need a permission (Amazon, other sites) and expert mode stay per browser. */
export const SYNCED_SETTINGS = ['language', 'theme', 'stores', 'feedRefreshHours', 'hiddenStores', 'overlayCollapsed', 'newPicksBadge'] as const;
export type SyncedSetting = (typeof SYNCED_SETTINGS)[number];
export type SyncedSettings = Pick<Settings, SyncedSetting>;

export interface SettingsEntry {
  values: Partial<SyncedSettings>;
  /** When each field last changed. */
  times: Partial<Record<SyncedSetting, number>>;
}

export interface SyncState {
  /** By address. */
  follows: Record<string, FollowEntry>;
  /** By expert id. */
  experts: Record<string, ExpertEntry>;
  settings: SettingsEntry;
}

export const emptySyncState = (): SyncState => ({ follows: {}, experts: {}, settings: { values: {}, times: {} } });

/** The newer change; equal times: the follow (union of follows). */
export function mergeFollow(a: FollowEntry | undefined, b: FollowEntry | undefined): FollowEntry | undefined {
  if (!a || !b) return a ?? b;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  if (a.followed !== b.followed) return a.followed ? a : b;
  return a;
}

/** The newer change; equal times: `true`. */
export function mergeFlag(a: Flag | undefined, b: Flag | undefined): Flag | undefined {
  if (!a || !b) return a ?? b;
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return a.value || !b.value ? a : b;
}

export function mergeExpert(a: ExpertEntry | undefined, b: ExpertEntry | undefined): ExpertEntry {
  const followed = mergeFlag(a?.followed, b?.followed);
  const shown = mergeFlag(a?.shown, b?.shown);
  return { ...(followed && { followed }), ...(shown && { shown }) };
}

/** A value's stable text, so that equal times still pick the same side on every browser. */
const stable = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v));

/** Field by field, the newest change wins; equal times pick the same value on both sides. */
export function mergeSettings(a: SettingsEntry, b: SettingsEntry): SettingsEntry {
  const values: Partial<Record<SyncedSetting, unknown>> = {};
  const times: Partial<Record<SyncedSetting, number>> = {};
  for (const key of SYNCED_SETTINGS) {
    const ta = a.times[key];
    const tb = b.times[key];
    const inA = ta !== undefined && key in a.values;
    const inB = tb !== undefined && key in b.values;
    if (!inA && !inB) continue;
    const fromA = !inB || (inA && (ta! > tb! || (ta === tb && stable(a.values[key]) >= stable(b.values[key]))));
    values[key] = fromA ? a.values[key] : b.values[key];
    times[key] = fromA ? ta : tb;
  }
  return { values: values as Partial<SyncedSettings>, times };
}

export function mergeState(a: SyncState, b: SyncState): SyncState {
  const follows: Record<string, FollowEntry> = {};
  for (const url of new Set([...Object.keys(a.follows), ...Object.keys(b.follows)])) follows[url] = mergeFollow(a.follows[url], b.follows[url])!;
  const experts: Record<string, ExpertEntry> = {};
  for (const id of new Set([...Object.keys(a.experts), ...Object.keys(b.experts)])) experts[id] = mergeExpert(a.experts[id], b.experts[id]);
  return { follows, experts, settings: mergeSettings(a.settings, b.settings) };
}

const sameFollow = (a: FollowEntry | undefined, b: FollowEntry | undefined) => a?.followed === b?.followed && a?.at === b?.at && a?.kind === b?.kind && a?.expertId === b?.expertId;
const sameFlag = (a: Flag | undefined, b: Flag | undefined) => a?.value === b?.value && a?.at === b?.at;

/** What changed from `before` to `after`: what this browser must now do (after a merge with what came from elsewhere). */
export interface SyncChanges {
  follows: FollowEntry[];
  /** Expert id and the flags that changed. */
  experts: { id: string; followed?: Flag; shown?: Flag }[];
  settings: Partial<SyncedSettings>;
}

export function changesBetween(before: SyncState, after: SyncState): SyncChanges {
  const follows = Object.values(after.follows).filter((entry) => !sameFollow(before.follows[entry.url], entry));
  const experts = Object.entries(after.experts).flatMap(([id, entry]) => {
    const old = before.experts[id];
    const followed = entry.followed && !sameFlag(old?.followed, entry.followed) ? entry.followed : undefined;
    const shown = entry.shown && !sameFlag(old?.shown, entry.shown) ? entry.shown : undefined;
    return followed || shown ? [{ id, ...(followed && { followed }), ...(shown && { shown }) }] : [];
  });
  const settings: Partial<Record<SyncedSetting, unknown>> = {};
  for (const key of SYNCED_SETTINGS) {
    if (after.settings.times[key] !== undefined && after.settings.times[key] !== before.settings.times[key] && key in after.settings.values) settings[key] = after.settings.values[key];
  }
  return { follows, experts, settings: settings as Partial<SyncedSettings> };
}

export const noChanges = (changes: SyncChanges): boolean => changes.follows.length === 0 && changes.experts.length === 0 && Object.keys(changes.settings).length === 0;

/**
 * The settings fields that differ between what was synced last and the settings now: a change the user
 * made in this browser, stamped `now` (or, for fields never synced, see below). Values equal to the synced ones change nothing (so applying a
 * synced change here is not taken for a new local one).
 */
export function localSettingsChange(synced: SettingsEntry, current: SyncedSettings, now: number, defaults: SyncedSettings): SettingsEntry | null {
  const values: Partial<Record<SyncedSetting, unknown>> = {};
  const times: Partial<Record<SyncedSetting, number>> = {};
  for (const key of SYNCED_SETTINGS) {
    const known = key in synced.values && synced.times[key] !== undefined;
    if (known && stable(synced.values[key]) === stable(current[key])) continue;
    values[key] = current[key];
    // A field never synced before (the first run with sync) has no time of change: a value the user
    // chose (not the default) gets 1, a default 0, so any real change elsewhere wins over both and a
    // choice wins over a new browser's defaults.
    times[key] = known ? now : stable(current[key]) === stable(defaults[key]) ? 0 : 1;
  }
  return Object.keys(values).length === 0 ? null : { values: values as Partial<SyncedSettings>, times };
}

/** Picks the synced settings out of the full settings. */
export const syncedSettingsOf = (settings: Settings): SyncedSettings =>
  Object.fromEntries(SYNCED_SETTINGS.map((key) => [key, settings[key]])) as unknown as SyncedSettings;

/**
 * A follow made here at `at`: the entry for its address, and, when the feed's expert was followed at
 * other addresses, an unfollow of each (the expert moved; one address is followed, not two).
 */
export function recordFollow(state: SyncState, change: Omit<FollowEntry, 'at'>, at: number): SyncState {
  const follows = { ...state.follows, [change.url]: { ...change, at } };
  if (change.followed && change.expertId !== undefined) {
    for (const entry of Object.values(state.follows)) {
      if (entry.url !== change.url && entry.followed && entry.expertId === change.expertId) follows[entry.url] = { ...entry, followed: false, at };
    }
  }
  return { ...state, follows };
}

/** Unfollows older than this are forgotten: a browser offline for longer may bring such a follow back. */
export const TOMBSTONE_MS = 180 * 86_400_000;

/** Drops tombstones (unfollows) older than TOMBSTONE_MS. */
export function pruneTombstones(state: SyncState, now: number): SyncState {
  const follows = Object.fromEntries(Object.entries(state.follows).filter(([, entry]) => entry.followed || now - entry.at <= TOMBSTONE_MS));
  return { ...state, follows };
}
