import type { DBSchema } from 'idb';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { isAvatarDataUrl, MAX_AVATAR_DATA_URL_LENGTH } from '../avatar/stored-avatar';
import { COLLECTION_DESCRIPTION_MAX, COLLECTION_NAME_MAX, CURATOR_MAX, MAX_COLLECTION_FEEDS, MAX_URL_LENGTH } from '../feed/limits';
import { CollectionSummaryInfo, FeedErrorInfo, FeedSummaryInfo, storedInfo } from '../feed/status-info';
import { HttpsUrl, Platform, Price } from '../product';
import { MAX_CART_QUANTITY } from './limits';

/*
 * Records Haowu keeps in IndexedDB. Every record is validated with these schemas where it crosses a
 * boundary (messages, backups); the DBSchema below is inferred from them so the two cannot drift.
 * Times are epoch milliseconds. Every record carries `updatedAt` so an import can keep the newer copy.
 */

const Time = z.number().int().nonnegative();
const Text = (max: number) => z.string().max(max);
const NonEmpty = (max: number) => z.string().min(1, 'must not be empty').max(max);

/** `platform:productId`, as built by detection and used by feeds. */
export const ProductKey = z
  .string()
  .min(3)
  .max(220)
  .regex(/^[a-z]+:.+$/, 'must look like "platform:id"');
export type ProductKey = z.infer<typeof ProductKey>;

/** A price change becomes a point; the oldest points drop off past this many. */
export const MAX_PRICE_HISTORY = 100;

/**
 * Where a point came from (issue 17): the shopper's visit to the page, a background check, or an
 * expert's price when recommended. Optional, no database version: absent reads as 'visit'.
 */
export const PriceSource = z.enum(['visit', 'check', 'expert']);
export type PriceSource = z.infer<typeof PriceSource>;
export const PricePoint = z.object({ at: Time, price: z.nullable(Price), source: PriceSource.optional() });
export type PricePoint = z.infer<typeof PricePoint>;

export const ProductRecord = z.object({
  key: ProductKey,
  platform: Platform,
  productId: NonEmpty(200),
  canonicalUrl: HttpsUrl,
  title: NonEmpty(500),
  imageUrl: z.nullable(HttpsUrl),
  shopName: NonEmpty(200).nullable(),
  storeDomain: z.string().min(3).max(253),
  lastPrice: z.nullable(Price),
  priceHistory: z.array(PricePoint).max(MAX_PRICE_HISTORY),
  firstSeenAt: Time,
  lastSeenAt: Time,
  updatedAt: Time,
});
export type ProductRecord = z.infer<typeof ProductRecord>;

/**
 * The copy of an expert's avatar the background fetched once (utils/avatar/avatar-copy.ts), which
 * every UI shows instead of loading `avatarUrl` (utils/avatar/stored-avatar.ts).
 */
export const AvatarCopy = z.object({
  /** The avatar address the copy was made from; a copy of another address than the record's `avatarUrl` is not shown. */
  sourceUrl: HttpsUrl,
  /**
   * The re-encoded image (≤ 96×96 PNG or WebP, base64), or null: the fetch failed, and is tried again
   * only when the address changes or a week later. Checked strictly because backups import it.
   */
  dataUrl: z
    .string()
    .max(MAX_AVATAR_DATA_URL_LENGTH, `must be at most ${MAX_AVATAR_DATA_URL_LENGTH} characters`)
    .refine(isAvatarDataUrl, 'must be a base64 data:image/png or data:image/webp URL')
    .nullable(),
  /** When the copy was made, or the fetch failed. */
  fetchedAt: Time,
});
export type AvatarCopy = z.infer<typeof AvatarCopy>;

export const ExpertRecord = z.object({
  /** A feed expert's public-key fingerprint, or the local id of the user's own expert profile. */
  id: NonEmpty(128),
  kind: z.enum(['feed', 'local']),
  displayName: NonEmpty(100),
  bio: Text(2000),
  avatarUrl: z.nullable(HttpsUrl),
  feedUrl: z.nullable(HttpsUrl),
  followed: z.boolean(),
  followedAt: Time.nullable(),
  feedStatus: z.object({
    /** Last successful check of the feed (a 304 counts). */
    lastFetchedAt: Time.nullable(),
    lastError: Text(500).nullable(),
    etag: Text(200).nullable(),
    /*
     * Added by feed following without a database version: optional fields change no store or index,
     * records written before simply lack them (read as null), and backups without them still import.
     */
    /** The server's Last-Modified, sent back as If-Modified-Since. */
    lastModified: Text(200).nullable().optional(),
    /** When a refresh of this feed last started; later than lastCheckedAt means it was interrupted. */
    lastAttemptAt: Time.nullable().optional(),
    /** When a refresh last finished, successfully or not. */
    lastCheckedAt: Time.nullable().optional(),
    /** summarizeFeed's line for the last stored feed, e.g. "3 of 120 recommendations skipped: link host not allowed". */
    summary: Text(500).nullable().optional(),
    /** `summary` as counts and skip codes, to say it in the UI language (describe-status.ts). */
    summaryInfo: storedInfo(FeedSummaryInfo),
    /** `lastError` as a code with parameters; null or absent: only the English `lastError` is known. */
    lastErrorInfo: storedInfo(FeedErrorInfo),
    /**
     * The `publishedAt` (epoch ms, at most a day ahead of when it was stored) of the newest feed
     * accepted for this key: an older feed is refused (utils/feed/rollback.ts). Absent on records
     * stored before it was kept: the next accepted feed sets it.
     */
    publishedAt: Time.nullable().optional(),
  }),
  /*
   * Added without a database version, like the optional feedStatus fields above: absent on records
   * written before (and in older backups), which simply have no copy yet.
   */
  avatarCopy: AvatarCopy.optional(),
  /*
   * Added with the expert page and the Picks tab (no database version needed for these fields):
   * absent means the default.
   */
  /** Whether this expert's picks show on product pages (the expert page's switch); absent: shown. */
  showOnProductPages: z.boolean().optional(),
  /** When a stored feed last brought picks Haowu did not have before (see `receivedAt`); absent: never since this field exists. */
  lastArrivalAt: Time.optional(),
  updatedAt: Time,
});
export type ExpertRecord = z.infer<typeof ExpertRecord>;

export const Rating = z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5');

export const RecommendationRecord = z.object({
  id: NonEmpty(128),
  expertId: NonEmpty(128),
  productKey: ProductKey,
  /** What the product looked like when recommended, so a pick can be shown before the page is visited. */
  snapshot: z.object({
    title: NonEmpty(500),
    imageUrl: z.nullable(HttpsUrl),
    price: z.nullable(Price),
  }),
  reason: Text(2000),
  rating: Rating,
  stockNote: Text(200).nullable(),
  tags: z.array(NonEmpty(40)).max(20),
  /** Checked against the partner hosts in `isAllowedPartnerLink` (utils/db/partner-link.ts). */
  partnerLink: z.nullable(HttpsUrl),
  createdAt: Time,
  updatedAt: Time,
  expiresAt: Time.nullable(),
  /** Kept as a tombstone so a feed update can retract a pick. */
  deleted: z.boolean(),
  /*
   * Optional, added in database version 3 (which indexes `updatedAt` for the Picks tab): absent on
   * records stored before.
   */
  /** When this pick first reached Haowu (from a feed); what "new since you last looked" compares. */
  receivedAt: Time.optional(),
  /** The product page the feed named for this pick (checked to be on the product's store when it was stored). */
  productUrl: z.optional(HttpsUrl),
});
export type RecommendationRecord = z.infer<typeof RecommendationRecord>;

export const SavedRecord = z.object({
  productKey: ProductKey,
  savedAt: Time,
  note: Text(1000),
  viaExpertId: NonEmpty(128).nullable(),
  /** When to tell the user about a price change found by a background check (issue 17); absent: never. Optional, no database version. */
  priceAlert: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('any') }),
      z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(99) }),
      z.object({ kind: z.literal('below'), target: Price }),
    ])
    .optional(),
  updatedAt: Time,
});
export type SavedRecord = z.infer<typeof SavedRecord>;

/**
 * A saved item as stored since database version 6: beside the user's own fields, a copy of its product
 * record as last written (null while Haowu has none), so the Saved tab's first rows are one indexed
 * read (README, "Database version 6"). Derived data, never in a backup or a message: every writer of a
 * product or a saved item keeps it in step through utils/db/saved-copy.ts, in the same transaction.
 */
export type StoredSaved = SavedRecord & { product: ProductRecord | null };

export { MAX_CART_QUANTITY };
export const Quantity = z
  .number()
  .int('must be a whole number')
  .min(1, `must be between 1 and ${MAX_CART_QUANTITY}`)
  .max(MAX_CART_QUANTITY, `must be between 1 and ${MAX_CART_QUANTITY}`);

/** Variant or size as the user picked it; '' when the product has none. Part of the line's key. */
export const Variant = Text(200);

export const CartRecord = z.object({
  productKey: ProductKey,
  variant: Variant,
  /** The store the line is checked out at: the platform, or the domain for `site` products. */
  store: NonEmpty(253),
  quantity: Quantity,
  addedAt: Time,
  /** The pick the line came through; its partner link is used at checkout. */
  viaRecommendationId: NonEmpty(128).nullable(),
  updatedAt: Time,
});
export type CartRecord = z.infer<typeof CartRecord>;
export type CartLineKey = [productKey: string, variant: string];

/** A cart line marked as bought at checkout (database version 2), with what it cost then. */
export const PurchaseRecord = z.object({
  /** JSON of [boughtAt, productKey, variant]: a line leaves the cart when bought, so it cannot repeat. */
  id: NonEmpty(500),
  productKey: ProductKey,
  variant: Variant,
  store: NonEmpty(253),
  quantity: Quantity,
  /** The product's title when bought (the product record may change or be missing). */
  title: NonEmpty(500),
  /** The unit price last seen before buying; null when unknown. */
  unitPrice: z.nullable(Price),
  viaRecommendationId: NonEmpty(128).nullable(),
  viaExpertId: NonEmpty(128).nullable(),
  boughtAt: Time,
  updatedAt: Time,
});
export type PurchaseRecord = z.infer<typeof PurchaseRecord>;

/** A followed collection's refresh state, like an expert's feedStatus. */
export const CollectionStatus = z.object({
  lastFetchedAt: Time.nullable(),
  lastAttemptAt: Time.nullable(),
  lastCheckedAt: Time.nullable(),
  lastError: Text(500).nullable(),
  etag: Text(200).nullable(),
  lastModified: Text(200).nullable(),
  /** e.g. "2 of 3 feeds accepted; feeds[2]: This feed’s signature does not match its contents…" */
  summary: Text(500).nullable(),
  /*
   * Optional (added after the fields above, when collections still lived in storage.local): entries
   * stored before them still read. `summary` and `lastError` as data, to say them in the UI language
   * (describe-status.ts); absent or null, the English sentence is shown.
   */
  summaryInfo: storedInfo(CollectionSummaryInfo),
  lastErrorInfo: storedInfo(FeedErrorInfo),
});
export type CollectionStatus = z.infer<typeof CollectionStatus>;

/**
 * A collection the user follows (database version 4; before, a list in storage.local). It only says
 * which experts it bundles: the experts and their picks are ordinary records, written in the same
 * transaction as this record (utils/feed/followed-collections.ts).
 */
export const CollectionRecord = z.object({
  /** Its URL, or `file:` and a random id for a collection imported from a file (never refreshed). */
  id: NonEmpty(MAX_URL_LENGTH + 10),
  url: z.nullable(HttpsUrl.check(zm.maxLength(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`))),
  name: NonEmpty(COLLECTION_NAME_MAX),
  description: Text(COLLECTION_DESCRIPTION_MAX).nullable(),
  curator: Text(CURATOR_MAX).nullable(),
  /** The experts (fingerprints) whose feeds it bundled at the last good read. */
  expertIds: z.array(NonEmpty(128)).max(MAX_COLLECTION_FEEDS),
  followedAt: Time,
  status: CollectionStatus,
  updatedAt: Time,
});
export type CollectionRecord = z.infer<typeof CollectionRecord>;

/**
 * What a pick needs of its expert to be listed with them (the price history's expert points, the
 * order and filter of product-page picks): who they are, whether they are followed and shown on
 * product pages. Since database version 6 each chunk carries its expert's card, so a product's picks
 * and their experts are one indexed read. Left out, because every chunk of the expert would be written
 * again each time they change: the feed status (every refresh) and the avatar's stored copy (up to
 * 48 KB, fetched again when its address changes). The product page reads the whole records beside the
 * picks for those (utils/background/product-pages.ts).
 */
export type ExpertCard = Pick<ExpertRecord, 'id' | 'kind' | 'displayName' | 'avatarUrl' | 'feedUrl' | 'followed' | 'showOnProductPages'>;

/** The card of an expert record, field by field (absent optional fields stay absent, so cards compare as JSON). */
export function expertCardOf(expert: ExpertRecord): ExpertCard {
  return {
    id: expert.id,
    kind: expert.kind,
    displayName: expert.displayName,
    avatarUrl: expert.avatarUrl,
    feedUrl: expert.feedUrl,
    followed: expert.followed,
    ...(expert.showOnProductPages !== undefined && { showOnProductPages: expert.showOnProductPages }),
  };
}

/**
 * Picks as stored since database version 5: an expert's picks in chunks of up to `PICKS_PER_CHUNK`
 * (utils/db/pick-chunks.ts), so storing 10,000 picks writes 400 values instead of 10,000 records.
 * The lists beside `picks` are derived from them on every write, for the multi-entry indexes.
 */
export interface PickChunk {
  /** [expertId, sequence number]: one expert's chunks are one key range. */
  key: [expertId: string, seq: number];
  picks: RecommendationRecord[];
  /** The products of `picks` (index `by-product`: a product's picks). */
  productKeys: string[];
  /** The ids of `picks` (index `by-id`: one pick, as the cart and checkout refer to it). */
  ids: string[];
  /** [updatedAt, id] of each pick (index `by-updatedAt`: the Picks tab, newest first). */
  stamps: [updatedAt: number, id: string][];
  /**
   * Since version 6: the card of the expert whose chunk this is, as their record stands (null while
   * Haowu holds no record of them: their picks are not shown). Kept in step by utils/db/pick-chunks.ts.
   * Absent on a chunk version 5 wrote until it gets one (fillMissingCards, or its next write).
   */
  expert?: ExpertCard | null;
}

/** How many picks (tombstones included) an expert's chunks hold, kept beside them in the same transaction. */
export interface PickCount {
  expertId: string;
  picks: number;
}

export const STORE = {
  products: 'products',
  experts: 'experts',
  pickChunks: 'pickChunks',
  pickCounts: 'pickCounts',
  saved: 'saved',
  cart: 'cart',
  purchases: 'purchases',
  collections: 'collections',
} as const;

export interface HaowuSchema extends DBSchema {
  products: { key: string; value: ProductRecord };
  experts: { key: string; value: ExpertRecord; indexes: { 'by-followedAt': number } };
  pickChunks: {
    key: [string, number];
    value: PickChunk;
    indexes: { 'by-product': string; 'by-id': string; 'by-updatedAt': [number, string] };
  };
  pickCounts: { key: string; value: PickCount };
  saved: { key: string; value: StoredSaved; indexes: { 'by-savedAt': [number, string] } };
  cart: { key: CartLineKey; value: CartRecord; indexes: { 'by-store': string } };
  purchases: { key: string; value: PurchaseRecord; indexes: { 'by-boughtAt': number } };
  collections: { key: string; value: CollectionRecord };
}

/**
 * The layout before version 5, which only the upgrade steps read: one record per pick. Version 5's
 * step moves these records into `pickChunks` and deletes the store.
 */
export interface UpgradeSchema extends HaowuSchema {
  recommendations: {
    key: string;
    value: RecommendationRecord;
    indexes: { 'by-product': string; 'by-expert': string; 'by-updatedAt': [number, string] };
  };
}
