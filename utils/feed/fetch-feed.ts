import type { FeedErrorInfo } from './status-info';
import { tooLargeMessage, tooLargeParams } from './verify';

/*
 * One conditional GET of a feed or collection, with a time limit and a size cap enforced while the
 * body streams in: a hostile or broken server can neither hang a refresh nor fill memory.
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
}

export type FetchedFeed =
  /** `url`: where the body came from after redirects; `contentType` as the server sent it. */
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
  try {
    // no-store: the validators are Haowu's own, so the browser's cache must not answer for the server.
    const response = await options.fetch(url, { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect: 'follow' });
    const validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
    if (response.status === 304) return { kind: 'not-modified', ...validators };
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return statusFailure(response.status, options.what);
    }
    if (response.url && !response.url.startsWith('https://')) {
      void response.body?.cancel().catch(() => undefined);
      return failed(`The ${options.what}’s address redirected to a page that is not https, so it was not read.`, 'not-https', { what: options.what });
    }
    const tooLarge = () => failed(tooLargeMessage(options.what, options.maxBytes), 'too-large', tooLargeParams(options.what, options.maxBytes));
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      return tooLarge();
    }
    const bytes = await readCapped(response, options.maxBytes);
    if (!bytes) return tooLarge();
    return { kind: 'ok', bytes, ...validators, url: response.url || url, contentType: response.headers.get('content-type') };
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
