import { fetchFeed } from '../feed/fetch-feed';
import { MAX_FEED_BYTES } from '../feed/limits';
import { openFeed } from '../feed/verify';
import type { FetchLike } from './http';
import { PublishError } from './outcome';
import { publicFeedUrl } from './target';

/*
 * After the upload, the window is live only if its public address serves the feed just published,
 * as a follower would read it: fetched without cookies and past every cache, verified like any feed
 * (signature, the expert's own key), and at least as new as the one uploaded.
 */

export const VERIFY_TIMEOUT_MS = 15_000;

export interface VerifyLiveInput {
  publicBaseUrl: string;
  expertId: string;
  /** The uploaded feed's publishedAt. */
  publishedAt: string;
  /** The uploaded feed's bytes, checked before the upload: served unchanged, they need no second verification. */
  uploaded?: Uint8Array;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);

export interface VerifyLiveOptions {
  fetch: FetchLike;
  now: () => number;
  timeoutMs?: number;
}

/** Resolves when the public address serves the expert's feed, this one or newer; throws a PublishError (step `verify`) otherwise. */
export async function verifyLive(input: VerifyLiveInput, options: VerifyLiveOptions): Promise<void> {
  const feedUrl = publicFeedUrl(input.publicBaseUrl);
  // A query no cache has seen: a CDN or proxy in front of the storage must ask the storage.
  const url = `${feedUrl}?haowu-check=${options.now().toString(36)}`;
  const fetched = await fetchFeed(url, { fetch: options.fetch, maxBytes: MAX_FEED_BYTES, what: 'feed', timeoutMs: options.timeoutMs ?? VERIFY_TIMEOUT_MS });
  const params = { url: feedUrl };
  if (fetched.kind === 'not-modified') {
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
  if (input.uploaded && sameBytes(fetched.bytes, input.uploaded)) return;
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
}
