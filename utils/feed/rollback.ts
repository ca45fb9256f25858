import type { RecommendationRecord } from '../db/schema';
import { FeedError } from './status-info';

/*
 * Rollback protection. A feed is signed, but an old signed feed stays valid forever: replayed by the
 * expert's own address (a stale cache, a compromised host) or bundled by a hostile collection, it
 * would bring back picks the expert retracted since. So Haowu keeps, per expert, the `publishedAt` of
 * the newest feed it accepted (`feedStatus.publishedAt`), refuses any feed published before it, and
 * never lets a feed revive a retracted pick (a tombstone, `deleted: true`) unless that feed is newer
 * than the one Haowu holds. Checked inside the transaction that stores the feed (feed-store.ts), so
 * every path that stores one (refresh, follow, collection, file) gets it.
 */

/**
 * How far ahead of this browser's clock a feed's `publishedAt` is believed. An expert whose clock ran
 * a year ahead once would otherwise lock their followers out of every later, correctly dated feed;
 * kept at most a day ahead, a mistake blocks their next feeds for about a day at most.
 */
export const MAX_PUBLISHED_AHEAD_MS = 24 * 3_600_000;

/** The `publishedAt` to keep as the newest: the feed's, at most a day ahead of now. */
export function newestToKeep(publishedAt: number, now: number): number {
  return Math.min(publishedAt, now + MAX_PUBLISHED_AHEAD_MS);
}

const iso = (time: number) => new Date(time).toISOString();

/** The refusal of a feed published before the newest one stored for the expert; null when it may be stored. */
export function rollbackRefusal(newest: number | null | undefined, publishedAt: number): FeedError | null {
  if (newest === null || newest === undefined || publishedAt >= newest) return null;
  const params = { publishedAt: iso(publishedAt), newest: iso(newest) };
  return new FeedError(
    'invalid-input',
    { code: 'rollback', params },
    `This feed was published ${params.publishedAt}, before the one Haowu already has (${params.newest}). An older copy could bring back picks the expert has withdrawn, so it was not used; the newer picks are kept.`,
  );
}

/**
 * Whether a feed published at `publishedAt` may bring back `stored`, a pick the expert retracted.
 * Only a feed newer than the newest one Haowu holds may (the expert published the pick again after
 * withdrawing it). When that is unknown (stored before Haowu kept it), the feed must be newer than
 * the retraction itself.
 */
export function mayRevive(stored: Pick<RecommendationRecord, 'deleted' | 'updatedAt'>, publishedAt: number, newest: number | null | undefined): boolean {
  if (!stored.deleted) return true;
  return newest === null || newest === undefined ? publishedAt > stored.updatedAt : publishedAt > newest;
}
