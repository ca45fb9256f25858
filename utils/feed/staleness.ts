import type { ExpertRecord } from '../db/schema';

/*
 * Fresh or stale: the one rule for whether an expert's picks may be out of date, used by the product
 * page view (utils/background/product-pages.ts), the expert page and the Picks tab. Pure.
 *
 * An expert's picks are refreshed from their own address when the user follows them by it, and
 * otherwise from every followed collection with an address that lists them. They are stale when none of those has
 * been read successfully (a 304 counts) for more than twice the refresh interval. Picks that nothing
 * refreshes (the user's own, a feed or collection imported from a file, an expert no longer followed
 * by any address) are a snapshot by the user's choice, never "stale".
 */

/** Missed refreshes before picks count as stale. */
export const STALE_AFTER_INTERVALS = 2;
const HOUR_MS = 3_600_000;

export type StalenessExpert = Pick<ExpertRecord, 'id' | 'kind' | 'feedUrl' | 'followed' | 'feedStatus'>;

/** A followed collection as far as staleness cares: whether it has an address, whom it lists, its last good read. */
export interface StalenessCollection {
  url: string | null;
  expertIds: readonly string[];
  status: { lastFetchedAt: number | null };
}

/**
 * The last time the expert's picks were known to be current, or undefined when nothing refreshes them
 * (never stale). Null: something should refresh them but never has.
 */
export function lastGoodRefresh(expert: StalenessExpert, collections: readonly StalenessCollection[]): number | null | undefined {
  if (expert.kind !== 'feed') return undefined;
  // Followed at their own address: refreshed only from there, never from a collection (feed/sync.ts).
  if (expert.followed && expert.feedUrl !== null) return expert.feedStatus.lastFetchedAt;
  const times: (number | null)[] = [];
  for (const collection of collections) {
    if (collection.url === null || !collection.expertIds.includes(expert.id)) continue;
    // Storing a collection's copy of the feed also sets the expert's own lastFetchedAt.
    times.push(collection.status.lastFetchedAt, expert.feedStatus.lastFetchedAt);
  }
  if (times.length === 0) return undefined;
  const known = times.filter((time): time is number => time !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** Since when picks last refreshed at `lastGood` are stale (that time), or null while they are fresh. */
export function staleSince(lastGood: number | null | undefined, refreshHours: number, now: number): number | null {
  if (lastGood === undefined || lastGood === null) return null;
  return now - lastGood > STALE_AFTER_INTERVALS * refreshHours * HOUR_MS ? lastGood : null;
}

/** The two together: when the expert's picks stopped being current, or null. */
export const expertStaleSince = (expert: StalenessExpert, collections: readonly StalenessCollection[], refreshHours: number, now: number): number | null =>
  staleSince(lastGoodRefresh(expert, collections), refreshHours, now);

/** Whether any of these experts could be refreshed through a collection (only then are collections worth reading). */
export const needsCollections = (experts: readonly StalenessExpert[]): boolean => experts.some((expert) => expert.kind === 'feed' && !(expert.followed && expert.feedUrl !== null));
