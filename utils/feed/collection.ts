import { HaowuError, zodDetail } from '../errors';
import { COLLECTION_FORMAT, COLLECTION_VERSION, FEED_FORMAT, MAX_COLLECTION_BYTES } from './limits';
import { Collection, CollectionShell, type FeedEnvelope } from './schema';
import type { FeedErrorParams } from './status-codes';
import { readJson, verifyFeed, type FeedRejected, type FeedVerification } from './verify';

/*
 * A collection bundles experts' signed feeds into one file (a starter pack a curator shares). The
 * collection itself is not signed and vouches for nothing: every feed inside is verified on its own,
 * so a forged or tampered feed is rejected while the others are accepted.
 */

export interface CollectionFeedResult {
  /** The feed's position in the collection. */
  index: number;
  result: FeedVerification;
}

export type CollectionVerification =
  | {
      ok: true;
      name: string;
      description?: string;
      curator?: string;
      feeds: CollectionFeedResult[];
    }
  | FeedRejected;

const reject = (code: FeedRejected['code'], reason: string, params?: FeedErrorParams): FeedRejected => ({ ok: false, code, reason, ...(params && { params }) });

/**
 * Verifies a collection (text, bytes or parsed JSON; size-checked before parsing) and then each of its
 * feeds. When one expert appears more than once, the copy published last is kept and the others are
 * rejected, so one collection never gives two versions of the same expert. Never throws.
 */
export async function verifyCollection(input: unknown): Promise<CollectionVerification> {
  const read = readJson(input, MAX_COLLECTION_BYTES, 'collection');
  if (!read.ok) return read;
  const value = read.value as { format?: unknown; version?: unknown } | null;
  if (typeof value !== 'object' || value === null || value.format !== COLLECTION_FORMAT) {
    return value !== null && typeof value === 'object' && value.format === FEED_FORMAT
      ? reject('not-a-feed', 'This is a single expert’s feed, not a collection: open it as a feed.', { expected: 'collection', found: 'feed' })
      : reject('not-a-feed', 'This is not a Haowu collection (it has no "format": "haowu-collection"). Check the address or file you opened.', { expected: 'collection' });
  }
  if (typeof value.version === 'number' && Number.isInteger(value.version) && value.version > COLLECTION_VERSION) {
    return reject('unsupported-version', `This collection uses format version ${value.version}; this Haowu reads version ${COLLECTION_VERSION}. Update Haowu to read it.`, {
      what: 'collection',
      version: value.version,
      supported: COLLECTION_VERSION,
    });
  }
  const shell = CollectionShell.safeParse(value);
  if (!shell.success) {
    const { detail, issues } = zodDetail(shell.error);
    return reject('malformed-envelope', `This collection file is damaged: ${detail}.`, { what: 'collection', detail, issues });
  }

  // One at a time: a collection may hold hundreds of large feeds, and verification is quick per feed.
  const feeds: CollectionFeedResult[] = [];
  for (const [index, feed] of shell.data.feeds.entries()) {
    // Entries are envelope objects; text or bytes are not read as a feed file here.
    const result = typeof feed === 'object' && feed !== null && !Array.isArray(feed)
      ? await verifyFeed(feed)
      : reject('not-a-feed', 'This entry is not a feed (a JSON object with "format": "haowu-feed").', { expected: 'entry' });
    feeds.push({ index, result });
  }
  keepLatestPerExpert(feeds);
  const { name, description, curator } = shell.data;
  return { ok: true, name, ...(description !== undefined && { description }), ...(curator !== undefined && { curator }), feeds };
}

function keepLatestPerExpert(feeds: CollectionFeedResult[]): void {
  const latest = new Map<string, CollectionFeedResult>();
  for (const entry of feeds) {
    if (!entry.result.ok) continue;
    const current = latest.get(entry.result.expertId);
    if (!current || (current.result.ok && Date.parse(entry.result.payload.publishedAt) > Date.parse(current.result.payload.publishedAt))) {
      latest.set(entry.result.expertId, entry);
    }
  }
  for (const entry of feeds) {
    if (!entry.result.ok || latest.get(entry.result.expertId) === entry) continue;
    const kept = latest.get(entry.result.expertId);
    entry.result = reject(
      'duplicate-expert',
      `This expert (${entry.result.expertId}) is also in this collection at feeds[${kept?.index ?? 0}], published as late or later; that copy is used.`,
      { expertId: entry.result.expertId, index: kept?.index ?? 0 },
    );
  }
}

/** Bundles signed feeds into a collection file's object; checks the result against the format. */
export function buildCollection(info: { name: string; description?: string; curator?: string }, feeds: readonly FeedEnvelope[]): Collection {
  const parsed = Collection.safeParse({ format: COLLECTION_FORMAT, version: COLLECTION_VERSION, ...info, feeds });
  if (!parsed.success) throw new HaowuError('invalid-input', 'collection.notMade', zodDetail(parsed.error));
  return parsed.data;
}
