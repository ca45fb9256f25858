import { MAX_REDIRECTS, redirectProblem } from './redirects';
import type { FeedErrorInfo } from './status-info';
import { tooLargeMessage, tooLargeParams } from './verify';

/*
 * One conditional GET of a feed or collection, with a time limit and a size cap enforced while the
 * body streams in: a hostile or broken server can neither hang a refresh nor fill memory.
 *
 * Redirects are never followed blindly (redirects.ts says which are): every request is made with
 * `redirect: 'manual'`. Where the runtime shows the redirect (status and Location), Haowu follows it
 * itself, hop by hop, at most MAX_REDIRECTS. A browser does not: for `manual` the Fetch standard hands
 * script an opaque redirect (status 0, no Location), in Chromium's and Firefox's extension contexts
 * alike. Then the address is asked again with `redirect: 'follow'` and `mode: 'same-origin'`: for an
 * extension, "same origin" means the origins it holds host permission for, so the browser itself
 * refuses, before sending anything, a hop to any site the user did not grant (tests/e2e/feed-redirects
 * shows the refused host never sees a request, in both browsers). The final address is then checked
 * like any hop and reported, so the feed's status can show where the file really came from.
 */

export const FEED_FETCH_TIMEOUT_MS = 15_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface FetchFeedOptions {
  fetch: FetchLike;
  maxBytes: number;
  /** What the file is, for messages ("feed", "collection"). */
  what: string;
  etag?: string | null;
  lastModified?: string | null;
  timeoutMs?: number;
  /** The Accept header; `application/json` unless given (following an address also accepts a web page that announces its feed). */
  accept?: string;
  /**
   * Whether Haowu holds the host permission `https://host/*` (SyncDeps.canRead): a redirect is followed
   * only to such a site. Absent: only redirects within the address's own origin are followed.
   */
  canRead?: (originPattern: string) => Promise<boolean>;
}

export type FetchedFeed =
  /** `url`: where the body came from after redirects (the address itself when none); `contentType` as the server sent it. */
  | { kind: 'ok'; bytes: Uint8Array; etag: string | null; lastModified: string | null; url: string; contentType: string | null }
  | { kind: 'not-modified'; etag: string | null; lastModified: string | null }
  /** `reason` in English; `error` the same as a code with parameters, for the popup's language. */
  | { kind: 'failed'; reason: string; error: FeedErrorInfo };

const failed = (reason: string, code: FeedErrorInfo['code'], params: FeedErrorInfo['params']): FetchedFeed => ({ kind: 'failed', reason, error: { code, params } });

function statusFailure(status: number, what: string): FetchedFeed {
  const params = { what, status };
  if (status === 404 || status === 410) return failed(`The ${what}’s address answered ${status} (not found). Check the address, or ask its publisher where it moved.`, 'http-not-found', params);
  if (status === 401 || status === 403) return failed(`The ${what}’s server refused access (${status}). It must be readable without signing in.`, 'http-refused', params);
  if (status >= 500) return failed(`The ${what}’s server had a problem (${status}). Haowu will try again at the next refresh.`, 'http-server', params);
  return failed(`The ${what}’s server answered ${status} instead of the file.`, 'http-status', params);
}

/** Reads at most `maxBytes` of the body; null as soon as it is longer (the rest is never downloaded). Also used for avatars. */
export async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength > maxBytes ? null : bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A refused redirect, in English and as a code (describe-status.ts). */
function redirectRefused(what: string, problem: 'not-https' | 'credentials' | 'private' | 'not-allowed' | 'too-many', target: string): FetchedFeed {
  const url = target.slice(0, 500);
  switch (problem) {
    case 'not-https':
      return failed(`The ${what}’s address redirected to a page that is not https, so it was not read.`, 'not-https', { what });
    case 'private':
      return failed(`The ${what}’s address redirected to ${url}, a local or private network address, so Haowu did not follow it.`, 'redirect-private', { what, url });
    case 'too-many':
      return failed(`The ${what}’s address redirected more than ${MAX_REDIRECTS} times, so Haowu stopped following it.`, 'redirect-too-many', { what, url, max: MAX_REDIRECTS });
    default:
      return failed(
        `The ${what}’s address redirects to ${url}, on a site Haowu may not read, so Haowu did not follow it. If you trust that site, follow the address it leads to directly.`,
        'redirect-not-allowed',
        { what, url },
      );
  }
}

const patternOf = (url: URL) => `${url.origin}/*`;

/** Fetches `url`; never throws. A 304 (the validators matched) is `not-modified`. */
export async function fetchFeed(url: string, options: FetchFeedOptions): Promise<FetchedFeed> {
  const timeoutMs = options.timeoutMs ?? FEED_FETCH_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const start = new URL(url);
  const mayRead = async (target: URL) => target.origin === start.origin || (options.canRead !== undefined && (await options.canRead(patternOf(target))));
  // no-store: the validators are Haowu's own, so the browser's cache must not answer for the server.
  const request = (at: string, redirect: RequestRedirect) =>
    options.fetch(at, { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect, mode: 'same-origin' });
  try {
    let current = url;
    let response = await request(current, 'manual');
    for (let hops = 0; ; hops++) {
      if (response.type === 'opaqueredirect') {
        // A browser hides where it goes: it follows the redirect itself, only within granted sites (above).
        try {
          response = await request(current, 'follow');
        } catch (error) {
          if (timedOut) throw error;
          return redirectRefused(options.what, 'not-allowed', current);
        }
        break;
      }
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) break;
      void response.body?.cancel().catch(() => undefined);
      if (!URL.canParse(location, current)) return statusFailure(response.status, options.what);
      const target = new URL(location, current);
      target.hash = '';
      if (hops + 1 > MAX_REDIRECTS) return redirectRefused(options.what, 'too-many', target.href);
      const problem = redirectProblem(target);
      if (problem) return redirectRefused(options.what, problem, target.href);
      if (!(await mayRead(target))) return redirectRefused(options.what, 'not-allowed', target.href);
      current = target.href;
      response = await request(current, 'manual');
    }
    const finalUrl = response.url || current;
    if (finalUrl !== current) {
      // The browser followed the redirects: their end is checked as any hop is.
      const end = new URL(finalUrl);
      const problem = redirectProblem(end);
      if (problem || !(await mayRead(end))) {
        void response.body?.cancel().catch(() => undefined);
        return redirectRefused(options.what, problem ?? 'not-allowed', end.href);
      }
    }
    const validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
    if (response.status === 304) return { kind: 'not-modified', ...validators };
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return statusFailure(response.status, options.what);
    }
    const tooLarge = () => failed(tooLargeMessage(options.what, options.maxBytes), 'too-large', tooLargeParams(options.what, options.maxBytes));
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      return tooLarge();
    }
    const bytes = await readCapped(response, options.maxBytes);
    if (!bytes) return tooLarge();
    return { kind: 'ok', bytes, ...validators, url: finalUrl, contentType: response.headers.get('content-type') };
  } catch {
    if (timedOut) {
      const seconds = Math.round(timeoutMs / 1000);
      return failed(`The ${options.what}’s server did not answer within ${seconds} seconds. Haowu will try again at the next refresh.`, 'timeout', { what: options.what, seconds });
    }
    return failed(`The ${options.what} could not be reached (offline, or the server is down). Haowu will try again at the next refresh.`, 'network', { what: options.what });
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
