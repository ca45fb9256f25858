import { HaowuError } from '../errors';
import { storedRecommendationId, toRecommendationRecord } from '../feed/records';
import type { FeedExpert, FeedRecommendation, FeedRetraction } from '../feed/schema';
import type { HaowuDb } from './open';
import { isAllowedPartnerLink } from './partner-link';
import type { ExpertRecord, RecommendationRecord } from './schema';

/*
 * Writing a verified feed into the database. Each feed is one transaction over `experts` and
 * `recommendations`: the expert's picks are replaced as a whole or not at all, so a refresh cut off
 * (service worker stopped, quota) never leaves half a feed behind.
 */

export type FeedStatus = ExpertRecord['feedStatus'];

/** The HTTP validators a server sent with the feed, sent back on the next refresh. */
export interface HttpValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface VerifiedFeedInput {
  expertId: string;
  expert: FeedExpert;
  accepted: readonly FeedRecommendation[];
  retractions: readonly FeedRetraction[];
  /** Ids of items the feed lists but verification skipped: their last good stored copy is kept. */
  skippedIds?: readonly string[];
  /** summarizeFeed's line for this feed. */
  summary: string;
  /** The feed's address; undefined keeps the one stored (a collection or file carries none). */
  feedUrl?: string | null;
  /** 'follow': the user asked to follow this feed; 'keep': leave `followed` as the user set it (new experts are not followed). */
  follow: 'follow' | 'keep';
  http?: HttpValidators;
}

export interface StoredFeed {
  expert: ExpertRecord;
  /** Picks written (new or replaced). */
  stored: number;
  /** Picks marked deleted because the feed retracted them. */
  retracted: number;
  /** Picks deleted because the feed no longer lists them. */
  removed: number;
  /** Picks left out because they failed the database's own checks (times, partner host). */
  refused: number;
}

const MAX_TEXT = 500;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const validTime = (time: number) => Number.isSafeInteger(time) && time >= 0;
const validTimeOrNull = (time: number | null) => time === null || validTime(time);

/** The database's own last check on a record built from a feed: the one place partner hosts are enforced. */
function isStorable(record: RecommendationRecord): boolean {
  return (
    validTime(record.createdAt) &&
    validTime(record.updatedAt) &&
    validTimeOrNull(record.expiresAt) &&
    (record.partnerLink === null || isAllowedPartnerLink(record.partnerLink, record.productKey))
  );
}

const EMPTY_STATUS: FeedStatus = { lastFetchedAt: null, lastError: null, etag: null };

/** Refuses to let a feed overwrite the user's own expert profile (same key, same id). */
function assertNotOwnProfile(existing: ExpertRecord | undefined): void {
  if (existing?.kind === 'local') {
    throw new HaowuError('invalid-input', 'This feed is your own expert profile’s: your picks are already here, so it was not followed.');
  }
}

/**
 * Stores a verified feed: upserts the expert (id = key fingerprint; name, bio and avatar from the
 * feed), replaces their picks with the feed's, marks retracted picks deleted, and deletes picks the
 * feed no longer lists. Saved items and cart lines are never touched.
 */
export async function storeVerifiedFeed(db: HaowuDb, input: VerifiedFeedInput, now: number): Promise<StoredFeed> {
  const records = input.accepted.map((recommendation) => toRecommendationRecord(input.expertId, recommendation));
  const storable = records.filter(isStorable);
  const retractedIds = new Set(input.retractions.map((retraction) => storedRecommendationId(input.expertId, retraction.id)));
  const retractedAt = new Map(input.retractions.map((r) => [storedRecommendationId(input.expertId, r.id), Date.parse(r.retractedAt)]));

  // Relaxed durability: still all-or-nothing, but the commit does not wait for the disk flush; a feed
  // lost to a crash in that moment is simply fetched again.
  const tx = db.transaction(['experts', 'recommendations'], 'readwrite', { durability: 'relaxed' });
  const experts = tx.objectStore('experts');
  const recommendations = tx.objectStore('recommendations');
  const [existing, current] = await Promise.all([experts.get(input.expertId), recommendations.index('by-expert').getAll(input.expertId)]);
  try {
    assertNotOwnProfile(existing);
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }

  const incoming = new Set(storable.map((record) => record.id));
  const keep = new Set((input.skippedIds ?? []).map((id) => storedRecommendationId(input.expertId, id)));
  let retracted = 0;
  let removed = 0;
  for (const record of current) {
    if (incoming.has(record.id)) continue;
    if (retractedIds.has(record.id)) {
      if (record.deleted) continue;
      const at = retractedAt.get(record.id) ?? now;
      void recommendations.put({ ...record, deleted: true, updatedAt: Math.max(record.updatedAt, validTime(at) ? at : now) });
      retracted++;
    } else if (!keep.has(record.id)) {
      void recommendations.delete(record.id);
      removed++;
    }
  }
  for (const record of storable) void recommendations.put(record);

  const followed = input.follow === 'follow' ? true : (existing?.followed ?? false);
  const expert: ExpertRecord = {
    id: input.expertId,
    kind: 'feed',
    displayName: input.expert.name,
    bio: input.expert.bio ?? '',
    avatarUrl: input.expert.avatarUrl ?? null,
    feedUrl: input.feedUrl === undefined ? (existing?.feedUrl ?? null) : input.feedUrl,
    followed,
    followedAt: followed ? (existing?.followed ? existing.followedAt : now) : null,
    feedStatus: {
      ...(existing?.feedStatus ?? EMPTY_STATUS),
      lastFetchedAt: now,
      lastCheckedAt: now,
      lastError: null,
      ...(input.http && { etag: input.http.etag && clip(input.http.etag, 200), lastModified: input.http.lastModified && clip(input.http.lastModified, 200) }),
      summary: clip(input.summary, MAX_TEXT),
    },
    updatedAt: now,
  };
  void experts.put(expert);
  await tx.done;
  return { expert, stored: storable.length, retracted, removed, refused: records.length - storable.length };
}

/** Changes an expert's feed status in its own small transaction; a missing expert is left alone. */
async function patchStatus(db: HaowuDb, expertId: string, patch: (status: FeedStatus) => Partial<FeedStatus>, now: number): Promise<ExpertRecord | null> {
  const tx = db.transaction('experts', 'readwrite');
  const existing = await tx.store.get(expertId);
  if (!existing) {
    await tx.done;
    return null;
  }
  const expert: ExpertRecord = { ...existing, feedStatus: { ...existing.feedStatus, ...patch(existing.feedStatus) }, updatedAt: now };
  await Promise.all([tx.store.put(expert), tx.done]);
  return expert;
}

/** Marks the start of a refresh, so one cut off is found and resumed later. */
export const recordFeedAttempt = (db: HaowuDb, expertId: string, now: number) => patchStatus(db, expertId, () => ({ lastAttemptAt: now }), now);

/** A failed refresh: the reason is kept and shown; the expert's picks stay as they were. */
export const recordFeedFailure = (db: HaowuDb, expertId: string, message: string, now: number) =>
  patchStatus(db, expertId, () => ({ lastError: clip(message, MAX_TEXT), lastCheckedAt: now }), now);

/** The server said the feed has not changed (304): the stored picks are current. */
export const recordFeedNotModified = (db: HaowuDb, expertId: string, now: number, http?: HttpValidators) =>
  patchStatus(
    db,
    expertId,
    (status) => ({
      lastFetchedAt: now,
      lastCheckedAt: now,
      lastError: null,
      etag: http?.etag ? clip(http.etag, 200) : (status.etag ?? null),
      lastModified: http?.lastModified ? clip(http.lastModified, 200) : (status.lastModified ?? null),
    }),
    now,
  );

/**
 * Removes experts known only from collections (not followed by the user), and their picks, in one
 * transaction. Followed experts and the user's own profile are kept.
 */
export async function forgetUnfollowedExperts(db: HaowuDb, expertIds: readonly string[]): Promise<{ experts: number; recommendations: number }> {
  const tx = db.transaction(['experts', 'recommendations'], 'readwrite');
  const experts = tx.objectStore('experts');
  const byExpert = tx.objectStore('recommendations').index('by-expert');
  const found = await Promise.all(expertIds.map((id) => experts.get(id)));
  const gone = found.filter((expert): expert is ExpertRecord => expert !== undefined && expert.kind === 'feed' && !expert.followed);
  const keys = await Promise.all(gone.map((expert) => byExpert.getAllKeys(expert.id)));
  for (const expert of gone) void experts.delete(expert.id);
  for (const key of keys.flat()) void tx.objectStore('recommendations').delete(key);
  await tx.done;
  return { experts: gone.length, recommendations: keys.flat().length };
}
