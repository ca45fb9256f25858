import type { RecommendationRecord } from '../db/schema';
import type { FeedRecommendation } from './schema';

/*
 * From a verified feed to the database's records. Pure: storing them is the feed refresher's job.
 * Feed ids are only unique within one feed, so the stored id is prefixed with the expert id: one
 * expert's feed can never overwrite or retract another expert's pick.
 */

/** The database id of an expert's pick: `<expertId>/<feed id>` (at most 40 + 1 + 80 characters). */
export const storedRecommendationId = (expertId: string, feedId: string): string => `${expertId}/${feedId}`;

/**
 * The feed id under which one of the user's own picks is published. A pick made here has its own id
 * (`p-…`); a pick that came from the user's own feed, followed here before their identity was restored
 * here (utils/expert/identity-restore.ts), keeps its stored id `<expertId>/<feed id>` and is published
 * under that same feed id again, so followers see the same picks, not new ones.
 */
export const publishedPickId = (storedId: string): string => storedId.replace(STORED_FEED_PICK_ID, '');

/** `<expertId>/` at the start of a feed pick's stored id (an expert id is `ed25519:` and 32 hex digits). */
const STORED_FEED_PICK_ID = /^(ed25519:[0-9a-f]{32})\//;

/** The expert a stored feed pick's id names (`<expertId>/<feed id>`), or null for an id of another form (the user's own picks). */
export const expertOfStoredPickId = (storedId: string): string | null => STORED_FEED_PICK_ID.exec(storedId)?.[1] ?? null;

/** The stored record of a feed's recommendation; `receivedAt`, when given, is when the pick first reached Haowu. */
export function toRecommendationRecord(expertId: string, recommendation: FeedRecommendation, receivedAt?: number): RecommendationRecord {
  const { product } = recommendation;
  return {
    id: storedRecommendationId(expertId, recommendation.id),
    expertId,
    productKey: product.key,
    snapshot: { title: product.title, imageUrl: product.imageUrl ?? null, price: product.price ?? null },
    reason: recommendation.reason,
    rating: recommendation.rating,
    stockNote: recommendation.stockNote ?? null,
    tags: recommendation.tags ?? [],
    partnerLink: recommendation.partnerLink,
    createdAt: Date.parse(recommendation.createdAt),
    updatedAt: Date.parse(recommendation.updatedAt),
    expiresAt: recommendation.expiresAt === undefined ? null : Date.parse(recommendation.expiresAt),
    deleted: false,
    // Verified to be on the product's own store (feed/schema.ts): the expert page's plain store link.
    productUrl: product.url,
    ...(receivedAt !== undefined && { receivedAt }),
  };
}
