/*
 * Stable codes for what verifying and refreshing a feed reports. They are stored next to the English
 * sentences (in the expert's and the collection's feed status) so the popup can say them in the UI
 * language (describe-status.ts). Stored data and backups carry them: add codes, never rename or
 * reuse one. No zod here: the popup imports these lists, and its bundle carries zod/mini only.
 */

/** Why one recommendation or retraction was skipped; see `categorize` in verify.ts. */
export const SKIP_CODES = [
  /** The partner link goes to a host that is not the product's store's ("link host not allowed"). */
  'link-host',
  /** The product URL is not on the product's store ("product URL not on its store"). */
  'product-url',
  /** A field failed its check ("invalid <field>"); the field name is a parameter. */
  'invalid-field',
  /** The item is not an object ("not an object"). */
  'not-an-object',
  /** The id appears earlier in the feed, or is retracted twice ("duplicate id"). */
  'duplicate-id',
  /** The feed also retracts the recommendation ("retracted in the same feed"). */
  'retracted-same-feed',
] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

/** Why a whole feed or collection was refused (verify.ts, collection.ts). */
export const FEED_REJECTION_CODES = [
  'too-large',
  'not-text',
  'not-json',
  'not-a-feed',
  'unsupported-version',
  'malformed-envelope',
  'malformed-payload',
  'bad-public-key',
  'bad-signature',
  'wrong-expert',
  'duplicate-expert',
] as const;
export type FeedRejectionCode = (typeof FEED_REJECTION_CODES)[number];

/** Why fetching a feed failed (fetch-feed.ts); a body over the size cap is the rejection code `too-large`. */
export const FETCH_ERROR_CODES = [
  'timeout',
  'network',
  'http-not-found',
  'http-refused',
  'http-server',
  'http-status',
  'not-https',
  /** A redirect to a loopback, private or link-local host (redirects.ts). Params: what, url. */
  'redirect-private',
  /** A redirect to a site Haowu may not read (the user did not grant it). Params: what, url. */
  'redirect-not-allowed',
  /** More redirects in a row than Haowu follows. Params: what, url, max. */
  'redirect-too-many',
] as const;
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/** Failures of following and refreshing itself (sync.ts, feed-store.ts). */
export const SYNC_ERROR_CODES = [
  /** Haowu lacks the host permission for the feed's origin. */
  'permission',
  /** Storing failed inside Haowu (the picks are kept). */
  'internal',
  /** The feed is signed with the key of the user's own expert profile. */
  'own-profile',
  /** A collection read, but some of its feeds could not be stored (its summary says which). */
  'not-stored',
  /**
   * The feed at a followed expert's address is signed by another key (a new key is a new expert):
   * following it is refused until that expert is unfollowed. Params: expertId, previous, name.
   */
  'key-changed',
  /**
   * The feed was published before the newest one stored for its key (feed/rollback.ts): an older copy
   * (replayed, or carried by a collection) is refused. Params: publishedAt, newest (ISO 8601).
   */
  'rollback',
] as const;

/** Following a web page's address: what its discovery link (discovery.ts) did not give (params: url). */
export const DISCOVERY_ERROR_CODES = [
  /** The address is a web page that announces no feed or collection. */
  'no-discovery',
  /** The page announces a feed only at an address that is not https. */
  'discovery-not-https',
] as const;

/** Every error code a feed status may hold. */
export const FEED_ERROR_CODES = [...FEED_REJECTION_CODES, ...FETCH_ERROR_CODES, ...SYNC_ERROR_CODES, ...DISCOVERY_ERROR_CODES] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

/** What was being read, the `what` parameter of messages: "the feed’s server …". */
export const FEED_SUBJECTS = ['feed', 'collection', 'file'] as const;
export type FeedSubject = (typeof FEED_SUBJECTS)[number];

/** The parameters of an error: numbers and short texts (a zod path, an origin, an expert id). */
export type FeedErrorParams = Record<string, string | number>;

/** Reasons of feed errors on the wire (`feed:<code>`), said by describe-status.ts rather than the error table. */
export const FEED_REASON_PREFIX = 'feed:';
