import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { followExpertFlag, type LocalFollows } from './local-state';
import { fitToQuota, fromItems, isSyncKey, type Fitted } from './layout';
import {
  changesBetween,
  emptySyncState,
  localSettingsChange,
  mergeState,
  pruneTombstones,
  recordFollow,
  syncedSettingsOf,
  type FollowEntry,
  type FollowKind,
  type SyncState,
  type SyncedSettings,
} from './model';

/*
 * Sync across the user's own browsers (README, "What syncs"): the background keeps a journal of the
 * merged sync state in storage.local (`syncState`), records each change the user makes here
 * (`record`), and in each pass merges what storage.sync holds, does here whatever came from elsewhere
 * (follows, unfollows, the experts' switches, settings), and writes back the items that changed.
 * A follow that needs a host permission this browser lacks is not asked for from the background: it
 * is kept as pending (`syncPending`) and the Experts tab offers "Allow access".
 */

/** What this browser does to follow or unfollow, and what it follows now (utils/sync/local-state.ts in the background). */
export interface LocalFollowing {
  snapshot: () => Promise<LocalFollows>;
  /** Follows an address (fetches it); throws a readable error when that fails. */
  follow: (url: string) => Promise<void>;
  unfollow: (entry: FollowEntry) => Promise<void>;
  /** Sets an expert's flags where they differ; true when something changed. */
  setExpert: (id: string, flags: { followed?: boolean; shown?: boolean }) => Promise<boolean>;
  canRead: (url: string) => Promise<boolean>;
}

export interface SyncArea {
  get: () => Promise<Record<string, unknown>>;
  set: (items: Record<string, unknown>) => Promise<void>;
  remove: (keys: string[]) => Promise<void>;
}

export interface SettingsAccess {
  get: () => Promise<SyncedSettings>;
  defaults: SyncedSettings;
  update: (patch: Partial<SyncedSettings>) => Promise<void>;
}

export interface SyncServiceDeps {
  now: () => number;
  area: SyncArea;
  local: LocalFollowing;
  settings: SettingsAccess;
  /** Called after a pass changed follows or settings here (open product pages, the badge). */
  changed?: () => void;
  /** Waits this long after a change before syncing, so a burst becomes one write. */
  delayMs?: number;
  /** Keys in storage.local under this prefix (tests); '' in the extension. */
  storagePrefix?: string;
}

const Time = z.number().int().nonnegative();
const Pending = z.object({ url: z.string().min(9).max(2048), kind: z.enum(['feed', 'collection']), at: Time, error: z.string().max(500).nullable() });
export type PendingFollow = z.infer<typeof Pending>;

export interface SyncStatus {
  /** Addresses followed through sync (here and elsewhere). */
  follows: number;
  /** Items that did not fit storage.sync's quota: these stay in this browser only. */
  notSynced: number;
  bytes: number;
  lastSyncedAt: number | null;
  lastError: string | null;
}

/** Where a service keeps its journal, pending follows and status in storage.local (tests run two browsers side by side). */
function syncItems(prefix = '') {
  return {
    journal: storage.defineItem<unknown>(`local:${prefix}syncState`, { fallback: null }),
    pending: storage.defineItem<unknown>(`local:${prefix}syncPending`, { fallback: [] }),
    status: storage.defineItem<unknown>(`local:${prefix}syncStatus`, { fallback: null }),
  };
}
const ITEMS = syncItems();

const FlagShape = z.object({ value: z.boolean(), at: Time });
const Journal = z.object({
  follows: z.record(z.string(), z.object({ url: z.string(), kind: z.enum(['feed', 'collection']), followed: z.boolean(), at: Time })),
  experts: z.record(z.string(), z.object({ followed: FlagShape.optional(), shown: FlagShape.optional() })),
  settings: z.object({ values: z.record(z.string(), z.unknown()), times: z.record(z.string(), Time) }),
});

async function readJournal(items = ITEMS): Promise<SyncState | null> {
  const parsed = Journal.safeParse(await items.journal.getValue());
  return parsed.success ? (parsed.data as SyncState) : null;
}

/** Follows from the user's other browsers that wait for a host permission here (the Experts tab offers them). */
export async function listPending(items = ITEMS): Promise<PendingFollow[]> {
  const raw = await items.pending.getValue();
  return Array.isArray(raw) ? raw.flatMap((entry) => (Pending.safeParse(entry).success ? [entry as PendingFollow] : [])) : [];
}

export async function readSyncStatus(items = ITEMS): Promise<SyncStatus | null> {
  const raw = (await items.status.getValue()) as SyncStatus | null;
  return raw && typeof raw === 'object' ? raw : null;
}

export interface SyncService {
  /** Reads the journal (or makes the first one from what this browser follows) and runs a first pass. */
  start: () => Promise<void>;
  /** A change the user made here. */
  record: (change: LocalChange) => Promise<void>;
  /** Something changed in storage.sync, or may have (a browser start, a permission granted): sync soon. */
  schedule: () => void;
  /** One pass now (tests; waits for any pass under way). */
  pass: () => Promise<void>;
  /** Settings changed here (the watcher of storage.local); `reset`: delete-all removed them. */
  settingsChanged: (reset: boolean) => Promise<void>;
}

export type LocalChange =
  | { type: 'follow'; url: string; kind: FollowKind; followed: boolean; expertId?: string }
  | { type: 'expert'; id: string; followed?: boolean; shown?: boolean };

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { now, area, local, settings } = deps;
  const items = deps.storagePrefix ? syncItems(deps.storagePrefix) : ITEMS;
  let journal: SyncState | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch((error: unknown) => console.warn('[haowu] sync failed', error));
    return run;
  };

  const save = async (state: SyncState) => {
    journal = state;
    await items.journal.setValue(state);
  };

  /** The journal; on the first run, what this browser follows and its settings, with their times. */
  const current = async (): Promise<SyncState> => {
    if (journal) return journal;
    const stored = await readJournal(items);
    if (stored) return (journal = stored);
    const snapshot = await local.snapshot();
    const first = emptySyncState();
    for (const entry of snapshot.follows) first.follows[entry.url] = entry;
    for (const [id, entry] of Object.entries(snapshot.experts)) first.experts[id] = entry;
    first.settings = localSettingsChange(first.settings, await settings.get(), now(), settings.defaults) ?? first.settings;
    await save(first);
    return first;
  };

  const setPending = async (change: (list: PendingFollow[]) => PendingFollow[]) => {
    const before = await listPending(items);
    const after = change(before);
    if (JSON.stringify(after) !== JSON.stringify(before)) await items.pending.setValue(after);
  };
  const dropPending = (url: string) => setPending((list) => list.filter((entry) => entry.url !== url));

  /**
   * Makes this browser follow (or not) what the state says, for each address: unfollows first, then
   * follows (an expert who moved address is unfollowed at the old one, then followed at the new one).
   * Returns whether anything changed here.
   */
  const reconcileFollows = async (state: SyncState): Promise<boolean> => {
    let changed = false;
    const before = await local.snapshot();
    const followedBefore = new Set(before.follows.filter((entry) => entry.followed).map((entry) => entry.url));
    for (const entry of Object.values(state.follows)) {
      if (entry.followed) continue;
      await dropPending(entry.url);
      if (!followedBefore.has(entry.url)) continue;
      await local.unfollow(entry);
      changed = true;
    }
    const snapshot = changed ? await local.snapshot() : before;
    const here = snapshot.follows.filter((entry) => entry.followed);
    const followedHere = new Set(here.map((entry) => entry.url));
    const expertsHere = new Set(here.flatMap((entry) => (entry.expertId === undefined ? [] : [entry.expertId])));
    for (const entry of Object.values(state.follows)) {
      if (!entry.followed) continue;
      // The same expert followed here at another address counts (that address's own entry decides it).
      if (followedHere.has(entry.url) || (entry.expertId !== undefined && expertsHere.has(entry.expertId))) {
        await dropPending(entry.url);
        continue;
      }
      // Never asked for from here: the Experts tab asks, in the user's click.
      if (!(await local.canRead(entry.url))) {
        await setPending((list) => (list.some((p) => p.url === entry.url) ? list : [...list, { url: entry.url, kind: entry.kind, at: entry.at, error: null }]));
        continue;
      }
      try {
        await local.follow(entry.url);
        await dropPending(entry.url);
        changed = true;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await setPending((list) => [...list.filter((p) => p.url !== entry.url), { url: entry.url, kind: entry.kind, at: entry.at, error: message }]);
      }
    }
    return changed;
  };

  const reconcileExperts = async (state: SyncState): Promise<boolean> => {
    let changed = false;
    for (const [id, entry] of Object.entries(state.experts)) {
      const flags = { ...(entry.followed && { followed: entry.followed.value }), ...(entry.shown && { shown: entry.shown.value }) };
      if (Object.keys(flags).length > 0 && (await local.setExpert(id, flags))) changed = true;
    }
    return changed;
  };

  const write = async (state: SyncState, remote: Record<string, unknown>): Promise<Fitted> => {
    const fitted = fitToQuota(state);
    const toSet = Object.fromEntries(Object.entries(fitted.items).filter(([key, value]) => JSON.stringify(remote[key]) !== JSON.stringify(value)));
    const toRemove = Object.keys(remote).filter((key) => isSyncKey(key) && !(key in fitted.items));
    if (Object.keys(toSet).length > 0) await area.set(toSet);
    if (toRemove.length > 0) await area.remove(toRemove);
    return fitted;
  };

  const runPass = async () => {
    const before = await current();
    const remote = await area.get();
    const merged = pruneTombstones(mergeState(before, fromItems(remote)), now());
    await save(merged);
    // Settings that came from elsewhere (only those: a change made here meanwhile is already in the journal).
    const incoming = changesBetween(before, merged).settings;
    let changed = false;
    if (Object.keys(incoming).length > 0) {
      await settings.update(incoming);
      changed = true;
    }
    if (await reconcileFollows(merged)) changed = true;
    if (await reconcileExperts(merged)) changed = true;
    let status: SyncStatus;
    try {
      const fitted = await write(merged, remote);
      status = { follows: Object.values(merged.follows).filter((e) => e.followed).length, notSynced: fitted.left.length, bytes: fitted.bytes, lastSyncedAt: now(), lastError: null };
    } catch (error) {
      // Over a quota the browser counts differently, or too many writes a minute: kept here, tried again next pass.
      const previous = await readSyncStatus(items);
      status = { ...(previous ?? { follows: 0, notSynced: 0, bytes: 0, lastSyncedAt: null }), lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500) };
    }
    await items.status.setValue(status);
    if (changed) deps.changed?.();
  };

  const pass = () => serial(runPass);
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void pass().catch(() => undefined);
    }, deps.delayMs ?? 1_000);
  };

  return {
    start: () => serial(async () => void (await current())).then(pass),
    pass,
    schedule,
    record: (change) =>
      serial(async () => {
        const state = await current();
        const at = now();
        const next: SyncState = structuredClone(state);
        let saved = next;
        if (change.type === 'follow') {
          const { type: _type, ...entry } = change;
          saved = recordFollow(next, entry, at);
          if (!change.followed || (await local.canRead(change.url))) await dropPending(change.url);
        } else {
          next.experts[change.id] = followExpertFlag(next.experts[change.id], change, at);
        }
        await save(saved);
        schedule();
      }),
    settingsChanged: (reset) =>
      serial(async () => {
        const state = await current();
        if (reset) {
          // Delete-all reset this browser's settings; the synced ones are the user's on every browser and come back.
          const values = state.settings.values;
          if (Object.keys(values).length > 0) await settings.update(values);
          return;
        }
        const change = localSettingsChange(state.settings, await settings.get(), now(), settings.defaults);
        if (!change) return;
        await save({ ...state, settings: { values: { ...state.settings.values, ...change.values }, times: { ...state.settings.times, ...change.times } } });
        schedule();
      }),
  };
}

/** storage.sync, as the service uses it (Chrome and Firefox). */
export const browserSyncArea = (): SyncArea => ({
  get: async () => (await browser.storage.sync.get(null)) as Record<string, unknown>,
  set: (items) => browser.storage.sync.set(items),
  remove: (keys) => browser.storage.sync.remove(keys),
});

export { syncedSettingsOf };
