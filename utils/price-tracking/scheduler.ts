/*
 * How often Haowu may ask one store for a page in the background (issue 17). Pure state per store,
 * kept by the caller (utils/price-tracking/check-state.ts): at most MAX_PER_HOUR requests in any hour,
 * each at least a jittered gap after the previous one, exponential back-off after errors, and a
 * pause of a day when the store answers with a login or verification page.
 */

export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;
/** Requests to one store in any rolling hour. */
export const MAX_PER_HOUR = 3;
/** The least time between two requests to one store, before jitter: an hour shared by MAX_PER_HOUR. */
export const BASE_GAP = HOUR / MAX_PER_HOUR;
/** Each gap is BASE_GAP plus up to this share of it, at random, so checks never fall into a fixed rhythm. */
export const JITTER = 0.5;
/** Back-off after the first error, doubled per further error, up to MAX_BACKOFF. */
export const FIRST_BACKOFF = 30 * MINUTE;
export const MAX_BACKOFF = 24 * HOUR;

export interface StoreSchedule {
  /** Times of the requests in the last hour (newest last). */
  recent: number[];
  /** No request before this time (the jittered gap, a back-off, or a pause). */
  notBefore: number;
  /** Errors in a row (network, 5xx, 429, a page Haowu cannot read). */
  failures: number;
  /** Set when the store answered with a login or verification page: no request until then. */
  pausedUntil: number | null;
}

export const NEW_SCHEDULE: StoreSchedule = { recent: [], notBefore: 0, failures: 0, pausedUntil: null };

/** Whether a request to this store may go out at `now`. */
export function mayRequest(schedule: StoreSchedule, now: number): boolean {
  if (schedule.pausedUntil !== null && now < schedule.pausedUntil) return false;
  if (now < schedule.notBefore) return false;
  return schedule.recent.filter((at) => now - at < HOUR).length < MAX_PER_HOUR;
}

/** `random` in [0, 1): Math.random in use, fixed in tests. */
const gap = (random: number) => Math.round(BASE_GAP * (1 + JITTER * Math.min(Math.max(random, 0), 1)));

/** The schedule after a request went out at `now` (whatever its outcome, which the next calls record). */
export function requested(schedule: StoreSchedule, now: number, random: number): StoreSchedule {
  return { ...schedule, recent: [...schedule.recent.filter((at) => now - at < HOUR), now], notBefore: now + gap(random) };
}

/** After an answer Haowu could read: errors forgotten. */
export const succeeded = (schedule: StoreSchedule): StoreSchedule => ({ ...schedule, failures: 0 });

/** The back-off after `failures` errors in a row (1 → FIRST_BACKOFF, doubling, at most MAX_BACKOFF). */
export const backoff = (failures: number): number => Math.min(FIRST_BACKOFF * 2 ** Math.max(failures - 1, 0), MAX_BACKOFF);

/** After an error: wait the back-off (jittered like the gap) before the next request. */
export function failed(schedule: StoreSchedule, now: number, random: number): StoreSchedule {
  const failures = schedule.failures + 1;
  const wait = Math.round(backoff(failures) * (1 + JITTER * Math.min(Math.max(random, 0), 1)));
  return { ...schedule, failures, notBefore: Math.max(schedule.notBefore, now + wait) };
}

/** How long a store that asked for a login or a verification is left alone: a whole day. */
export const BLOCKED_PAUSE = 24 * HOUR;

/** The store answered with a login or verification page: nothing more to it for a day. */
export const blocked = (schedule: StoreSchedule, now: number): StoreSchedule => ({ ...schedule, pausedUntil: now + BLOCKED_PAUSE });
