import { storage } from 'wxt/utils/storage';

/*
 * When the user last looked at the Picks tab (epoch ms), in browser.storage.local: what "new since
 * you last looked" compares with (utils/picks/rules.ts isNewPick). Written by the background
 * (markPicksSeen), set the first time the background runs with this feature so that picks from
 * before are not all "new".
 */
const lastSeenItem = storage.defineItem<unknown>('local:picksLastSeenAt', { fallback: null });

const valid = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

export const getPicksLastSeen = async (): Promise<number | null> => valid(await lastSeenItem.getValue());

/** Moves the last-seen time forward (never back: two open popups cannot undo each other's look). */
export async function markPicksSeen(at: number): Promise<number> {
  const current = await getPicksLastSeen();
  const next = current === null ? at : Math.max(current, at);
  if (next !== current) await lastSeenItem.setValue(next);
  return next;
}

/** The first run of the background with the Picks tab: from now on, arrivals are "new". */
export async function startPicksLastSeen(now: number): Promise<void> {
  if ((await getPicksLastSeen()) === null) await lastSeenItem.setValue(now);
}

export const watchPicksLastSeen = (callback: (at: number | null) => void): (() => void) => lastSeenItem.watch((value) => callback(valid(value)));
export const clearPicksLastSeen = (): Promise<void> => lastSeenItem.removeValue();
