import type { z } from 'zod';
import { describeZodError, zodDetail } from '../errors';
import { fingerprint, formatBytes, fromBase64Url, importPublicKey, verifyBytes } from './crypto';
import { COLLECTION_FORMAT, FEED_FORMAT, FEED_VERSION, MAX_FEED_BYTES, MAX_ID_LENGTH } from './limits';
import {
  FeedEnvelope,
  FeedPayloadShell,
  FeedRecommendation,
  FeedRetraction,
  LINK_HOST_NOT_ALLOWED,
  PRODUCT_URL_NOT_ON_STORE,
  type FeedExpert,
  type FeedPayload,
} from './schema';
import type { FeedErrorParams, FeedRejectionCode, SkipCode } from './status-codes';
import { REFUSED, compileCheck } from '../validation/compiled-check';
import { MAX_SKIP_GROUPS, type FeedSummaryInfo, type SkipGroup } from './status-info';

/** Why a whole feed was refused (the list is in status-codes.ts); `reason` says it in words a person can act on. */
export type { FeedRejectionCode };

/** One recommendation or retraction left out of an otherwise good feed. */
export interface SkippedItem {
  /** Its position in the feed's list. */
  index: number;
  /** Its id, when it had a usable one. */
  id?: string;
  /** A short category for summaries, e.g. "link host not allowed", "invalid rating". */
  reason: string;
  /** The category as a code, e.g. 'link-host', 'invalid-field' (with `field`: "rating"). */
  code: SkipCode;
  /** The field of an `invalid-field`, e.g. "rating" or "product.key". */
  field?: string;
  /** The specifics, e.g. "partnerLink: goes to evil.example, which is not a JD link host". */
  detail: string;
}

export interface FeedAccepted {
  ok: true;
  /** The expert's fingerprint (see `fingerprint`): who signed this feed. */
  expertId: string;
  expert: FeedExpert;
  /** The feed with only its valid items: it satisfies `FeedPayload`. */
  payload: FeedPayload;
  accepted: FeedRecommendation[];
  retractions: FeedRetraction[];
  skipped: SkippedItem[];
  skippedRetractions: SkippedItem[];
  /** How many recommendations and retractions the feed listed, skipped ones included. */
  totals: { recommendations: number; retractions: number };
}

export interface FeedRejected {
  ok: false;
  code: FeedRejectionCode;
  reason: string;
  /** What `reason` names, for saying it in another language (see describe-status.ts), e.g. { what: 'feed' }. */
  params?: FeedErrorParams;
}

export type FeedVerification = FeedAccepted | FeedRejected;

export interface VerifyOptions {
  /** The id of the expert this feed is expected to come from (a followed feed's refresh). */
  expectedExpertId?: string;
}

const reject = (code: FeedRejectionCode, reason: string, params?: FeedErrorParams): FeedRejected => ({ ok: false, code, reason, ...(params && { params }) });

/**
 * UTF-8 length of a string as TextEncoder would encode it (a lone surrogate becomes U+FFFD, 3 bytes),
 * or `limit + 1` as soon as it is known to exceed `limit`. Counted, not encoded: encoding a 5 MB feed
 * only to measure it allocated 5 MB and cost as much as parsing it (issue 19).
 */
export function utf8LengthUpTo(text: string, limit: number): number {
  if (text.length > limit) return limit + 1;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: one code point of 4 bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return limit + 1;
  }
  return bytes;
}

export const tooLargeMessage = (what: string, limit: number) =>
  `This ${what} is larger than the ${formatBytes(limit)} Haowu accepts, so it was not read. Ask its publisher for a smaller file.`;
/** tooLargeMessage's parameters. */
export const tooLargeParams = (what: string, limit: number): FeedErrorParams => ({ what, limit: formatBytes(limit) });

/** Said when a feed, collection or file turns out to be HTML; the popup says it from its string tables. */
export const WEB_PAGE_MESSAGE = 'This is a web page, not a Haowu feed or collection. If it is an expert’s window, paste its address into Follow on the Experts tab: Haowu finds the feed the page announces.';

/** Reads a file's text (string, bytes or already parsed JSON) into a JSON value, checking size before parsing. */
export function readJson(input: unknown, limit: number, what: string): { ok: true; value: unknown } | FeedRejected {
  let text: string;
  if (typeof input === 'string') {
    if (utf8LengthUpTo(input, limit) > limit) return reject('too-large', tooLargeMessage(what, limit), tooLargeParams(what, limit));
    text = input;
  } else if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    if (input.byteLength > limit) return reject('too-large', tooLargeMessage(what, limit), tooLargeParams(what, limit));
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return reject('not-text', `This ${what} is not UTF-8 text. Check that you chose the right file.`, { what });
    }
  } else {
    return { ok: true, value: input };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // An address that serves a web page (an expert's window, a sign-in page) is not "damaged" (issue 16).
    if (/^\s*</.test(text.replace(/^\uFEFF/, ''))) return reject('not-a-feed', WEB_PAGE_MESSAGE, { expected: what, found: 'web-page' });
    return reject('not-json', `This ${what} is not valid JSON (it may be cut short or damaged). Download it again.`, { what });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks format and version with messages that say what the file is instead. */
function checkEnvelopeHeader(value: unknown): FeedRejected | null {
  if (!isRecord(value) || (value.format !== FEED_FORMAT && value.format !== COLLECTION_FORMAT)) {
    return reject('not-a-feed', 'This is not a Haowu feed (it has no "format": "haowu-feed"). Check the address or file you opened.', { expected: 'feed' });
  }
  if (value.format === COLLECTION_FORMAT) {
    return reject('not-a-feed', 'This is a collection of feeds, not a single feed: open it as a collection.', { expected: 'feed', found: 'collection' });
  }
  if (typeof value.version === 'number' && Number.isInteger(value.version) && value.version > FEED_VERSION) {
    return reject(
      'unsupported-version',
      `This feed uses format version ${value.version}; this Haowu reads version ${FEED_VERSION}. Update Haowu to read it.`,
      { what: 'feed', version: value.version, supported: FEED_VERSION },
    );
  }
  return null;
}

/** The codes of the categories refinements in schema.ts set (params.category). */
const CATEGORY_CODES: Readonly<Record<string, SkipCode>> = { [LINK_HOST_NOT_ALLOWED]: 'link-host', [PRODUCT_URL_NOT_ON_STORE]: 'product-url' };

type Category = Pick<SkippedItem, 'reason' | 'code' | 'field'>;

/** What an item was skipped for, from its first issue: a category set by a refinement, else "invalid <field>". */
function categorize(error: z.ZodError): Category {
  const first = error.issues[0];
  const field = first ? first.path.filter((part) => typeof part !== 'number').map(String).join('.') : '';
  const category = first?.code === 'custom' ? first.params?.category : undefined;
  if (typeof category === 'string') {
    const code = CATEGORY_CODES[category];
    // A category without a code (none today) is still an invalid field to a reader in another language.
    return code ? { reason: category, code } : { reason: category, code: 'invalid-field', field: field || 'item' };
  }
  return field ? { reason: `invalid ${field}`, code: 'invalid-field', field } : { reason: 'not an object', code: 'not-an-object' };
}

const DUPLICATE_ID: Category = { reason: 'duplicate id', code: 'duplicate-id' };
const RETRACTED_SAME_FEED: Category = { reason: 'retracted in the same feed', code: 'retracted-same-feed' };

const usableId = (item: unknown): string | undefined =>
  isRecord(item) && typeof item.id === 'string' && item.id.length <= MAX_ID_LENGTH ? item.id : undefined;

/** Retractions first, so a recommendation retracted in the same feed can be skipped. */
function readRetractions(items: unknown[]): { retractions: FeedRetraction[]; skipped: SkippedItem[] } {
  const retractions: FeedRetraction[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const parsed = FeedRetraction.safeParse(item);
    const id = usableId(item);
    if (!parsed.success) skipped.push({ index, id, ...categorize(parsed.error), detail: describeZodError(parsed.error) });
    else if (seen.has(parsed.data.id)) skipped.push({ index, id, ...DUPLICATE_ID, detail: `id: "${parsed.data.id}" is retracted twice` });
    else {
      seen.add(parsed.data.id);
      retractions.push(parsed.data);
    }
  });
  return { retractions, skipped };
}

/**
 * `FeedRecommendation` compiled for the fast path (utils/validation/compiled-check.ts): a good item is
 * accepted without zod's machinery per value, with the same result (unknown fields stripped); an item
 * it refuses is parsed by the schema, whose issues name the skip.
 */
const FAST_RECOMMENDATION = compileCheck(FeedRecommendation, { unknownKeys: 'strip' });

/** The outcome of checking one recommendation of a feed. */
export type ReadItem = { ok: true; recommendation: FeedRecommendation } | { ok: false; skipped: SkippedItem };

/**
 * Checks a feed's recommendations one at a time, in order: an invalid one, a repeated id or an id the
 * feed also retracts is skipped with its reason. One reader per feed (it remembers the ids it saw).
 */
export function recommendationReader(feed: Pick<OpenedFeed, 'retractions'>): (item: unknown, index: number) => ReadItem {
  const retracted = new Set(feed.retractions.map((retraction) => retraction.id));
  const seen = new Set<string>();
  return (item, index) => {
    const skip = (category: Category, detail: string): ReadItem => ({ ok: false, skipped: { index, id: usableId(item), ...category, detail } });
    let recommendation = FAST_RECOMMENDATION(item);
    if (recommendation === REFUSED) {
      // Refused by the fast path: the schema itself says why, in the words a skip reports.
      const parsed = FeedRecommendation.safeParse(item);
      if (!parsed.success) return skip(categorize(parsed.error), describeZodError(parsed.error));
      recommendation = parsed.data;
    }
    if (seen.has(recommendation.id)) return skip(DUPLICATE_ID, `id: "${recommendation.id}" appears earlier in the feed`);
    if (retracted.has(recommendation.id)) return skip(RETRACTED_SAME_FEED, `id: "${recommendation.id}" is also listed under retractions`);
    seen.add(recommendation.id);
    return { ok: true, recommendation };
  };
}

/** A feed whose file, signature and expert check out, with its recommendations not yet read (see `recommendationReader`). */
export interface OpenedFeed {
  ok: true;
  expertId: string;
  expert: FeedExpert;
  publishedAt: string;
  /** The recommendations as the feed lists them, unchecked. */
  recommendations: readonly unknown[];
  retractions: FeedRetraction[];
  skippedRetractions: SkippedItem[];
}

/** The verification result once every recommendation of an opened feed has been read. */
export function verifiedFeed(feed: OpenedFeed, accepted: FeedRecommendation[], skipped: SkippedItem[]): FeedAccepted {
  const { expertId, expert, publishedAt, retractions, skippedRetractions } = feed;
  return {
    ok: true,
    expertId,
    expert,
    payload: { expert, publishedAt, recommendations: accepted, retractions },
    accepted,
    retractions,
    skipped,
    skippedRetractions,
    totals: { recommendations: feed.recommendations.length, retractions: retractions.length + skippedRetractions.length },
  };
}

/**
 * Verifies a feed: its text (string or bytes, size-checked before parsing) or its parsed JSON.
 * A bad envelope, key or signature rejects the whole feed; after the signature checks out, each
 * recommendation and retraction is checked on its own and a bad one is skipped with its reason.
 * Never throws.
 */
export async function verifyFeed(input: unknown, options: VerifyOptions = {}): Promise<FeedVerification> {
  const feed = await openFeed(input, options);
  if (!feed.ok) return feed;
  const read = recommendationReader(feed);
  const accepted: FeedRecommendation[] = [];
  const skipped: SkippedItem[] = [];
  feed.recommendations.forEach((item, index) => {
    const result = read(item, index);
    if (result.ok) accepted.push(result.recommendation);
    else skipped.push(result.skipped);
  });
  return verifiedFeed(feed, accepted, skipped);
}

/**
 * Everything `verifyFeed` checks but the recommendations: size, JSON, envelope, signature, expected
 * expert, the payload's expert, dates and list sizes, and the retractions. Storing a feed reads the
 * recommendations itself, one by one as it writes them (see `storeFeedFile`). Never throws.
 */
export async function openFeed(input: unknown, options: VerifyOptions = {}): Promise<OpenedFeed | FeedRejected> {
  const read = readJson(input, MAX_FEED_BYTES, 'feed');
  if (!read.ok) return read;
  const header = checkEnvelopeHeader(read.value);
  if (header) return header;
  const envelope = FeedEnvelope.safeParse(read.value);
  if (!envelope.success) {
    const { detail, issues } = zodDetail(envelope.error);
    return reject('malformed-envelope', `This feed file is damaged: ${detail}.`, { what: 'feed', detail, issues });
  }

  const bytes = new TextEncoder().encode(envelope.data.payload);
  if (bytes.length > MAX_FEED_BYTES) return reject('too-large', tooLargeMessage('feed', MAX_FEED_BYTES), tooLargeParams('feed', MAX_FEED_BYTES));
  // Parse the signed bytes themselves, so what is read is exactly what was signed. A well-formed string
  // (no lone surrogate) without a leading byte-order mark decodes from its UTF-8 bytes to itself, so
  // then the text is parsed as it is, without decoding megabytes again.
  const text = envelope.data.payload;
  const signedText = text.isWellFormed() && !text.startsWith('\uFEFF') ? text : new TextDecoder().decode(bytes);
  let payload: unknown;
  try {
    payload = JSON.parse(signedText);
  } catch {
    return reject('malformed-payload', 'This feed is damaged: its payload is not valid JSON.', { problem: 'json' });
  }
  const publicKeyText = isRecord(payload) && isRecord(payload.expert) ? payload.expert.publicKey : undefined;
  if (typeof publicKeyText !== 'string') {
    return reject('malformed-payload', 'This feed names no expert key (payload.expert.publicKey), so it cannot be checked.', { problem: 'no-key' });
  }
  const publicKey = await importPublicKey(publicKeyText);
  if (!publicKey) return reject('bad-public-key', 'This feed’s expert key is not a valid Ed25519 public key, so the feed cannot be trusted.');
  const signature = fromBase64Url(envelope.data.signature);
  // The key's fingerprint is hashed while the signature is checked (both off this thread).
  const expertIdOf = fingerprint(publicKeyText);
  expertIdOf.catch(() => undefined); // awaited below, unless the signature fails first
  if (!signature || !(await verifyBytes(publicKey, signature, bytes))) {
    return reject(
      'bad-signature',
      'This feed’s signature does not match its contents: it was changed after the expert signed it, or damaged on the way. Get it again from the expert’s own address.',
    );
  }
  const expertId = await expertIdOf;
  if (options.expectedExpertId !== undefined && options.expectedExpertId !== expertId) {
    return reject(
      'wrong-expert',
      `This feed is signed by a different key (${expertId}) than the expert you follow (${options.expectedExpertId}). A new key is a new expert: follow it separately only if you trust it.`,
      { expertId, expected: options.expectedExpertId },
    );
  }

  const shell = FeedPayloadShell.safeParse(payload);
  if (!shell.success) {
    const { detail, issues } = zodDetail(shell.error);
    return reject('malformed-payload', `This feed is signed but not valid: ${detail}.`, { problem: 'invalid', detail, issues });
  }
  const { retractions, skipped: skippedRetractions } = readRetractions(shell.data.retractions);
  const { expert, publishedAt, recommendations } = shell.data;
  return { ok: true, expertId, expert, publishedAt, recommendations, retractions, skippedRetractions };
}

const plural = (count: number, word: string) => `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;

/** The skipped items by reason, most common first (ties in the English reason's order). */
function reasonGroups(skipped: readonly SkippedItem[]): { reason: string; group: SkipGroup }[] {
  const groups = new Map<string, { reason: string; group: SkipGroup }>();
  for (const item of skipped) {
    const entry = groups.get(item.reason);
    if (entry) entry.group.count++;
    else groups.set(item.reason, { reason: item.reason, group: { code: item.code, ...(item.field !== undefined && { field: item.field.slice(0, 100) }), count: 1 } });
  }
  return [...groups.values()].sort((a, b) => b.group.count - a.group.count || a.reason.localeCompare(b.reason));
}

/** "link host not allowed" or "link host not allowed (2), invalid rating (1)", most common first. */
function groupReasons(skipped: readonly SkippedItem[]): string {
  const groups = reasonGroups(skipped);
  return groups.length === 1 ? (groups[0]?.reason ?? '') : groups.map(({ reason, group }) => `${reason} (${group.count})`).join(', ');
}

/** summarizeFeed's line as data, stored beside it so the popup can say it in the UI language. */
export function summarizeFeedInfo(result: FeedAccepted): FeedSummaryInfo {
  const groups = (skipped: readonly SkippedItem[]) => reasonGroups(skipped).slice(0, MAX_SKIP_GROUPS).map(({ group }) => group);
  return {
    total: result.totals.recommendations,
    accepted: result.accepted.length,
    skipped: result.skipped.length,
    reasons: groups(result.skipped),
    retractions: result.totals.retractions,
    skippedRetractions: result.skippedRetractions.length,
    retractionReasons: groups(result.skippedRetractions),
  };
}

/**
 * One line about a verification: the rejection reason, or e.g.
 * "3 of 120 recommendations skipped: link host not allowed" / "120 recommendations accepted".
 */
export function summarizeFeed(result: FeedVerification): string {
  if (!result.ok) return result.reason;
  const parts: string[] = [];
  const { recommendations, retractions } = result.totals;
  if (result.skipped.length > 0) {
    parts.push(`${result.skipped.length.toLocaleString('en')} of ${plural(recommendations, 'recommendation')} skipped: ${groupReasons(result.skipped)}`);
  } else {
    parts.push(`${plural(recommendations, 'recommendation')} accepted`);
  }
  if (result.skippedRetractions.length > 0) {
    parts.push(`${result.skippedRetractions.length.toLocaleString('en')} of ${plural(retractions, 'retraction')} skipped: ${groupReasons(result.skippedRetractions)}`);
  }
  return parts.join('; ');
}
