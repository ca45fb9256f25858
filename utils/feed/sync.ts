import { copyAvatars } from '../avatar/avatar-sync';
import type { ImageCodec } from '../avatar/avatar-copy';
import {
  attemptPatch,
  failurePatch,
  forgetUnfollowedExpertsIn,
  notModifiedPatch,
  patchFeedStatuses,
  recordFeedAttempt,
  storeFeedFile,
  storeVerifiedFeedIn,
  type FeedStatusPatch,
  type FeedTransaction,
} from '../db/feed-store';
import type { HaowuDb } from '../db/open';
import { PICK_STORES } from '../db/pick-chunks';
import type { ExpertRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { inPool } from '../pool';
import { verifyCollection, type CollectionFeedResult } from './collection';
import { fetchFeed, type FetchLike } from './fetch-feed';
import { permissionInfo, permissionMessage, readFollowAddress, refuseChangedKey } from './follow-address';
import {
  EMPTY_COLLECTION_STATUS,
  getCollection,
  listCollections,
  listCollectionsIn,
  patchCollectionStatus,
  type CollectionStatus,
  type FollowedCollection,
} from './followed-collections';
import { abortTransaction } from '../db/abort';
import { unwrap } from 'idb';
import { COLLECTION_FORMAT, MAX_COLLECTION_BYTES, MAX_FEED_BYTES } from './limits';
import { errorInfoOf, FeedError, MAX_NOT_STORED, withRedirect, type CollectionSummaryInfo, type FeedErrorInfo, type FeedSummaryInfo, type RefreshDetail } from './status-info';
import { openFeed, readJson, summarizeFeed, summarizeFeedInfo, type FeedAccepted, type FeedRejected } from './verify';

export type { RefreshDetail };

/*
 * Following feeds and collections, and refreshing them. Each feed is its own unit of work: fetch,
 * verify, then one database transaction that replaces that expert's picks. A refresh that fails
 * (network, server, size, signature, another key) records why and leaves the last good picks alone.
 * `lastAttemptAt` is written before the fetch, so a refresh cut off by the service worker stopping
 * is found by `isDue` and run again at the next alarm or start-up. Nothing here throws at a caller
 * for bad input from the network: every failure becomes a message a person can act on.
 *
 * After a feed is stored, the avatars of the experts it stored are copied (avatar/avatar-sync.ts):
 * outside the feed's transaction, only where no current copy exists, and never failing the feed.
 * A 304 stores nothing, so it fetches no avatar either.
 */

export interface SyncDeps {
  db: () => Promise<HaowuDb>;
  now: () => number;
  fetch: FetchLike;
  /** Whether Haowu holds the host permission `https://host/*` (asked for in the popup when following). */
  canRead: (originPattern: string) => Promise<boolean>;
  timeoutMs?: number;
  /**
   * Decodes and re-encodes avatar images (in the background, the codec enableAvatarCopies turned on).
   * Absent or null: no avatar is fetched, as none could be re-encoded. Avatars are fetched with `fetch` above.
   */
  images?: ImageCodec | null;
}

export interface RefreshResult {
  kind: 'feed' | 'collection';
  /** The expert id, or the collection id. */
  id: string;
  status: 'updated' | 'not-modified' | 'failed' | 'skipped';
  message: string;
  /** `message` as data, for the popup to say in the UI language; absent: `message` is shown as it is. */
  detail?: RefreshDetail;
}

/** What was followed, with its summary line and the same line as data (`summaryInfo`) for the popup's language. */
export type FollowResult =
  | { kind: 'feed'; expert: ExpertRecord; summary: string; summaryInfo: FeedSummaryInfo }
  | { kind: 'collection'; collection: FollowedCollection; summary: string; summaryInfo: CollectionSummaryInfo };

/** `https://host/*`: the one origin Haowu asks for to read a feed at `url`. */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}

/** A refused feed's or collection's code and parameters, as stored in a status. */
const rejectionInfo = (rejected: FeedRejected): FeedErrorInfo => ({ code: rejected.code, ...(rejected.params && { params: rejected.params }) });
const rejectionError = (rejected: FeedRejected) => new FeedError('invalid-input', rejectionInfo(rejected), rejected.reason);
const errorDetail = (info: FeedErrorInfo | null): RefreshDetail | undefined => (info ? { type: 'error', info } : undefined);

/** An attempt that started this long ago without finishing was cut off (the service worker stopped). */
export const STALE_ATTEMPT_MS = 2 * 60_000;

type Status = Partial<Pick<CollectionStatus, 'lastAttemptAt' | 'lastCheckedAt'>>;

/**
 * Whether a feed needs refreshing now: never checked, cut off mid-refresh, or last checked an
 * interval ago (a little early is fine: alarms are not exact). One running right now is not due.
 */
export function isDue(status: Status, now: number, intervalMs: number): boolean {
  const attempt = status.lastAttemptAt ?? null;
  const checked = status.lastCheckedAt ?? null;
  const unfinished = attempt !== null && (checked === null || attempt > checked);
  if (unfinished) return now - attempt >= STALE_ATTEMPT_MS;
  return checked === null || now - checked >= intervalMs * 0.95;
}

// One refresh per feed at a time in this context: a second request for the same one joins the first.
const running = new Map<string, Promise<RefreshResult>>();
function once(key: string, work: () => Promise<RefreshResult>): Promise<RefreshResult> {
  const current = running.get(key);
  if (current) return current;
  const next = work().finally(() => running.delete(key));
  running.set(key, next);
  return next;
}

/** A refresh's answer for one feed or collection. */
const resultFor =
  (kind: RefreshResult['kind'], id: string) =>
  (status: RefreshResult['status'], message: string, detail?: RefreshDetail): RefreshResult => ({ kind, id, status, message, ...(detail && { detail }) });

const internalMessage = 'Something went wrong inside Haowu while storing this feed; the picks you had are kept. It will be tried again.';
const messageOf = (error: unknown) => (error instanceof HaowuError ? error.message : internalMessage);

/**
 * Where a refresh puts a 304's or a failure's status: at once in its own transaction (one feed
 * refreshed alone), or into the round's batch (refreshFeeds). A stored feed writes its status with
 * its picks, in the feed's own transaction.
 */
type StatusWriter = (expertId: string, at: number, patch: FeedStatusPatch) => Promise<void>;

const writeAtOnce =
  (db: HaowuDb): StatusWriter =>
  (expertId, at, patch) =>
    patchFeedStatuses(db, new Map([[expertId, { at, patch }]]), at);

/**
 * One feed's refresh, its start (lastAttemptAt) already recorded: fetch, then store what changed or
 * hand the status to `writeStatus`. Never throws.
 */
async function refreshFeedOf(deps: SyncDeps, db: HaowuDb, expert: ExpertRecord & { feedUrl: string }, writeStatus: StatusWriter): Promise<RefreshResult> {
  const expertId = expert.id;
  const result = resultFor('feed', expertId);
  const fail = async (message: string, info: FeedErrorInfo | null) => {
    const now = deps.now();
    await writeStatus(expertId, now, failurePatch(message, now, info));
    return result('failed', message, errorDetail(info));
  };
  const url = expert.feedUrl;
  try {
    if (!(await deps.canRead(originPattern(url)))) return await fail(permissionMessage(url), permissionInfo(url));
    const fetched = await fetchFeed(url, {
      fetch: deps.fetch,
      maxBytes: MAX_FEED_BYTES,
      what: 'feed',
      etag: expert.feedStatus.etag,
      lastModified: expert.feedStatus.lastModified ?? null,
      timeoutMs: deps.timeoutMs,
      canRead: deps.canRead,
    });
    if (fetched.kind === 'failed') return await fail(fetched.reason, fetched.error);
    if (fetched.kind === 'not-modified') {
      const now = deps.now();
      await writeStatus(expertId, now, notModifiedPatch(now, fetched));
      return result('not-modified', 'The feed has not changed.', { type: 'not-modified' });
    }
    const redirectedTo = fetched.url === url ? null : fetched.url;
    const stored = await storeFeedFile(db, fetched.bytes, { expectedExpertId: expertId, follow: 'keep', http: fetched, redirectedTo }, deps.now());
    if (!stored.ok) return await fail(stored.reason, rejectionInfo(stored));
    await copyAvatars(db, deps, [stored.expert]);
    return result('updated', stored.summary, { type: 'feed-summary', info: stored.summaryInfo });
  } catch (error) {
    const message = messageOf(error);
    const info = errorInfoOf(error);
    const now = deps.now();
    // The status write itself may be what failed: then the attempt stays unfinished and is resumed (isDue).
    await writeAtOnce(db)(expertId, now, failurePatch(message, now, info)).catch(() => undefined);
    return result('failed', message, errorDetail(info));
  }
}

const hasFeedUrl = (expert: ExpertRecord | undefined): expert is ExpertRecord & { feedUrl: string } => expert?.kind === 'feed' && typeof expert.feedUrl === 'string' && expert.feedUrl !== '';

const noFeedAddress = (expertId: string): RefreshResult => resultFor('feed', expertId)('skipped', 'This expert has no feed address to refresh from.');

/** Refreshes one followed expert's feed from its address. Never throws. */
export function refreshExpertFeed(deps: SyncDeps, expertId: string): Promise<RefreshResult> {
  return once(`feed:${expertId}`, async () => {
    let db: HaowuDb;
    let expert: ExpertRecord | undefined;
    try {
      db = await deps.db();
      expert = await db.get('experts', expertId);
      if (!hasFeedUrl(expert)) return noFeedAddress(expertId);
      await recordFeedAttempt(db, expertId, deps.now());
    } catch (error) {
      return resultFor('feed', expertId)('failed', messageOf(error), errorDetail(errorInfoOf(error)));
    }
    return refreshFeedOf(deps, db, expert, writeAtOnce(db));
  });
}

/** A round's status writes this long after the first one waiting, at the latest: a worker stopped mid-round loses no more. */
export const STATUS_WRITE_DELAY_MS = 2_000;

/**
 * The status writes of a refresh round, gathered: written together when the round ends, or
 * STATUS_WRITE_DELAY_MS after the first one waiting in a long round. A round of 100 unchanged feeds
 * then writes twice (the attempts, the 304s) instead of 200 times, one transaction each. A write that
 * fails is logged; those feeds' attempts stay unfinished, so they are checked again (isDue).
 */
function statusBatch(db: HaowuDb, now: () => number) {
  const waiting = new Map<string, { at: number; patch: FeedStatusPatch }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (waiting.size > 0) {
      const batch = new Map(waiting);
      waiting.clear();
      written = written.then(() => patchFeedStatuses(db, batch, now()).catch((error: unknown) => console.warn('[haowu] feed statuses not written', error)));
    }
    return written;
  };
  const write: StatusWriter = async (expertId, at, patch) => {
    waiting.set(expertId, { at, patch });
    timer ??= setTimeout(() => void flush(), STATUS_WRITE_DELAY_MS);
  };
  return { write, flush };
}

function storeInput(
  verified: FeedAccepted,
  options: { follow: 'follow' | 'keep'; feedUrl?: string | null; http?: { etag: string | null; lastModified: string | null } },
) {
  return {
    expertId: verified.expertId,
    expert: verified.expert,
    accepted: verified.accepted,
    retractions: verified.retractions,
    publishedAt: verified.payload.publishedAt,
    skippedIds: verified.skipped.flatMap((item) => (item.id === undefined ? [] : [item.id])),
    summary: summarizeFeed(verified),
    summaryInfo: summarizeFeedInfo(verified),
    ...options,
  };
}

/** A verified feed of a collection that could not be stored. */
interface StoreFailure {
  name: string;
  message: string;
  info: FeedErrorInfo | null;
}

/**
 * "2 of 3 feeds accepted; feeds[2]: This feed’s signature does not match …; Mei: Something went wrong …",
 * and the same as data (describe-status.ts says it in the UI language).
 */
export function summarizeCollection(feeds: readonly CollectionFeedResult[], failures: readonly StoreFailure[]): { summary: string; summaryInfo: CollectionSummaryInfo } {
  const rejected = feeds.flatMap((entry) => (entry.result.ok ? [] : [{ index: entry.index, result: entry.result }]));
  const head = `${feeds.length - rejected.length} of ${feeds.length} feed${feeds.length === 1 ? '' : 's'} accepted`;
  const first = rejected[0];
  const line = first ? `${head}; feeds[${first.index}]: ${first.result.reason}${rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : ''}` : head;
  return {
    summary: [line, ...failures.map((failure) => `${failure.name}: ${failure.message}`)].join('; ').slice(0, 500),
    summaryInfo: {
      total: feeds.length,
      accepted: feeds.length - rejected.length,
      firstRejected: first ? { index: first.index, error: rejectionInfo(first.result) } : null,
      moreRejected: Math.max(0, rejected.length - 1),
      notStored: failures.slice(0, MAX_NOT_STORED).map((failure) => ({ name: failure.name, error: failure.info })),
    },
  };
}

/**
 * Stores the good feeds of a verified collection inside the collection's transaction. An expert the
 * user follows at their own address is refreshed from there, not from the collection (which may be
 * older); the user's own profile is never overwritten. A feed refused before anything of it was put
 * is named in `failures`; any other error aborts the whole update. Returns the experts the collection lists.
 */
async function storeCollectionFeeds(
  tx: FeedTransaction,
  feeds: readonly CollectionFeedResult[],
  now: number,
): Promise<{ expertIds: string[]; failures: StoreFailure[]; stored: ExpertRecord[] }> {
  const expertIds: string[] = [];
  const failures: StoreFailure[] = [];
  const stored: ExpertRecord[] = [];
  for (const { result } of feeds) {
    if (!result.ok) continue;
    const existing = await tx.objectStore('experts').get(result.expertId);
    if (existing?.kind === 'local') continue;
    expertIds.push(result.expertId);
    if (existing?.followed && existing.feedUrl) continue;
    try {
      stored.push((await storeVerifiedFeedIn(tx, storeInput(result, { follow: 'keep' }), now)).expert);
    } catch (error) {
      if (tx.error || !(error instanceof FeedError || error instanceof HaowuError)) throw error;
      failures.push({ name: result.expert.name, message: messageOf(error), info: errorInfoOf(error) });
    }
  }
  return { expertIds, failures, stored };
}

interface CollectionSource {
  id: string;
  url: string | null;
  http?: { etag: string | null; lastModified: string | null };
  /** Where the file was read from when `url` redirected there. */
  redirectedTo?: string | null;
  /** A refresh of a followed collection: unfollowed meanwhile, it stays unfollowed (nothing is stored). */
  refresh?: boolean;
}

/**
 * Stores a verified collection in one transaction: its record, the feeds of the experts it lists
 * (joining or staying), and the removal of experts who left it (unless the user follows them or
 * another collection lists them) with their picks. A stopped service worker leaves the collection
 * as it was before, or as it is after; never experts who left it in place for good.
 */
async function applyCollection(
  deps: SyncDeps,
  value: unknown,
  source: CollectionSource,
): Promise<{ collection: FollowedCollection; summary: string; summaryInfo: CollectionSummaryInfo }> {
  const verified = await verifyCollection(value);
  if (!verified.ok) throw rejectionError(verified);
  const db = await deps.db();
  const now = deps.now();
  const tx = db.transaction(['collections', 'experts', ...PICK_STORES], 'readwrite');
  try {
    const all = await listCollectionsIn(tx as unknown as FeedTransaction);
    const previous = all.find((c) => c.id === source.id);
    if (source.refresh && !previous) throw new HaowuError('not-found', 'collection.notFollowed');
    const goodIds = verified.feeds.flatMap((entry) => (entry.result.ok ? [entry.result.expertId] : []));
    const clean = goodIds.length === verified.feeds.length;
    const { expertIds, failures, stored } = await storeCollectionFeeds(tx as unknown as FeedTransaction, verified.feeds, now);
    const read = summarizeCollection(verified.feeds, failures);
    const { summary, summaryInfo } = withRedirect(read.summary, read.summaryInfo, source.redirectedTo);
    // A feed that failed verification keeps its expert (and last good picks) listed until the collection reads clean.
    const members = clean ? expertIds : [...new Set([...(previous?.expertIds ?? []), ...expertIds])].slice(0, 500);
    const status = previous?.status ?? EMPTY_COLLECTION_STATUS;
    const collection: FollowedCollection = {
      id: source.id,
      url: source.url,
      name: verified.name,
      description: verified.description ?? null,
      curator: verified.curator ?? null,
      expertIds: members,
      followedAt: previous?.followedAt ?? now,
      status: {
        ...status,
        lastAttemptAt: now,
        lastFetchedAt: now,
        lastCheckedAt: now,
        lastError: failures.length ? summary : null,
        // The feeds not stored are named in the summary, which describe-status.ts shows for this code.
        lastErrorInfo: failures.length ? { code: 'not-stored' } : null,
        summary,
        summaryInfo,
        ...(source.http && { etag: source.http.etag?.slice(0, 200) ?? null, lastModified: source.http.lastModified?.slice(0, 200) ?? null }),
      },
      updatedAt: Math.max(now, previous?.updatedAt ?? 0),
    };
    // A plain request (no promise): if the transaction aborts, nothing is left rejecting unheard.
    unwrap(tx.objectStore('collections')).put(collection);
    if (previous) {
      const others = new Set(all.filter((c) => c.id !== source.id).flatMap((c) => c.expertIds));
      const leaving = previous.expertIds.filter((id) => !members.includes(id) && !others.has(id));
      await forgetUnfollowedExpertsIn(tx as unknown as FeedTransaction, leaving);
    }
    await tx.done;
    // Last, once the collection is stored: a stopped service worker leaves only copies to make.
    await copyAvatars(db, deps, stored);
    return { collection, summary, summaryInfo };
  } catch (error) {
    await abortTransaction(tx);
    throw error;
  }
}

/** Refreshes a followed collection from its address. Never throws. */
export function refreshCollection(deps: SyncDeps, collectionId: string): Promise<RefreshResult> {
  return once(`collection:${collectionId}`, async () => {
    const result = resultFor('collection', collectionId);
    const fail = async (message: string, info: FeedErrorInfo | null) => {
      await patchCollectionStatus(await deps.db(), collectionId, () => ({ lastError: message.slice(0, 500), lastErrorInfo: info, lastCheckedAt: deps.now() }), deps.now()).catch(
        () => undefined,
      );
      return result('failed', message, errorDetail(info));
    };
    try {
      const db = await deps.db();
      const collection = await getCollection(db, collectionId);
      if (!collection?.url) return result('skipped', 'This collection came from a file; import the file again to update it.');
      const url = collection.url;
      await patchCollectionStatus(db, collectionId, () => ({ lastAttemptAt: deps.now() }), deps.now());
      if (!(await deps.canRead(originPattern(url)))) return await fail(permissionMessage(url), permissionInfo(url));
      const fetched = await fetchFeed(url, {
        fetch: deps.fetch,
        maxBytes: MAX_COLLECTION_BYTES,
        what: 'collection',
        etag: collection.status.etag,
        lastModified: collection.status.lastModified,
        timeoutMs: deps.timeoutMs,
        canRead: deps.canRead,
      });
      if (fetched.kind === 'failed') return await fail(fetched.reason, fetched.error);
      if (fetched.kind === 'not-modified') {
        const now = deps.now();
        await patchCollectionStatus(db, collectionId, () => ({ lastFetchedAt: now, lastCheckedAt: now, lastError: null, lastErrorInfo: null }), now);
        return result('not-modified', 'The collection has not changed.', { type: 'not-modified' });
      }
      const { summary, summaryInfo } = await applyCollection(deps, fetched.bytes, { id: collectionId, url, http: fetched, redirectedTo: fetched.url === url ? null : fetched.url, refresh: true });
      return result('updated', summary, { type: 'collection-summary', info: summaryInfo });
    } catch (error) {
      return fail(messageOf(error), errorInfoOf(error));
    }
  });
}

/** Follows what a file holds (a feed or a collection), read already as bytes or text. */
async function followContent(
  deps: SyncDeps,
  content: Uint8Array | string,
  source: { url: string | null; http?: { etag: string | null; lastModified: string | null }; expectedExpertId?: string; redirectedTo?: string | null },
): Promise<FollowResult> {
  const read = readJson(content, MAX_COLLECTION_BYTES, 'file');
  if (!read.ok) throw rejectionError(read);
  const format = typeof read.value === 'object' && read.value !== null ? (read.value as { format?: unknown }).format : undefined;
  if (format === COLLECTION_FORMAT) {
    const id = source.url ?? `file:${crypto.randomUUID()}`;
    const { collection, summary, summaryInfo } = await applyCollection(deps, read.value, { id, url: source.url, http: source.http, redirectedTo: source.redirectedTo });
    return { kind: 'collection', collection, summary, summaryInfo };
  }
  // A feed has its own, smaller limit, checked on the file's bytes as verifyFeed would.
  // From a file: a known expert keeps the address they are refreshed from.
  const feedUrl = source.url ?? undefined;
  const db = await deps.db();
  if (feedUrl) {
    // At an address: a followed expert there under another key stays as they are, and nothing is
    // stored. The signature is checked first, so only the key that really signed the feed counts.
    const opened = await openFeed(content, { expectedExpertId: source.expectedExpertId });
    if (!opened.ok) throw rejectionError(opened);
    await refuseChangedKey(db, feedUrl, opened.expertId);
  }
  const stored = await storeFeedFile(db, content, { follow: 'follow', feedUrl, http: source.http, expectedExpertId: source.expectedExpertId, redirectedTo: source.redirectedTo }, deps.now());
  if (!stored.ok) throw rejectionError(stored);
  const [avatar] = await copyAvatars(db, deps, [stored.expert]);
  // With its avatar copy when one was just written.
  return { kind: 'feed', expert: avatar?.expert ?? stored.expert, summary: stored.summary, summaryInfo: stored.summaryInfo };
}

/** What following an address may check of the feed it reads. */
export interface FollowUrlOptions {
  /**
   * The expert the user saw in the preview (previewFollow): a feed at the address signed by any other
   * key by now is refused, so what is stored is what was shown.
   */
  expectedExpertId?: string;
}

/**
 * Follows the feed or collection at an https address (the popup has asked for its origin first), or
 * the one a web page at that address announces (follow-address.ts). The feed's address is what is
 * stored and refreshed, never the page's. A followed expert's address now signed by another key is
 * refused ("A new key is a new expert"): nothing is stored.
 */
export async function followUrl(deps: SyncDeps, input: string, options: FollowUrlOptions = {}): Promise<FollowResult> {
  const address = await readFollowAddress(deps, input);
  if (address.kind === 'needs-origin') throw new FeedError('forbidden', permissionInfo(address.url), permissionMessage(address.url));
  return followContent(deps, address.bytes, { url: address.url, http: address.http, expectedExpertId: options.expectedExpertId, redirectedTo: address.redirectedTo });
}

/** Follows a feed or collection from a file the user picked; it is not refreshed from anywhere. */
export function followFile(deps: SyncDeps, text: string): Promise<FollowResult> {
  return followContent(deps, text, { url: null });
}

/** Stops following a collection: experts known only from it are removed with their picks, in the same transaction. */
export async function unfollowCollection(deps: SyncDeps, collectionId: string): Promise<{ collection: FollowedCollection; removedExperts: number }> {
  const tx = (await deps.db()).transaction(['collections', 'experts', ...PICK_STORES], 'readwrite');
  const all = await listCollectionsIn(tx as unknown as FeedTransaction);
  const collection = all.find((c) => c.id === collectionId);
  if (!collection) {
    await tx.done;
    throw new HaowuError('not-found', 'collection.notFollowed');
  }
  unwrap(tx.objectStore('collections')).delete(collectionId);
  const others = new Set(all.filter((c) => c.id !== collectionId).flatMap((c) => c.expertIds));
  const { experts } = await forgetUnfollowedExpertsIn(
    tx as unknown as FeedTransaction,
    collection.expertIds.filter((id) => !others.has(id)),
  );
  await tx.done;
  return { collection, removedExperts: experts };
}

/** Followed experts with an address to refresh from. */
async function refreshableExperts(db: HaowuDb): Promise<(ExpertRecord & { feedUrl: string })[]> {
  return (await db.getAllFromIndex('experts', 'by-followedAt')).filter(hasFeedUrl);
}

/** How many feeds are fetched at once: enough to hide round trips, few enough for a phone-class machine. */
const CONCURRENCY = 4;

/** The permission check, asked once per site in a round (browser.permissions.contains is a message to the browser each time). */
function canReadOncePerSite(canRead: SyncDeps['canRead']): SyncDeps['canRead'] {
  const answers = new Map<string, Promise<boolean>>();
  return (pattern) => {
    let answer = answers.get(pattern);
    if (!answer) answers.set(pattern, (answer = canRead(pattern)));
    return answer;
  };
}

/**
 * Refreshes every followed feed and collection, or with `intervalMs` only those due (see isDue).
 * Each one is independent: one failing never stops the others. The feeds' state is read in one
 * transaction, their starts written in one, and their 304s and failures in one more as the round
 * ends (statusBatch); a feed that changed is stored in its own transaction as it arrives.
 */
export async function refreshFeeds(deps: SyncDeps, options: { intervalMs?: number } = {}): Promise<RefreshResult[]> {
  const now = deps.now();
  const due = (status: Status) => options.intervalMs === undefined || isDue(status, now, options.intervalMs);
  const db = await deps.db();
  const [experts, collections] = await Promise.all([refreshableExperts(db), listCollections(db)]);
  const dueExperts = experts.filter((expert) => due(expert.feedStatus));
  const round: SyncDeps = { ...deps, canRead: canReadOncePerSite(deps.canRead) };
  await patchFeedStatuses(db, new Map(dueExperts.map((expert) => [expert.id, { at: now, patch: attemptPatch(now) }])), now);
  const statuses = statusBatch(db, deps.now);
  const jobs = [
    ...dueExperts.map((expert) => () => once(`feed:${expert.id}`, () => refreshFeedOf(round, db, expert, statuses.write))),
    ...collections.filter((c) => c.url !== null && due(c.status)).map((c) => () => refreshCollection(round, c.id)),
  ];
  try {
    return await inPool(jobs, CONCURRENCY);
  } finally {
    await statuses.flush();
  }
}
