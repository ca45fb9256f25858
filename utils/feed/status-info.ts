import { z } from 'zod';
import { HaowuError, type ErrorCode } from '../errors';
import { EXPERT_NAME_MAX, MAX_URL_LENGTH } from './limits';
import { FEED_ERROR_CODES, FEED_REASON_PREFIX, SKIP_CODES } from './status-codes';

/*
 * A feed status's summary and error as data (codes, counts, parameters), stored beside the English
 * sentences so the popup can say them in the UI language (describe-status.ts). Both are optional
 * fields of the stored statuses: records and backups written before them still read, and the
 * popup shows the English sentence when they are absent.
 */

const Count = z.number().int().nonnegative();

/** At most this many skip reasons are kept per list, most common first (the schema has fewer fields). */
export const MAX_SKIP_GROUPS = 30;
/** At most this many experts a collection could not store are named. */
export const MAX_NOT_STORED = 20;

export const FeedErrorParams = z
  .record(z.string().max(40), z.union([z.string().max(500), z.number()]))
  .refine((params) => Object.keys(params).length <= 8, 'must have at most 8 parameters');

export const FeedErrorInfo = z.object({
  code: z.enum(FEED_ERROR_CODES),
  params: FeedErrorParams.optional(),
});
export type FeedErrorInfo = z.infer<typeof FeedErrorInfo>;

const RedirectedTo = z.string().max(MAX_URL_LENGTH).optional();

/** One skip reason and how many items it left out, e.g. { code: 'invalid-field', field: 'rating', count: 2 }. */
export const SkipGroup = z.object({
  code: z.enum(SKIP_CODES),
  /** The field of an `invalid-field`, e.g. "rating" or "product.key". */
  field: z.string().min(1).max(100).optional(),
  count: Count,
});
export type SkipGroup = z.infer<typeof SkipGroup>;

/** summarizeFeed's line as data: "3 of 120 recommendations skipped: link host not allowed". */
export const FeedSummaryInfo = z.object({
  /** Recommendations the feed listed, skipped ones included. */
  total: Count,
  accepted: Count,
  skipped: Count,
  /** Why recommendations were skipped, most common first. */
  reasons: z.array(SkipGroup).max(MAX_SKIP_GROUPS),
  /** Retractions the feed listed, skipped ones included. */
  retractions: Count,
  skippedRetractions: Count,
  retractionReasons: z.array(SkipGroup).max(MAX_SKIP_GROUPS),
  /** Where the file was read from when its address redirected there (fetch-feed.ts); absent: from the address itself. */
  redirectedTo: RedirectedTo,
});
export type FeedSummaryInfo = z.infer<typeof FeedSummaryInfo>;

/** A collection's summary as data: "2 of 3 feeds accepted; feeds[2]: … (and 1 more); Mei: …". */
export const CollectionSummaryInfo = z.object({
  /** Feeds the collection bundles, and how many of them verified. */
  total: Count,
  accepted: Count,
  /** The first feed refused, by its position in the collection. */
  firstRejected: z.object({ index: Count, error: FeedErrorInfo }).nullable(),
  /** How many more were refused. */
  moreRejected: Count,
  /** Verified feeds that could not be stored, by expert name; null error: not known as a code. */
  notStored: z.array(z.object({ name: z.string().min(1).max(EXPERT_NAME_MAX), error: FeedErrorInfo.nullable() })).max(MAX_NOT_STORED),
  /** Where the collection was read from when its address redirected there. */
  redirectedTo: RedirectedTo,
});
export type CollectionSummaryInfo = z.infer<typeof CollectionSummaryInfo>;

/** A refresh's message as data (RefreshResult's `detail` in sync.ts), said by describeRefresh. */
export type RefreshDetail =
  | { type: 'feed-summary'; info: FeedSummaryInfo }
  | { type: 'collection-summary'; info: CollectionSummaryInfo }
  | { type: 'error'; info: FeedErrorInfo }
  | { type: 'not-modified' };

/**
 * The stored fields: unreadable data (a code from a newer Haowu, say) reads as null, so the popup
 * falls back to the English sentence stored beside it instead of the whole record being refused.
 */
export const storedInfo = <T extends z.ZodType>(schema: T) => schema.nullable().optional().catch(null);

/**
 * A summary with the address its file was really read from, when the address redirected there: the
 * English line gets "; read from <url> (the address redirects there)", the data `redirectedTo`.
 */
export function withRedirect<Info extends { redirectedTo?: string }>(summary: string, info: Info, redirectedTo: string | null | undefined): { summary: string; summaryInfo: Info } {
  if (!redirectedTo) return { summary, summaryInfo: info };
  const url = redirectedTo.slice(0, MAX_URL_LENGTH);
  return { summary: `${summary}; read from ${url} (the address redirects there)`, summaryInfo: { ...info, redirectedTo: url } };
}

export { FEED_REASON_PREFIX };

/** A HaowuError whose message is also known as a code, for statuses stored in the UI language. */
export class FeedError extends HaowuError {
  constructor(
    code: ErrorCode,
    readonly info: FeedErrorInfo,
    message: string,
  ) {
    // The code travels to the page that asked (toErrorInfo), which says it in its language.
    super(code, message, { reason: `${FEED_REASON_PREFIX}${info.code}`, ...(info.params && { params: info.params }) });
    this.name = 'FeedError';
  }
}

/**
 * The code for something thrown while storing a feed: a FeedError's own; `internal` for anything
 * that is not a HaowuError (sync.ts then shows its internal message); null for another HaowuError,
 * whose message has no code (it is shown in English).
 */
export function errorInfoOf(error: unknown): FeedErrorInfo | null {
  if (error instanceof FeedError) return error.info;
  if (error instanceof HaowuError) return null;
  return { code: 'internal' };
}
