import type { ExpertRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { registrableDomain } from '../registrable-domain';
import { nameWarner, type NameWarning } from '../expert/name-warnings';
import { verifyCollection } from './collection';
import { followedWithOtherKey, keyChangedInfo, keyChangedMessage, readFollowAddress, type AddressFile } from './follow-address';
import { COLLECTION_FORMAT, MAX_COLLECTION_BYTES } from './limits';
import type { FeedRecommendation } from './schema';
import { FeedError, type CollectionSummaryInfo, type FeedErrorInfo, type FeedSummaryInfo } from './status-info';
import { summarizeCollection, type SyncDeps } from './sync';
import { readJson, summarizeFeed, summarizeFeedInfo, verifyFeed, type FeedAccepted, type FeedRejected } from './verify';

/*
 * What following an address would follow, fetched and verified but not stored: the popup shows it
 * ("signed by ed25519:d052…2f15 — 24 picks on Tmall, JD") with Follow and Cancel, and only Follow
 * (followFeed) stores anything. Every refusal comes back as a value with its code, so the popup says
 * it in the UI language (describe-status.ts); nothing here writes to the database or storage.
 */

/** One expert as the preview shows them. */
export interface PreviewExpert {
  /** `ed25519:` and 32 hex digits. */
  id: string;
  name: string;
  bio: string | null;
  /** The https address of the expert's window, when their feed names one. */
  window: string | null;
  /** Picks the feed carries that verified and have not expired. */
  picks: number;
  /** Where those picks are, most picks first: platform keys (`tmall`, `jd` …), or the domain of another store. */
  stores: string[];
  /** Whether the user follows this expert already. */
  followed: boolean;
  /** A name like that of an expert the user follows under another key, or one claiming a verification (utils/expert/name-warnings.ts); absent: none. */
  warnings?: NameWarning[];
}

interface PreviewSource {
  /** The address Follow stores and refreshes (the feed's, not the page's that announced it). */
  url: string;
  /** The web page that announced it, if the address typed (or the tab) was one. */
  pageUrl: string | null;
  /** How many feeds and collections that page announced (the first is shown); 0 for a file's own address. */
  announced: number;
}

export type FollowPreview =
  | (PreviewSource & { kind: 'feed'; expert: PreviewExpert; summary: string; summaryInfo: FeedSummaryInfo })
  | (PreviewSource & {
      kind: 'collection';
      name: string;
      description: string | null;
      curator: string | null;
      experts: PreviewExpert[];
      /** Feeds left out because the collection lists their expert again (the copy published last is used). */
      duplicates: number;
      summary: string;
      summaryInfo: CollectionSummaryInfo;
    })
  /** The page announces a file on an origin Haowu may not read yet: ask for `pattern` in a click, then preview `url`. */
  | { kind: 'needs-origin'; url: string; pageUrl: string; origin: string; pattern: string; linkKind: 'feed' | 'collection' }
  /** Nothing to follow: `message` in English, `error` as a code for the popup's language (null: say `message`). */
  | { kind: 'refused'; url: string; message: string; error: FeedErrorInfo | null };

const isLive = (now: number) => (pick: FeedRecommendation) => pick.expiresAt === undefined || Date.parse(pick.expiresAt) > now;

/** The stores of the picks, most picks first (ties in first-seen order). */
function storesOf(picks: readonly FeedRecommendation[]): string[] {
  const counts = new Map<string, number>();
  for (const pick of picks) {
    const { platform, url } = pick.product;
    const store = platform === 'site' ? registrableDomain(new URL(url).hostname) : platform;
    counts.set(store, (counts.get(store) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([store]) => store);
}

function previewExpert(feed: FeedAccepted, existing: ExpertRecord | undefined, now: number, warn: Warner): PreviewExpert {
  const live = feed.accepted.filter(isLive(now));
  return {
    id: feed.expertId,
    name: feed.expert.name,
    bio: feed.expert.bio ?? null,
    window: feed.expert.window ?? null,
    picks: live.length,
    stores: storesOf(live),
    followed: existing?.kind === 'feed' && existing.followed,
    ...warningsOf(warn({ id: feed.expertId, name: feed.expert.name })),
  };
}

const warningsOf = (warnings: NameWarning[]) => (warnings.length > 0 ? { warnings } : {});

type Warner = ReturnType<typeof nameWarner>;

/** Warns about names like those of the experts the user follows (under another key: checked per expert). */
async function followedNames(db: Awaited<ReturnType<SyncDeps['db']>>): Promise<Warner> {
  const followed = (await db.getAll('experts')).filter((expert) => expert.kind === 'feed' && expert.followed);
  return nameWarner(followed.map((expert) => ({ id: expert.id, name: expert.displayName })));
}

const refusedOf = (url: string, error: unknown): FollowPreview => {
  if (error instanceof FeedError) return { kind: 'refused', url, message: error.message, error: error.info };
  if (error instanceof HaowuError) return { kind: 'refused', url, message: error.message, error: null };
  throw error;
};

const rejected = (url: string, result: FeedRejected): FollowPreview => ({
  kind: 'refused',
  url,
  message: result.reason,
  error: { code: result.code, ...(result.params && { params: result.params }) },
});

/** The preview of a file an address led to. */
async function previewFile(deps: SyncDeps, file: AddressFile): Promise<FollowPreview> {
  const source: PreviewSource = { url: file.url, pageUrl: file.pageUrl, announced: file.announced };
  const read = readJson(file.bytes, MAX_COLLECTION_BYTES, 'file');
  if (!read.ok) return rejected(file.url, read);
  const db = await deps.db();
  const now = deps.now();
  const warn = await followedNames(db);
  const format = typeof read.value === 'object' && read.value !== null ? (read.value as { format?: unknown }).format : undefined;
  if (format === COLLECTION_FORMAT) {
    const verified = await verifyCollection(read.value);
    if (!verified.ok) return rejected(file.url, verified);
    const experts: PreviewExpert[] = [];
    for (const { result } of verified.feeds) {
      if (!result.ok) continue;
      const existing = await db.get('experts', result.expertId);
      // The user's own profile is never overwritten by a collection (sync.ts), so it is not listed.
      if (existing?.kind === 'local') continue;
      experts.push(previewExpert(result, existing, now, warn));
    }
    const { summary, summaryInfo } = summarizeCollection(verified.feeds, []);
    return {
      ...source,
      kind: 'collection',
      name: verified.name,
      description: verified.description ?? null,
      curator: verified.curator ?? null,
      experts,
      duplicates: verified.feeds.filter(({ result }) => !result.ok && result.code === 'duplicate-expert').length,
      summary,
      summaryInfo,
    };
  }
  // A feed: checked on the file's own bytes, exactly as following it would.
  const verified = await verifyFeed(file.bytes);
  if (!verified.ok) return rejected(file.url, verified);
  const existing = await db.get('experts', verified.expertId);
  if (existing?.kind === 'local') {
    return { kind: 'refused', url: file.url, message: 'This feed is your own expert profile’s: your picks are already here, so it was not followed.', error: { code: 'own-profile' } };
  }
  const previous = await followedWithOtherKey(db, file.url, verified.expertId);
  if (previous) return { kind: 'refused', url: file.url, message: keyChangedMessage(previous, verified.expertId), error: keyChangedInfo(previous, verified.expertId) };
  return { ...source, kind: 'feed', expert: previewExpert(verified, existing, now, warn), summary: summarizeFeed(verified), summaryInfo: summarizeFeedInfo(verified) };
}

/**
 * Fetches and verifies what `url` leads to (a feed, a collection, or the one a web page announces)
 * and says what following it would follow. Stores nothing. Never throws for what the network or the
 * file holds; the popup asked for the address's origin before sending this.
 */
export async function previewFollow(deps: SyncDeps, url: string): Promise<FollowPreview> {
  let file: AddressFile;
  try {
    const address = await readFollowAddress(deps, url);
    if (address.kind === 'needs-origin') return { kind: 'needs-origin', url: address.url, pageUrl: address.pageUrl, origin: address.origin, pattern: address.pattern, linkKind: address.linkKind };
    file = address;
  } catch (error) {
    return refusedOf(url.trim(), error);
  }
  return previewFile(deps, file);
}
