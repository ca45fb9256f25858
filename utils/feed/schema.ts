import { z } from 'zod';
import * as zm from 'zod/mini';
import { partnerLinkProblem, isStoreUrl } from '../partner-links';
import { HttpsUrl, Platform, Price } from '../product';
import { registrableDomain } from '../registrable-domain';
import { DisplayNameText, OptionalNameText } from '../expert/display-name-schema';
import * as L from './limits';

/*
 * The feed format, version 1: the single source of truth. An expert's feed is a signed envelope whose
 * `payload` is the exact JSON text that was signed (so no canonical JSON is needed); the payload lists
 * the expert's recommendations and retractions. See tests/fixtures/README-feed-sections.md.
 */

/** Unpadded base64url (RFC 4648 §5) of exactly `length` characters. */
const Base64Url = (length: number, what: string) =>
  z
    .string()
    .length(length, `must be ${what} in base64url (${length} characters)`)
    .regex(/^[A-Za-z0-9_-]*$/, `must be ${what} in base64url (letters, digits, "-" and "_" only)`);

/** An Ed25519 public key: 32 raw bytes, base64url. */
export const PublicKeyText = Base64Url(L.PUBLIC_KEY_BASE64URL_LENGTH, 'a 32-byte Ed25519 public key');
/** An Ed25519 signature: 64 bytes, base64url. */
export const SignatureText = Base64Url(L.SIGNATURE_BASE64URL_LENGTH, 'a 64-byte Ed25519 signature');

export const FeedUrl = HttpsUrl.check(zm.maxLength(L.MAX_URL_LENGTH, `must be at most ${L.MAX_URL_LENGTH} characters`));
/** ISO 8601 date and time with `Z` or an offset, e.g. 2025-03-01T08:00:00Z. */
export const FeedTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time like 2025-03-01T08:00:00Z' });

const Text = (min: number, max: number) =>
  z
    .string()
    .min(min, min <= 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

/** Ids are printable ASCII without spaces, short enough to prefix with the expert id for storage. */
export const FeedItemId = z
  .string()
  .min(1, 'must not be empty')
  .max(L.MAX_ID_LENGTH, `must be at most ${L.MAX_ID_LENGTH} characters`)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const FeedExpert = z.object({
  publicKey: PublicKeyText,
  /** Cleaned of invisible and bidi-control characters (utils/expert/display-name.ts); nothing visible left is refused. */
  name: DisplayNameText(L.EXPERT_NAME_MAX),
  bio: Text(0, L.EXPERT_BIO_MAX).optional(),
  avatarUrl: z.optional(FeedUrl),
  homepage: z.optional(FeedUrl),
  /**
   * The https address of the expert's window (their public page of picks, utils/window/), where
   * followers can see and share the picks. Optional and added without a format version: a Haowu
   * that does not know it strips it when reading, and the signature covers the payload text as sent.
   */
  window: z.optional(FeedUrl),
});
export type FeedExpert = z.infer<typeof FeedExpert>;

/** The expert's profile without the key: what a person edits. */
export const ExpertFeedProfile = FeedExpert.omit({ publicKey: true });
export type ExpertFeedProfile = z.infer<typeof ExpertFeedProfile>;

/** A skip category a person can read, carried on custom issues so summaries can group them. */
export const LINK_HOST_NOT_ALLOWED = 'link host not allowed';
export const PRODUCT_URL_NOT_ON_STORE = 'product URL not on its store';

export const FeedProduct = z
  .object({
    /** `platform:productId`, the key detection builds for the product page. */
    key: Text(3, L.PRODUCT_KEY_MAX),
    platform: Platform,
    productId: Text(1, L.PRODUCT_ID_MAX),
    /** The product's canonical https URL on its store. */
    url: FeedUrl,
    title: Text(1, L.PRODUCT_TITLE_MAX),
    imageUrl: z.optional(FeedUrl),
    /** The price when the expert recommended it, in minor units. */
    price: z.optional(Price),
    shopName: Text(1, L.SHOP_NAME_MAX).optional(),
  })
  .superRefine((product, ctx) => {
    if (product.key !== `${product.platform}:${product.productId}`) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: `must be "${product.platform}:${product.productId}" (platform:productId)` });
    }
    // The URL decides which hosts the partner link may use, so it must really be on the product's store.
    if (!productUrlOnStore(product)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: product.platform === 'site' ? 'must be on the domain that starts the productId' : `must be a ${product.platform} URL`,
        params: { category: PRODUCT_URL_NOT_ON_STORE },
      });
    }
  });
export type FeedProduct = z.infer<typeof FeedProduct>;

/**
 * A known store's product must be on its own domains; a `site` product's id starts with its store's
 * registrable domain (`example-shop.de/sku-1`), and its URL must be on that domain.
 */
function productUrlOnStore(product: Pick<FeedProduct, 'platform' | 'productId' | 'url'>): boolean {
  if (product.platform !== 'site') return isStoreUrl(product.url, product.platform);
  // Refinements also run on strings that failed their format checks: the URL may not parse.
  if (!URL.canParse(product.url)) return false;
  const url = new URL(product.url);
  if (url.username !== '' || url.password !== '' || url.port !== '') return false;
  return product.productId.startsWith(`${registrableDomain(url.hostname)}/`);
}

const Time = (value: string) => Date.parse(value);

export const FeedRecommendation = z
  .object({
    /** Unique within the feed; the same id in a later feed updates the recommendation. */
    id: FeedItemId,
    product: FeedProduct,
    reason: Text(L.REASON_MIN, L.REASON_MAX),
    rating: z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5'),
    stockNote: Text(0, L.STOCK_NOTE_MAX).optional(),
    tags: z.array(Text(1, L.TAG_MAX)).max(L.MAX_TAGS, `must have at most ${L.MAX_TAGS} tags`).optional(),
    /** The expert's partner (affiliate) link: https, on the product's store's own or short-link hosts. */
    partnerLink: FeedUrl,
    createdAt: FeedTime,
    updatedAt: FeedTime,
    expiresAt: FeedTime.optional(),
  })
  .superRefine((recommendation, ctx) => {
    const problem = partnerLinkProblem(recommendation.partnerLink, recommendation.product);
    if (problem) ctx.addIssue({ code: 'custom', path: ['partnerLink'], message: problem, params: { category: LINK_HOST_NOT_ALLOWED } });
    if (Time(recommendation.updatedAt) < Time(recommendation.createdAt)) {
      ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'must not be before createdAt' });
    }
    if (recommendation.expiresAt !== undefined && Time(recommendation.expiresAt) <= Time(recommendation.createdAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after createdAt' });
    }
  });
export type FeedRecommendation = z.infer<typeof FeedRecommendation>;

/** A recommendation the expert withdrew: followers delete their copy. */
export const FeedRetraction = z.object({ id: FeedItemId, retractedAt: FeedTime });
export type FeedRetraction = z.infer<typeof FeedRetraction>;

const tooMany = (what: string, max: number) => `must list at most ${max.toLocaleString('en')} ${what}`;

/** What a reader checks before looking at items: the items themselves are checked one by one. */
export const FeedPayloadShell = z.object({
  expert: FeedExpert,
  publishedAt: FeedTime,
  recommendations: z.array(z.unknown()).max(L.MAX_RECOMMENDATIONS, tooMany('recommendations', L.MAX_RECOMMENDATIONS)),
  retractions: z.array(z.unknown()).max(L.MAX_RETRACTIONS, tooMany('retractions', L.MAX_RETRACTIONS)),
});

/** A complete, valid payload: what publishing produces and what a verified feed's accepted data satisfies. */
export const FeedPayload = FeedPayloadShell.extend({
  recommendations: z.array(FeedRecommendation).max(L.MAX_RECOMMENDATIONS, tooMany('recommendations', L.MAX_RECOMMENDATIONS)),
  retractions: z.array(FeedRetraction).max(L.MAX_RETRACTIONS, tooMany('retractions', L.MAX_RETRACTIONS)),
}).superRefine((payload, ctx) => {
  const ids = new Map<string, number>();
  payload.recommendations.forEach((recommendation, index) => {
    const first = ids.get(recommendation.id);
    if (first === undefined) ids.set(recommendation.id, index);
    else ctx.addIssue({ code: 'custom', path: ['recommendations', index, 'id'], message: `repeats the id of recommendations[${first}]` });
  });
  const retracted = new Set<string>();
  payload.retractions.forEach((retraction, index) => {
    if (retracted.has(retraction.id)) ctx.addIssue({ code: 'custom', path: ['retractions', index, 'id'], message: 'is retracted twice' });
    else if (ids.has(retraction.id)) ctx.addIssue({ code: 'custom', path: ['retractions', index, 'id'], message: 'is also a live recommendation in this feed' });
    retracted.add(retraction.id);
  });
});
export type FeedPayload = z.infer<typeof FeedPayload>;

/** The signed file. `payload` is JSON text; `signature` is Ed25519 over its UTF-8 bytes. */
export const FeedEnvelope = z.object({
  format: z.literal(L.FEED_FORMAT),
  version: z.literal(L.FEED_VERSION),
  payload: z.string().min(2).max(L.MAX_FEED_BYTES, `must be at most ${L.MAX_FEED_BYTES} characters`),
  signature: SignatureText,
});
export type FeedEnvelope = z.infer<typeof FeedEnvelope>;

const CollectionFields = {
  format: z.literal(L.COLLECTION_FORMAT),
  version: z.literal(L.COLLECTION_VERSION),
  name: DisplayNameText(L.COLLECTION_NAME_MAX),
  description: Text(0, L.COLLECTION_DESCRIPTION_MAX).optional(),
  curator: OptionalNameText(L.CURATOR_MAX).optional(),
};

/** What a reader checks of a collection: each bundled feed is then verified on its own. */
export const CollectionShell = z.object({
  ...CollectionFields,
  feeds: z.array(z.unknown()).max(L.MAX_COLLECTION_FEEDS, tooMany('feeds', L.MAX_COLLECTION_FEEDS)),
});

/** A bundle of signed feeds (a curated starter pack). It cannot vouch for an expert: only signatures can. */
export const Collection = z.object({
  ...CollectionFields,
  feeds: z.array(FeedEnvelope).max(L.MAX_COLLECTION_FEEDS, tooMany('feeds', L.MAX_COLLECTION_FEEDS)),
});
export type Collection = z.infer<typeof Collection>;
