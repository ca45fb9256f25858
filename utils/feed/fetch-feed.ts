import { tooLargeMessage } from './verify';

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
}

export type FetchedFeed =
  | { kind: 'ok'; bytes: Uint8Array; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified'; etag: string | null; lastModified: string | null }
  | { kind: 'failed'; reason: string };

const failed = (reason: string): FetchedFeed => ({ kind: 'failed', reason });

function statusMessage(status: number, what: string): string {
  if (status === 404 || status === 410) return `The ${what}’s address answered ${status} (not found). Check the address, or ask its publisher where it moved.`;
  if (status === 401 || status === 403) return `The ${what}’s server refused access (${status}). It must be readable without signing in.`;
  if (status >= 500) return `The ${what}’s server had a problem (${status}). Haowu will try again at the next refresh.`;
  return `The ${what}’s server answered ${status} instead of the file.`;
}

/** Reads at most `maxBytes` of the body; null as soon as it is longer (the rest is never downloaded). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
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
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  try {
    // no-store: the validators are Haowu's own, so the browser's cache must not answer for the server.
    const response = await options.fetch(url, { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect: 'follow' });
    const validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
    if (response.status === 304) return { kind: 'not-modified', ...validators };
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return failed(statusMessage(response.status, options.what));
    }
    if (response.url && !response.url.startsWith('https://')) {
      void response.body?.cancel().catch(() => undefined);
      return failed(`The ${options.what}’s address redirected to a page that is not https, so it was not read.`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      return failed(tooLargeMessage(options.what, options.maxBytes));
    }
    const bytes = await readCapped(response, options.maxBytes);
    if (!bytes) return failed(tooLargeMessage(options.what, options.maxBytes));
    return { kind: 'ok', bytes, ...validators };
  } catch {
    if (timedOut) return failed(`The ${options.what}’s server did not answer within ${Math.round(timeoutMs / 1000)} seconds. Haowu will try again at the next refresh.`);
    return failed(`The ${options.what} could not be reached (offline, or the server is down). Haowu will try again at the next refresh.`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
