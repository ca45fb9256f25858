import { storeAvatarCopy } from '../db/experts';
import type { HaowuDb } from '../db/open';
import type { AvatarCopy, ExpertRecord } from '../db/schema';
import type { FetchLike } from '../feed/fetch-feed';
import { inPool } from '../pool';
import { browserImageCodec, fetchAvatarCopy, type AvatarCopyFailure, type AvatarFetchDeps, type ImageCodec } from './avatar-copy';

/*
 * When avatar copies are made: after a feed (or a collection's feeds) is stored, and when the user's
 * own profile is saved, for each expert whose avatar address has no current copy. The fetch runs
 * outside any feed transaction (IndexedDB cannot wait for the network); the copy is then written in
 * its own small transaction, and only if the expert still has that avatar address. Nothing here
 * throws: an avatar that cannot be copied leaves the expert with initials, never a failed feed.
 */

/** A failed fetch is tried again after this long (or as soon as the address changes). */
export const AVATAR_RETRY_MS = 7 * 24 * 3_600_000;

/** How many avatars are fetched at once. */
const AVATAR_CONCURRENCY = 4;

export interface AvatarCopyDeps {
  fetch: FetchLike;
  now: () => number;
  /**
   * Decoding and re-encoding (browserImageCodec() in the background). Null or absent: this context
   * cannot re-encode an image, so no avatar is fetched at all.
   */
  images?: ImageCodec | null;
  startTimer?: AvatarFetchDeps['startTimer'];
  avatarTimeoutMs?: number;
}

type AvatarFields = Pick<ExpertRecord, 'id' | 'avatarUrl' | 'avatarCopy'>;

/**
 * Whether the expert's avatar should be fetched now: they have an avatar address, and there is no
 * copy of it yet (none, or one of another address), or the last try failed at least a week ago.
 * A copy that worked is kept as long as the address stays the same.
 */
export function needsAvatarCopy(expert: Pick<ExpertRecord, 'avatarUrl' | 'avatarCopy'>, now: number): boolean {
  if (expert.avatarUrl === null) return false;
  const copy = expert.avatarCopy;
  if (!copy || copy.sourceUrl !== expert.avatarUrl) return true;
  return copy.dataUrl === null && now - copy.fetchedAt >= AVATAR_RETRY_MS;
}

/**
 * What happened for one expert: `stored` (a copy), `failed` (recorded as null), `current` (nothing
 * to do when its turn came), `changed` (the expert's avatar address changed during the fetch, or the
 * expert is gone: nothing written), `error` (the database failed; the next store tries again).
 */
export interface AvatarOutcome {
  expertId: string;
  status: 'stored' | 'failed' | 'current' | 'changed' | 'error';
  /** Why the fetch failed (`failed`, and `changed` after a failed fetch). */
  code?: AvatarCopyFailure;
  /** The record as written (`stored`, `failed`). */
  expert?: ExpertRecord;
}

// One fetch per expert at a time in this context: a second request waits for the first, then finds
// the copy current (or the address changed again, and fetches that one).
const queues = new Map<string, Promise<AvatarOutcome>>();

function oneAtATime(expertId: string, work: () => Promise<AvatarOutcome>): Promise<AvatarOutcome> {
  const previous = queues.get(expertId);
  const next = previous ? previous.then(work) : work();
  queues.set(expertId, next);
  void next.then(() => {
    if (queues.get(expertId) === next) queues.delete(expertId);
  });
  return next;
}

async function copyOne(db: HaowuDb, deps: AvatarCopyDeps, codec: ImageCodec, expertId: string): Promise<AvatarOutcome> {
  try {
    // Read again: the record in hand may be older than what another refresh wrote meanwhile.
    const expert = await db.get('experts', expertId);
    if (!expert || !needsAvatarCopy(expert, deps.now())) return { expertId, status: 'current' };
    const sourceUrl = expert.avatarUrl!;
    const result = await fetchAvatarCopy(sourceUrl, { fetch: deps.fetch, codec, startTimer: deps.startTimer, timeoutMs: deps.avatarTimeoutMs });
    const copy: AvatarCopy = { sourceUrl, dataUrl: result.ok ? result.dataUrl : null, fetchedAt: deps.now() };
    const written = await storeAvatarCopy(db, expertId, copy, deps.now());
    if (!written) return { expertId, status: 'changed', ...(!result.ok && { code: result.code }) };
    return result.ok ? { expertId, status: 'stored', expert: written } : { expertId, status: 'failed', code: result.code, expert: written };
  } catch {
    return { expertId, status: 'error' };
  }
}

/**
 * Makes the missing avatar copies of `experts` (records as just stored: those that need none cost
 * nothing, not even a database read). At most 4 fetches at once, one per expert at a time. Never throws.
 */
export async function copyAvatars(db: HaowuDb, deps: AvatarCopyDeps, experts: readonly AvatarFields[]): Promise<AvatarOutcome[]> {
  const codec = deps.images;
  if (!codec) return [];
  const now = deps.now();
  const ids = [...new Set(experts.filter((expert) => needsAvatarCopy(expert, now)).map((expert) => expert.id))];
  return inPool(
    ids.map((id) => () => oneAtATime(id, () => copyOne(db, deps, codec, id))),
    AVATAR_CONCURRENCY,
  );
}

/** The real network, clock and codec. */
export function browserAvatarDeps(): AvatarCopyDeps {
  return { fetch: (url, init) => fetch(url, init), now: () => Date.now(), images: browserImageCodec() };
}

// Set once by the background's entrypoint (enableAvatarCopies). Code whose caller cannot hand it
// dependencies (the own profile, reached through the message handlers) and the background's sync
// dependencies use it. Anywhere else, unit tests included, it stays null and no avatar is fetched
// unless a test injects its own fakes: happy-dom has stand-ins for createImageBitmap and
// OffscreenCanvas, so whether those exist says nothing about being in the real background.
let backgroundDeps: AvatarCopyDeps | null = null;

/** Turns avatar copying on for this context, with the real network and codec: the background calls it at start-up (null: off). */
export function enableAvatarCopies(deps: AvatarCopyDeps | null = browserAvatarDeps()): void {
  backgroundDeps = deps;
}

/** What enableAvatarCopies set, or null: then no avatar is copied. */
export const backgroundAvatarDeps = (): AvatarCopyDeps | null => backgroundDeps;
