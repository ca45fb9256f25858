import { fetchFeed } from '../feed/fetch-feed';
import { MAX_FEED_BYTES } from '../feed/limits';
import { openFeed } from '../feed/verify';
import type { FetchLike } from './http';
import { PublishError } from './outcome';
import { publicFeedUrl } from './target';

/*
 * After the upload, the window is live only if its public address serves the feed just published,
 * as a follower would read it: fetched without cookies and past every cache, verified like any feed
 * (signature, the expert's own key), and at least as new as the one uploaded. Asked by the strong
 * ETag the storage gave the uploaded bytes, a `304` says it serves those very bytes (checked before
 * the upload) without sending them again; any other answer is read whole and checked.
 */

export const VERIFY_TIMEOUT_MS = 15_000;

export interface VerifyLiveInput {
  publicBaseUrl: string;
  expertId: string;
  /** The uploaded feed's publishedAt. */
  publishedAt: string;
  /** The uploaded feed's bytes, checked before the upload: served unchanged, they need no second verification. */
  uploaded?: Uint8Array;
  /**
   * The ETag the storage answered the upload of `uploaded` with (Uploader.putFeed). Only a strong one
   * is sent (If-None-Match): a weak one may be shared by other bytes.
   */
  uploadedEtag?: string | null;
}

/** Byte for byte, as a plain loop: a feed is megabytes, and a callback a byte costs several milliseconds. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface VerifyLiveOptions {
  fetch: FetchLike;
  now: () => number;
  timeoutMs?: number;
}

/**
 * A strong ETag (not `W/`): the server promises another one for any other bytes, so a `304` to it
 * means the very bytes it was given for. A weak one may be shared by different bytes.
 */
export const strongEtag = (etag: string | null): string | null => (etag !== null && /^"[^"]*"$/.test(etag) ? etag : null);

/**
 * Resolves when the public address serves the expert's feed, this one or newer; throws a PublishError
 * (step `verify`) otherwise. Answers the strong ETag it was served with when it served the uploaded
 * bytes themselves (null otherwise): the next publish asks whether it is still there by that tag.
 */
export async function verifyLive(input: VerifyLiveInput, options: VerifyLiveOptions): Promise<{ etag: string | null }> {
  const feedUrl = publicFeedUrl(input.publicBaseUrl);
  // A query no cache has seen: a CDN or proxy in front of the storage must ask the storage.
  const url = `${feedUrl}?haowu-check=${options.now().toString(36)}`;
  // The uploaded bytes' tag only (not an older one), so a 304 can mean nothing but those bytes.
  const etag = input.uploaded ? strongEtag(input.uploadedEtag ?? null) : null;
  const fetched = await fetchFeed(url, { fetch: options.fetch, maxBytes: MAX_FEED_BYTES, what: 'feed', timeoutMs: options.timeoutMs ?? VERIFY_TIMEOUT_MS, etag });
  const params = { url: feedUrl };
  if (fetched.kind === 'not-modified') {
    // The public address holds the bytes the storage tagged so when it took them: the ones uploaded.
    if (etag !== null) return { etag };
    // No validators were sent, so a 304 is a cache answering for something it should not.
    throw new PublishError('public-address-stale', 'verify', `The files are uploaded, but ${feedUrl} answered with an old cached copy. Try again in a few minutes.`, 'feed.json', params);
  }
  if (fetched.kind === 'failed') {
    const { code, params: fetchParams } = fetched.error;
    const status = typeof fetchParams?.status === 'number' ? fetchParams.status : null;
    const why =
      code === 'timeout'
        ? 'it did not answer in time'
        : code === 'network'
          ? 'it could not be reached'
          : code === 'too-large'
            ? 'it serves a file larger than a feed may be'
            : code === 'not-https'
              ? 'it redirects to an address that is not https'
              : `it answered ${status ?? 'with an error'}`;
    throw new PublishError(
      'public-address-unreachable',
      'verify',
      `The files are uploaded, but ${feedUrl} could not be read: ${why}. Check that the public address is where your storage is served to everyone.`,
      'feed.json',
      { ...params, reason: code, ...(status !== null && { status }) },
    );
  }
  if (input.uploaded && sameBytes(fetched.bytes, input.uploaded)) return { etag: strongEtag(fetched.etag) };
  const feed = await openFeed(fetched.bytes, { expectedExpertId: input.expertId });
  if (!feed.ok) {
    const found = feed.code === 'wrong-expert' ? 'other-expert' : feed.code === 'not-json' || feed.code === 'not-text' || feed.code === 'not-a-feed' ? 'not-a-feed' : feed.code;
    const what =
      found === 'other-expert'
        ? 'another expert’s feed'
        : found === 'not-a-feed'
          ? 'something that is not a Haowu feed (a web page or another file)'
          : `a feed that does not verify (${feed.reason})`;
    throw new PublishError(
      'public-address-serves-other',
      'verify',
      `The files are uploaded, but ${feedUrl} serves ${what}. Check that the public address points at the folder you publish to.`,
      'feed.json',
      { ...params, found },
    );
  }
  if (Date.parse(feed.publishedAt) < Date.parse(input.publishedAt)) {
    throw new PublishError(
      'public-address-stale',
      'verify',
      `The files are uploaded, but ${feedUrl} still serves the feed published ${feed.publishedAt} (a cache in front of the storage). Followers get the new one when it expires; check again in a few minutes.`,
      'feed.json',
      { ...params, servedPublishedAt: feed.publishedAt, publishedAt: input.publishedAt },
    );
  }
  return { etag: null };
}
