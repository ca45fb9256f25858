import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';
import { keptAvatarCopy } from '../avatar/stored-avatar';
import { storedRecommendationId, toRecommendationRecord } from '../feed/records';
import { mayRevive, newestToKeep, rollbackRefusal } from '../feed/rollback';
import type { FeedExpert, FeedRecommendation, FeedRetraction } from '../feed/schema';
import { FeedError, withRedirect, type FeedErrorInfo, type FeedSummaryInfo } from '../feed/status-info';
import {
  openFeed,
  recommendationReader,
  summarizeFeed,
  summarizeFeedInfo,
  verifiedFeed,
  type FeedAccepted,
  type FeedRejected,
  type SkippedItem,
  type VerifyOptions,
} from '../feed/verify';
import { abortTransaction } from './abort';
import type { HaowuDb } from './open';
import { PICK_STORES, openPickWriter, openPickWriters, putExpertIn } from './pick-chunks';
import { isAllowedPartnerLink } from './partner-link';
import type { ExpertRecord, HaowuSchema, RecommendationRecord } from './schema';

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
  /** The feed's `publishedAt`: a feed older than the newest stored for the expert is refused (feed/rollback.ts). */
  publishedAt: string;
  /** Ids of items the feed lists but verification skipped: their last good stored copy is kept. */
  skippedIds?: readonly string[];
  /** summarizeFeed's line for this feed. */
  summary: string;
  /** summarizeFeedInfo's data for it: the same line as counts and codes. */
  summaryInfo: FeedSummaryInfo;
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
  /** Picks the feed lists that stay retracted: the expert withdrew them in a feed not older than this one. */
  keptRetracted: number;
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
    throw new FeedError('invalid-input', { code: 'own-profile' }, 'This feed is your own expert profile’s: your picks are already here, so it was not followed.');
  }
}

/** What storing a feed takes besides its picks. */
interface FeedWrite {
  expertId: string;
  retractions: readonly FeedRetraction[];
  publishedAt: string;
  feedUrl?: string | null;
  follow: 'follow' | 'keep';
  http?: HttpValidators;
  /**
   * The feed's expert, when known before its recommendations are read: the chunks written while they
   * are read then carry the expert's card already (database version 6) and are not written twice.
   */
  expert?: FeedExpert;
  /**
   * Hands each of the feed's recommendations to `put`, synchronously (the transaction must stay
   * active), and then says what is known only once they have all been read.
   */
  fill: (put: (recommendation: FeedRecommendation) => void) => { expert: FeedExpert; skippedIds: readonly string[]; summary: string; summaryInfo: FeedSummaryInfo };
}

/**
 * Stores a verified feed: upserts the expert (id = key fingerprint; name, bio and avatar from the
 * feed), replaces their picks with the feed's, marks retracted picks deleted, and deletes picks the
 * feed no longer lists. Saved items and cart lines are never touched.
 */
export function storeVerifiedFeed(db: HaowuDb, input: VerifiedFeedInput, now: number): Promise<StoredFeed> {
  return writeFeed(
    db,
    {
      ...input,
      fill: (put) => {
        input.accepted.forEach(put);
        return { expert: input.expert, skippedIds: input.skippedIds ?? [], summary: input.summary, summaryInfo: input.summaryInfo };
      },
    },
    now,
  );
}

export interface StoredFeedFile extends StoredFeed {
  ok: true;
  /** The verification of the feed, every recommendation read. */
  verified: FeedAccepted;
  /** summarizeFeed's line for it, as stored in the expert's feed status. */
  summary: string;
  /** The same as data (summarizeFeedInfo), as stored beside it. */
  summaryInfo: FeedSummaryInfo;
}

/**
 * Verifies a feed file and stores it, as `verifyFeed` then `storeVerifiedFeed` would, but faster: the
 * envelope and signature are checked first, then each recommendation is checked and put in the same
 * transaction, so the browser writes while the rest of the feed is still being read. A rejected feed
 * changes nothing and is returned as such; a failed write aborts the transaction (nothing lands) and throws.
 */
export async function storeFeedFile(
  db: HaowuDb,
  input: unknown,
  options: VerifyOptions & Pick<FeedWrite, 'feedUrl' | 'follow' | 'http'> & { redirectedTo?: string | null },
  now: number,
): Promise<StoredFeedFile | FeedRejected> {
  const feed = await openFeed(input, options);
  if (!feed.ok) return feed;
  let verified: FeedAccepted | undefined;
  let summary = '';
  let summaryInfo: FeedSummaryInfo | undefined;
  const stored = await writeFeed(
    db,
    {
      expertId: feed.expertId,
      retractions: feed.retractions,
      publishedAt: feed.publishedAt,
      feedUrl: options.feedUrl,
      follow: options.follow,
      http: options.http,
      expert: feed.expert,
      fill: (put) => {
        const read = recommendationReader(feed);
        const accepted: FeedRecommendation[] = [];
        const skipped: SkippedItem[] = [];
        feed.recommendations.forEach((item, index) => {
          const result = read(item, index);
          if (!result.ok) {
            skipped.push(result.skipped);
            return;
          }
          accepted.push(result.recommendation);
          put(result.recommendation);
        });
        verified = verifiedFeed(feed, accepted, skipped);
        ({ summary, summaryInfo } = withRedirect(summarizeFeed(verified), summarizeFeedInfo(verified), options.redirectedTo));
        return { expert: feed.expert, skippedIds: skipped.flatMap((item) => (item.id === undefined ? [] : [item.id])), summary, summaryInfo };
      },
    },
    now,
  );
  return { ok: true, ...stored, verified: verified!, summary, summaryInfo: summaryInfo! };
}

/**
 * The one transaction that stores a feed. The expert and their stored picks (their chunks) are read
 * first (the user's own profile is refused before anything is written); then every pick is taken as
 * `fill` hands it over, and the changed chunks are written at the end (plain requests; the transaction
 * reports a failed write). Any error aborts the transaction, so a feed lands whole or not at all.
 */
async function writeFeed(db: HaowuDb, input: FeedWrite, now: number): Promise<StoredFeed> {
  // Relaxed durability: still all-or-nothing, but the commit does not wait for the disk flush; a feed
  // lost to a crash in that moment is simply fetched again.
  const tx = db.transaction(['experts', ...PICK_STORES], 'readwrite', { durability: 'relaxed' });
  try {
    const stored = await writeFeedIn(tx as unknown as FeedTransaction, input, now);
    await tx.done;
    return stored;
  } catch (error) {
    await abortTransaction(tx);
    throw error;
  }
}

/** A read-write transaction over at least `experts` and the pick stores (PICK_STORES). */
export type FeedTransaction = IDBPTransaction<HaowuSchema, StoreNames<HaowuSchema>[], 'readwrite'>;

/**
 * Stores a verified feed inside a transaction the caller owns (a collection update writes all its
 * feeds and its own record in one). A refusal (the user's own profile) is thrown before anything is
 * put; the caller commits, or aborts on any other error.
 */
export function storeVerifiedFeedIn(tx: FeedTransaction, input: VerifiedFeedInput, now: number): Promise<StoredFeed> {
  return writeFeedIn(
    tx,
    {
      ...input,
      fill: (put) => {
        input.accepted.forEach(put);
        return { expert: input.expert, skippedIds: input.skippedIds ?? [], summary: input.summary, summaryInfo: input.summaryInfo };
      },
    },
    now,
  );
}

async function writeFeedIn(tx: FeedTransaction, input: FeedWrite, now: number): Promise<StoredFeed> {
  const { expertId } = input;
  const retractedAt = new Map(input.retractions.map((r) => [storedRecommendationId(expertId, r.id), Date.parse(r.retractedAt)]));
  const experts = tx.objectStore('experts');
  // Whole records, not only keys: a pick already stored keeps the time it first arrived (`receivedAt`).
  const [existing, picks] = await Promise.all([experts.get(expertId), openPickWriter(tx, expertId)]);
  const current = picks.all();
  assertNotOwnProfile(existing);
  // An older feed than the newest stored is refused whole, before anything is put.
  const publishedAt = Date.parse(input.publishedAt);
  const newest = existing?.feedStatus.publishedAt;
  const refusal = rollbackRefusal(newest, publishedAt);
  if (refusal) throw refusal;
  const currentIds = current.map((record) => record.id);
  const currentById = new Map(current.map((record) => [record.id, record]));
  const arrived = new Map(current.map((record) => [record.id, record.receivedAt]));
  let arrivals = 0;

  const followed = input.follow === 'follow' ? true : (existing?.followed ?? false);
  /** The expert's record but for what only the stored feed tells (its status, arrivals). */
  const profileOf = (feedExpert: FeedExpert) => ({
    id: expertId,
    kind: 'feed' as const,
    displayName: feedExpert.name,
    bio: feedExpert.bio ?? '',
    avatarUrl: feedExpert.avatarUrl ?? null,
    // The avatar's stored copy stays while the address does; a new address gets a new copy after this transaction (avatar-sync.ts).
    ...keptAvatarCopy(existing, feedExpert.avatarUrl ?? null),
    feedUrl: input.feedUrl === undefined ? (existing?.feedUrl ?? null) : input.feedUrl,
    followed,
    followedAt: followed ? (existing?.followed ? existing.followedAt : now) : null,
  });
  // The expert page's switch stays as the user set it.
  const shownOnPages = existing?.showOnProductPages !== undefined && { showOnProductPages: existing.showOnProductPages };
  // Each chunk carries the expert's card: known now, it goes into the chunks written as the picks are read.
  if (input.expert) picks.setExpert({ ...profileOf(input.expert), feedStatus: existing?.feedStatus ?? EMPTY_STATUS, ...shownOnPages, updatedAt: now });

  // From here until the chunks are written nothing is awaited: the transaction stays active.
  const incoming = new Set<string>();
  let stored = 0;
  let refused = 0;
  let keptRetracted = 0;
  const { expert: feedExpert, skippedIds, summary, summaryInfo } = input.fill((recommendation) => {
    // New to Haowu now, or kept from when it first came (absent on picks stored before the field existed).
    // Built once, with that time (a copy per pick cost a 10,000-pick feed a copy of every pick).
    const id = storedRecommendationId(expertId, recommendation.id);
    const isNew = !arrived.has(id);
    const record = toRecommendationRecord(expertId, recommendation, isNew ? now : arrived.get(id));
    if (!isStorable(record)) {
      refused++;
      return;
    }
    // A retracted pick stays retracted unless this feed is newer than the one Haowu holds.
    const before = currentById.get(record.id);
    if (before && !mayRevive(before, publishedAt, newest)) {
      incoming.add(record.id);
      keptRetracted++;
      return;
    }
    if (isNew) arrivals++;
    picks.put(record);
    incoming.add(record.id);
    stored++;
  });

  const keep = new Set(skippedIds.map((id) => storedRecommendationId(expertId, id)));
  const retracting: string[] = [];
  let removed = 0;
  for (const id of currentIds) {
    if (incoming.has(id)) continue;
    if (retractedAt.has(id)) retracting.push(id);
    else if (!keep.has(id)) {
      picks.delete(id);
      removed++;
    }
  }

  const expert: ExpertRecord = {
    ...profileOf(feedExpert),
    feedStatus: {
      ...(existing?.feedStatus ?? EMPTY_STATUS),
      lastFetchedAt: now,
      lastCheckedAt: now,
      lastError: null,
      lastErrorInfo: null,
      ...(input.http && { etag: input.http.etag && clip(input.http.etag, 200), lastModified: input.http.lastModified && clip(input.http.lastModified, 200) }),
      summary: clip(summary, MAX_TEXT),
      summaryInfo,
      publishedAt: Math.max(newest ?? 0, newestToKeep(publishedAt, now)),
    },
    ...shownOnPages,
    // When picks new to Haowu last came: the Picks tab's "new" count reads only these experts' picks.
    ...(arrivals > 0 ? { lastArrivalAt: now } : existing?.lastArrivalAt !== undefined && { lastArrivalAt: existing.lastArrivalAt }),
    updatedAt: now,
  };
  // A plain request (the transaction reports a failed write); the chunks get the expert's card when flushed.
  void putExpertIn(tx, expert, existing, picks);

  // A retracted pick is kept as a tombstone (marked deleted) so the retraction shows and syncs.
  let retracted = 0;
  for (const id of retracting) {
    const record = picks.get(id);
    if (!record || record.deleted) continue;
    const at = retractedAt.get(record.id) ?? now;
    picks.put({ ...record, deleted: true, updatedAt: Math.max(record.updatedAt, validTime(at) ? at : now) });
    retracted++;
  }
  picks.flush();
  return { expert, stored, retracted, removed, refused, keptRetracted };
}

/** A change to an expert's feed status, worked out from the status stored. */
export type FeedStatusPatch = (status: FeedStatus) => Partial<FeedStatus>;

/** Changes an expert's feed status in its own small transaction; a missing expert is left alone. */
async function patchStatus(db: HaowuDb, expertId: string, patch: FeedStatusPatch, now: number): Promise<ExpertRecord | null> {
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

/**
 * Several experts' status changes in one transaction (a refresh round: utils/feed/sync.ts). Each
 * change carries the time it was found (`at`); one older than the expert's last finished check (a
 * refresh of that expert alone finished meanwhile) is dropped, so a status never goes back in time.
 * Missing experts are left alone.
 */
export async function patchFeedStatuses(db: HaowuDb, patches: ReadonlyMap<string, { at: number; patch: FeedStatusPatch }>, now: number): Promise<void> {
  if (patches.size === 0) return;
  const tx = db.transaction('experts', 'readwrite');
  const found = await Promise.all([...patches.keys()].map((expertId) => tx.store.get(expertId)));
  for (const existing of found) {
    const change = existing && patches.get(existing.id);
    if (!existing || !change || (existing.feedStatus.lastCheckedAt ?? -Infinity) > change.at) continue;
    // A plain request (no promise): if the transaction aborts, nothing is left rejecting unheard.
    unwrap(tx.store).put({ ...existing, feedStatus: { ...existing.feedStatus, ...change.patch(existing.feedStatus) }, updatedAt: now });
  }
  await tx.done;
}

/** The start of a refresh, so one cut off is found and resumed later. */
export const attemptPatch =
  (now: number): FeedStatusPatch =>
  () => ({ lastAttemptAt: now });

/**
 * A failed refresh: the reason is kept and shown; the expert's picks stay as they were. `info` is the
 * reason as a code (null when it has none), always written with it so an older code never outlives its message.
 */
export const failurePatch =
  (message: string, now: number, info: FeedErrorInfo | null = null): FeedStatusPatch =>
  () => ({ lastError: clip(message, MAX_TEXT), lastErrorInfo: info, lastCheckedAt: now });

/** The server said the feed has not changed (304): the stored picks are current. */
export const notModifiedPatch =
  (now: number, http?: HttpValidators): FeedStatusPatch =>
  (status) => ({
    lastFetchedAt: now,
    lastCheckedAt: now,
    lastError: null,
    lastErrorInfo: null,
    etag: http?.etag ? clip(http.etag, 200) : (status.etag ?? null),
    lastModified: http?.lastModified ? clip(http.lastModified, 200) : (status.lastModified ?? null),
  });

/** Marks the start of a refresh, so one cut off is found and resumed later. */
export const recordFeedAttempt = (db: HaowuDb, expertId: string, now: number) => patchStatus(db, expertId, attemptPatch(now), now);

/** A failed refresh (failurePatch), in its own transaction. */
export const recordFeedFailure = (db: HaowuDb, expertId: string, message: string, now: number, info: FeedErrorInfo | null = null) =>
  patchStatus(db, expertId, failurePatch(message, now, info), now);

/** A 304 (notModifiedPatch), in its own transaction. */
export const recordFeedNotModified = (db: HaowuDb, expertId: string, now: number, http?: HttpValidators) => patchStatus(db, expertId, notModifiedPatch(now, http), now);

/**
 * Removes experts known only from collections (not followed by the user), and their picks, in one
 * transaction. Followed experts and the user's own profile are kept.
 */
export async function forgetUnfollowedExperts(db: HaowuDb, expertIds: readonly string[]): Promise<{ experts: number; recommendations: number }> {
  const tx = db.transaction(['experts', ...PICK_STORES], 'readwrite');
  const removed = await forgetUnfollowedExpertsIn(tx as unknown as FeedTransaction, expertIds);
  await tx.done;
  return removed;
}

/** The same, inside a transaction the caller owns (a collection update). */
export async function forgetUnfollowedExpertsIn(tx: FeedTransaction, expertIds: readonly string[]): Promise<{ experts: number; recommendations: number }> {
  const experts = tx.objectStore('experts');
  const found = await Promise.all(expertIds.map((id) => experts.get(id)));
  const gone = found.filter((expert): expert is ExpertRecord => expert !== undefined && expert.kind === 'feed' && !expert.followed);
  const writers = await openPickWriters(tx, gone.map((expert) => expert.id));
  // Plain requests (no promises): if the transaction aborts, nothing is left rejecting unheard.
  for (const expert of gone) unwrap(experts).delete(expert.id);
  let removed = 0;
  for (const writer of writers.values()) {
    removed += writer.clear();
    writer.flush();
  }
  return { experts: gone.length, recommendations: removed };
}
