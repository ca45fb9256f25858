import type { HaowuDb } from '../db/open';
import type { ExpertRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { discoverFeeds, isHtmlResponse, type AnnouncedKind } from './discovery';
import { fetchFeed } from './fetch-feed';
import { MAX_COLLECTION_BYTES, MAX_FEED_BYTES } from './limits';
import { FeedUrl } from './schema';
import { FeedError, type FeedErrorInfo } from './status-info';
import type { SyncDeps } from './sync';

/*
 * What an address the user typed (or a page they are on) leads to: a feed or collection file, or a
 * web page (an expert's window) that announces one with a discovery link (discovery.ts), which is then
 * fetched instead. Nothing is fetched from an origin Haowu may not read: the page's own origin was
 * asked for in the popup's click; when the announced file is on another origin that Haowu may not
 * read yet, this stops and says which origin to ask for (`needs-origin`), and the popup asks for it
 * in the next click. Storing is not done here (sync.ts, preview.ts decide what to do with the file).
 */

/** The Accept header when following an address: a feed or collection, or else a page announcing one. */
export const FOLLOW_ACCEPT = 'application/json, text/html;q=0.8';

/** The file an address led to. `pageUrl` is the web page that announced it, if it was one. */
export interface AddressFile {
  kind: 'file';
  /** The file's own address: what is followed and refreshed. */
  url: string;
  pageUrl: string | null;
  bytes: Uint8Array;
  http: { etag: string | null; lastModified: string | null };
  /** Where the file was read from when `url` redirected there (within sites Haowu may read; fetch-feed.ts). */
  redirectedTo: string | null;
  /** How many feeds and collections the page announced (the first is used); 0 when the address was the file. */
  announced: number;
}

/** A page announces a file on an origin Haowu may not read yet: nothing was fetched from it. */
export interface AddressNeedsOrigin {
  kind: 'needs-origin';
  /** The announced file. */
  url: string;
  pageUrl: string;
  /** `https://host`, and the pattern to ask the browser for. */
  origin: string;
  pattern: string;
  linkKind: AnnouncedKind;
}

export type FollowAddress = AddressFile | AddressNeedsOrigin;

type AddressDeps = Pick<SyncDeps, 'fetch' | 'canRead' | 'timeoutMs'>;

const originOf = (url: string) => new URL(url).origin;
const patternOf = (url: string) => `${originOf(url)}/*`;

export const permissionInfo = (url: string): FeedErrorInfo => ({ code: 'permission', params: { origin: originOf(url) } });
export const permissionMessage = (url: string) =>
  `Haowu may not read ${originOf(url)} (the permission was not given or was removed). Follow the address again and allow access.`;

export const NO_DISCOVERY_MESSAGE = 'This address is a web page, not a Haowu feed, and it announces none.';
export const discoveryNotHttpsMessage = (url: string) =>
  `This web page announces a Haowu feed at ${url}, which is not an https address, so Haowu does not read it.`;

/** The address typed, checked (https, at most 2,048 characters), without its fragment (`#pick-…`), which no server sees. */
export function followAddress(input: string): string {
  const parsed = FeedUrl.safeParse(input.trim());
  if (!parsed.success) throw new HaowuError('invalid-input', 'follow.notHttps');
  const url = new URL(parsed.data);
  url.hash = '';
  return url.href;
}

const redirectOf = (url: string, finalUrl: string) => (finalUrl === url ? null : finalUrl);

/** A page's text in the charset its Content-Type names (UTF-8 when none, or one this runtime does not know). */
function pageText(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Fetches `input` (the popup asked for its origin first) and, when it is a web page, the feed or
 * collection it announces. Throws FeedError (with a code for the popup's language) when the address
 * cannot be read, the page announces nothing usable, or the announced file cannot be fetched.
 */
export async function readFollowAddress(deps: AddressDeps, input: string): Promise<FollowAddress> {
  const url = followAddress(input);
  if (!(await deps.canRead(patternOf(url)))) throw new FeedError('forbidden', permissionInfo(url), permissionMessage(url));
  const fetched = await fetchFeed(url, { fetch: deps.fetch, maxBytes: MAX_COLLECTION_BYTES, what: 'file', timeoutMs: deps.timeoutMs, accept: FOLLOW_ACCEPT, canRead: deps.canRead });
  if (fetched.kind === 'failed') throw new FeedError('unavailable', fetched.error, fetched.reason);
  if (fetched.kind === 'not-modified') throw new HaowuError('unavailable', 'follow.notModified');
  const http = { etag: fetched.etag, lastModified: fetched.lastModified };
  if (!isHtmlResponse(fetched.contentType, fetched.bytes)) return { kind: 'file', url, pageUrl: null, bytes: fetched.bytes, http, redirectedTo: redirectOf(url, fetched.url), announced: 0 };

  // A web page: links resolve against where it was finally served from (checked by fetchFeed).
  const pageUrl = fetched.url;
  const { announced, refused } = discoverFeeds(pageText(fetched.bytes, fetched.contentType), pageUrl);
  const [link] = announced;
  if (!link) {
    const insecure = refused.find((entry) => entry.reason === 'not-https');
    if (insecure) throw new FeedError('invalid-input', { code: 'discovery-not-https', params: { url: insecure.href.slice(0, 500) } }, discoveryNotHttpsMessage(insecure.href));
    throw new FeedError('invalid-input', { code: 'no-discovery' }, NO_DISCOVERY_MESSAGE);
  }
  if (!(await deps.canRead(patternOf(link.url)))) {
    return { kind: 'needs-origin', url: link.url, pageUrl, origin: originOf(link.url), pattern: patternOf(link.url), linkKind: link.kind };
  }
  const what = link.kind;
  const file = await fetchFeed(link.url, {
    fetch: deps.fetch,
    maxBytes: link.kind === 'feed' ? MAX_FEED_BYTES : MAX_COLLECTION_BYTES,
    what,
    timeoutMs: deps.timeoutMs,
    canRead: deps.canRead,
  });
  if (file.kind === 'failed') throw new FeedError('unavailable', file.error, file.reason);
  if (file.kind === 'not-modified') throw new HaowuError('unavailable', 'follow.notModified');
  return {
    kind: 'file',
    url: link.url,
    pageUrl,
    bytes: file.bytes,
    http: { etag: file.etag, lastModified: file.lastModified },
    redirectedTo: redirectOf(link.url, file.url),
    announced: announced.length,
  };
}

/**
 * The expert the user follows at `url` under another key, if any: the feed there is now signed by a
 * different key, which is a different expert (README, "A new key is a new expert").
 */
export async function followedWithOtherKey(db: HaowuDb, url: string, expertId: string): Promise<ExpertRecord | null> {
  const experts = await db.getAllFromIndex('experts', 'by-followedAt');
  return experts.find((expert) => expert.kind === 'feed' && expert.followed && expert.feedUrl === url && expert.id !== expertId) ?? null;
}

export const keyChangedInfo = (previous: ExpertRecord, expertId: string): FeedErrorInfo => ({
  code: 'key-changed',
  params: { expertId, previous: previous.id, name: previous.displayName },
});
export const keyChangedMessage = (previous: ExpertRecord, expertId: string) =>
  `The feed at this address is now signed by a different key (${expertId}) than ${previous.displayName} (${previous.id}), whom you follow here. A new key is a new expert, so nothing was followed: if you trust the new key, unfollow ${previous.displayName} first, then follow this address again.`;

/** Throws when following `url` would give a followed expert's address to a feed signed by another key. */
export async function refuseChangedKey(db: HaowuDb, url: string, expertId: string): Promise<void> {
  const previous = await followedWithOtherKey(db, url, expertId);
  if (previous) throw new FeedError('invalid-input', keyChangedInfo(previous, expertId), keyChangedMessage(previous, expertId));
}
