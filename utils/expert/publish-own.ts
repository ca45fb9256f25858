import type { IDBPTransaction } from 'idb';
import type { HaowuDb } from '../db/open';
import { picksOfExpert } from '../db/pick-chunks';
import type { HaowuSchema, ProductRecord, RecommendationRecord } from '../db/schema';
import type { FeedEnvelope } from '../feed/schema';
import { signCheckedPayload } from '../feed/crypto';
import { buildFeedPayload, encodeFeedFile, type OmittedPick } from '../feed/publish';
import type { IdentityRecord } from './key-store';
import { requireIdentity } from './profile';

/** One of the expert's own records (tombstones too) with the product it is for, null when it is no longer stored. */
export interface OwnPick {
  recommendation: RecommendationRecord;
  product: ProductRecord | null;
}

export interface PublishedFeed {
  filename: string;
  /** The signed feed file, exactly as it should be hosted. */
  text: string;
  expertId: string;
  published: number;
  retracted: number;
  /** Live picks that could not go into the feed, each with why. */
  omitted: OmittedPick[];
  /** The records the feed was built from (tombstones too), for the window's pages: one read for both. */
  picks: OwnPick[];
}

/** signOwnFeed's feed, with the envelope `text` encodes as signCheckedPayload made and verified it (`verifiedHere`), for publishing's check. */
export interface SignedOwnFeed extends PublishedFeed {
  envelope: FeedEnvelope;
  /** `text` in UTF-8, encoded once from `envelope` (encodeFeedFile: publishing uploads these bytes). */
  bytes: Uint8Array;
}

export interface OwnFeedOptions {
  /** The address of the expert's window, announced in the feed (`expert.window`) so followers can open it. */
  window?: string | null;
}

export const feedFileName = (expertId: string) => `haowu-feed-${expertId.slice('ed25519:'.length, 'ed25519:'.length + 8)}.json`;

/**
 * A range read is chosen while the store holds at most this many products for each one asked for
 * between the first and the last key: one request reading twice the records costs far less than a
 * request per product (in Chromium each request is a round trip to the database process).
 */
const DENSE_RANGE = 2;

type OwnPicksTx = IDBPTransaction<HaowuSchema, ['pickChunks', 'products'], 'readonly'>;

/** A range of product keys read whole, and the most products it may hold for that read to be kept. */
interface ProductRange {
  first: string;
  last: string;
  limit: number;
}

/*
 * The range the last read took whole (this worker's memory): publishing again after an edit asks for
 * the same products, so the next read starts reading it beside the chunks rather than after them.
 */
let lastDenseRange: ProductRange | null = null;

/** The products in `range` (at most `limit` and one: more says the range is no longer dense), as a request started now. */
const readRange = (tx: OwnPicksTx, range: ProductRange): Promise<ProductRecord[]> =>
  tx.objectStore('products').getAll(IDBKeyRange.bound(range.first, range.last), range.limit + 1);

/**
 * The products of `keys`, in the transaction: one `getAll` over the range from the first to the last
 * key when the products between them are mostly these (an expert whose data is mostly their own
 * picks' products), otherwise one `get` per product. One `count` decides, unless `early` (the last
 * dense range, read meanwhile) covers every key and is still dense.
 */
async function productsByKey(tx: OwnPicksTx, keys: readonly string[], early: { range: ProductRange; read: Promise<ProductRecord[]> } | null): Promise<Map<string, ProductRecord>> {
  const store = tx.objectStore('products');
  // IndexedDB orders string keys by UTF-16 code units, as sort() does.
  const wanted = [...new Set(keys)].sort();
  lastDenseRange = null;
  if (wanted.length === 0) return new Map();
  const asked = new Set(wanted);
  const dense: ProductRange = { first: wanted[0]!, last: wanted.at(-1)!, limit: wanted.length * DENSE_RANGE };
  const byKey = (products: readonly ProductRecord[]) => new Map(products.filter((product) => asked.has(product.key)).map((product) => [product.key, product]));
  if (early && early.range.first <= dense.first && dense.last <= early.range.last) {
    const read = await early.read;
    // The whole range (fewer than asked for), and as dense as a count would require.
    if (read.length <= early.range.limit && read.length <= dense.limit) {
      lastDenseRange = dense;
      return byKey(read);
    }
  }
  const range = IDBKeyRange.bound(dense.first, dense.last);
  if (wanted.length > 1 && (await store.count(range)) <= dense.limit) {
    lastDenseRange = dense;
    return byKey(await store.getAll(range));
  }
  const found = await Promise.all(wanted.map((key) => store.get(key)));
  return new Map(found.flatMap((product) => (product ? [[product.key, product] as const] : [])));
}

/** Every record of the expert's own (tombstones included: they become retractions) with its product, in one transaction. */
export async function readOwnPicks(db: HaowuDb, expertId: string): Promise<OwnPick[]> {
  const tx = db.transaction(['pickChunks', 'products'], 'readonly');
  const guess = lastDenseRange;
  const early = guess && { range: guess, read: readRange(tx, guess) };
  early?.read.catch(() => undefined); // awaited below, unless the range no longer covers the picks
  const recommendations = await picksOfExpert(tx, expertId);
  const products = await productsByKey(tx, recommendations.map((r) => r.productKey), early);
  await tx.done;
  return recommendations.map((recommendation) => ({ recommendation, product: products.get(recommendation.productKey) ?? null }));
}

/** Signs the feed of `picks` (read by readOwnPicks) with the identity's key: every live pick, a retraction for each deleted one, the profile and public key. */
export async function signOwnFeed(identity: IdentityRecord, picks: OwnPick[], now: number, options: OwnFeedOptions = {}): Promise<SignedOwnFeed> {
  const profile = { publicKey: identity.publicKey, ...identity.profile, ...(options.window && { window: options.window }) };
  const { payload, text: payloadText, omitted } = buildFeedPayload(profile, picks, [], now);
  // buildFeedPayload checked every pick and the payload's shell (signCheckedPayload says why that is enough).
  const envelope = await signCheckedPayload(payload, identity.keyPair.privateKey, payloadText);
  const { text, bytes } = encodeFeedFile(envelope);
  return {
    filename: feedFileName(identity.expertId),
    text,
    bytes,
    envelope,
    expertId: identity.expertId,
    published: payload.recommendations.length,
    retracted: payload.retractions.length,
    omitted,
    picks,
  };
}

/**
 * Builds and signs the expert's feed in the background, where the key is. Only the signed file leaves.
 */
export async function publishOwnFeed(db: HaowuDb, now: number, options: OwnFeedOptions = {}): Promise<PublishedFeed> {
  const identity = await requireIdentity();
  // The Studio gets the file, not the envelope again.
  const { filename, text, expertId, published, retracted, omitted, picks } = await signOwnFeed(identity, await readOwnPicks(db, identity.expertId), now, options);
  return { filename, text, expertId, published, retracted, omitted, picks };
}
