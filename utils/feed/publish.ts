import { HaowuError, describeZodError, zodDetail } from '../errors';
import type { ProductRecord, RecommendationRecord } from '../db/schema';
import { MAX_RECOMMENDATIONS, MAX_RETRACTIONS } from './limits';
import { publishedPickId } from './records';
import { FeedExpert, FeedPayloadShell, FeedRecommendation, FeedRetraction, type FeedEnvelope, type FeedPayload } from './schema';

/*
 * What "Publish" does before signing: turn the user's own local records (epoch-millisecond times,
 * nullable fields) into a feed payload (ISO times, absent fields). Pure: no database, no clock.
 */

/** One of the user's own picks with the product it is for, as the database keeps them. */
export interface LocalPick {
  recommendation: Pick<
    RecommendationRecord,
    'id' | 'snapshot' | 'reason' | 'rating' | 'stockNote' | 'tags' | 'partnerLink' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'deleted'
  >;
  /** The product record; null when it is missing, and then the pick cannot be published. */
  product: Pick<ProductRecord, 'key' | 'platform' | 'productId' | 'canonicalUrl' | 'shopName'> | null;
}

/** A pick removed earlier (no longer even a tombstone) whose retraction must still be published. */
export interface LocalRetraction {
  id: string;
  retractedAt: number;
}

/** Why a pick was left out, as the Studio says it (studio.publish.omitted.*). Add, never rename. */
export type OmittedWhy = 'product-unknown' | 'no-link' | 'too-many' | 'invalid';

/** A live pick that could not go into the feed, and why (the user can fix it and publish again). */
export interface OmittedPick {
  id: string;
  /** In English, for logs; the Studio says `why` with `params` in its language. */
  reason: string;
  why: OmittedWhy;
  params?: Record<string, string | number>;
}

export interface BuiltFeed {
  payload: FeedPayload;
  /** `JSON.stringify(payload)`, put together from each pick's text kept with its check (signCheckedPayload signs it). */
  text: string;
  omitted: OmittedPick[];
}

const iso = (ms: number): string | null => {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const isLive = (r: LocalPick['recommendation'], now: number) => !r.deleted && (r.expiresAt === null || r.expiresAt > now);

/** The feed's form of one pick, unchecked. */
function toFeedRecommendation({ recommendation: r, product }: LocalPick & { product: NonNullable<LocalPick['product']> }): unknown {
  const { title, imageUrl, price } = r.snapshot;
  return {
    id: publishedPickId(r.id),
    product: {
      key: product.key,
      platform: product.platform,
      productId: product.productId,
      url: product.canonicalUrl,
      title,
      ...(imageUrl !== null && { imageUrl }),
      ...(price !== null && { price }),
      ...(product.shopName !== null && { shopName: product.shopName }),
    },
    reason: r.reason,
    rating: r.rating,
    ...(r.stockNote !== null && r.stockNote !== '' && { stockNote: r.stockNote }),
    ...(r.tags.length > 0 && { tags: r.tags }),
    partnerLink: r.partnerLink,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    ...(r.expiresAt !== null && { expiresAt: iso(r.expiresAt) }),
  };
}

/**
 * Builds the payload "Publish" signs: the live, unexpired picks (at most MAX_RECOMMENDATIONS, the most
 * recently updated first) and a retraction for each deleted pick and each of `retractions` (at most
 * MAX_RETRACTIONS, the most recent). A live pick the format cannot carry (no partner link, reason too
 * short, link to another store...) is left out and listed in `omitted` with the reason. Throws
 * HaowuError only when the expert profile itself is invalid.
 */
export function buildFeedPayload(
  profile: FeedExpert,
  recommendations: readonly LocalPick[],
  retractions: readonly LocalRetraction[],
  now: number,
): BuiltFeed {
  const expert = FeedExpert.safeParse(profile);
  if (!expert.success) throw new HaowuError('invalid-input', 'profile.notPublishable', zodDetail(expert.error));
  const publishedAt = iso(now);
  if (publishedAt === null) throw new HaowuError('invalid-input', 'feed.badTime');

  const newestFirst = [...recommendations].sort((a, b) => b.recommendation.updatedAt - a.recommendation.updatedAt);
  const checked = new Map<string, CheckedPick>();
  const omitted: OmittedPick[] = [];
  const published: FeedRecommendation[] = [];
  const publishedTexts: string[] = [];
  const seen = new Set<string>();
  const retracted = new Map<string, number>();
  for (const pick of newestFirst) {
    const id = publishedPickId(pick.recommendation.id);
    if (seen.has(id)) continue; // an older copy of a pick already handled
    seen.add(id);
    if (pick.recommendation.deleted) retracted.set(id, pick.recommendation.updatedAt);
    if (!isLive(pick.recommendation, now)) continue;
    if (!pick.product) {
      omitted.push({ id, why: 'product-unknown', reason: 'the product it is for is no longer in your data; open the product page once and publish again' });
      continue;
    }
    if (pick.recommendation.partnerLink === null) {
      omitted.push({ id, why: 'no-link', reason: 'it has no partner link' });
      continue;
    }
    if (published.length >= MAX_RECOMMENDATIONS) {
      omitted.push({ id, why: 'too-many', params: { max: MAX_RECOMMENDATIONS }, reason: `a feed holds at most ${MAX_RECOMMENDATIONS.toLocaleString('en')} recommendations; older ones are left out` });
      continue;
    }
    const parsed = checkedRecommendation(toFeedRecommendation({ ...pick, product: pick.product }), checked);
    if (parsed.success) {
      published.push(parsed.data);
      publishedTexts.push(parsed.text);
    } else {
      // zod's own words (a partner link's refusal among them) for logs; the Studio says the issues.
      omitted.push({ id, why: 'invalid', params: zodDetail(parsed.error), reason: describeZodError(parsed.error) });
    }
  }

  for (const { id, retractedAt } of retractions) {
    if (!seen.has(id) && retractedAt > (retracted.get(id) ?? -1)) retracted.set(id, retractedAt);
  }
  const liveIds = new Set(published.map((r) => r.id));
  const retractionList: FeedRetraction[] = [...retracted]
    .filter(([id]) => !liveIds.has(id))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_RETRACTIONS)
    .flatMap(([id, at]) => {
      // A pick whose id the format cannot carry was never published, so there is nothing to retract.
      const retraction = FeedRetraction.safeParse({ id, retractedAt: iso(at) });
      return retraction.success ? [retraction.data] : [];
    });

  // The parts were checked one by one, the ids made unique above; the shell checks the counts. signFeed
  // checks the whole payload once more (FeedPayload) before it signs.
  const payload = { expert: expert.data, publishedAt, recommendations: published, retractions: retractionList };
  const shell = FeedPayloadShell.safeParse(payload);
  if (!shell.success) throw new HaowuError('invalid-input', 'feed.notPublishable', zodDetail(shell.error));
  lastChecked = checked;
  // JSON.stringify(payload), its keys in the literal's order, without stringifying the picks again: each
  // pick's text is JSON.stringify of the very value in `recommendations` (checkedRecommendation).
  const text = `{"expert":${JSON.stringify(payload.expert)},"publishedAt":${JSON.stringify(payload.publishedAt)},"recommendations":[${publishedTexts.join(',')}],"retractions":${JSON.stringify(payload.retractions)}}`;
  return { payload, text, omitted };
}

/** A pick that passed FeedRecommendation, with its JSON text. */
interface CheckedPick {
  data: FeedRecommendation;
  text: string;
}

/*
 * The picks checked by the last payload built, by their feed form, each with its text: publishing again
 * after one edit checks and stringifies one pick, not a thousand. Only a pick that passed is kept, and
 * only while it is in the feed.
 */
let lastChecked = new Map<string, CheckedPick>();

type CheckedRecommendation = ({ success: true } & CheckedPick) | { success: false; error: Extract<ReturnType<typeof FeedRecommendation.safeParse>, { success: false }>['error'] };

function checkedRecommendation(unchecked: unknown, checked: Map<string, CheckedPick>): CheckedRecommendation {
  const key = JSON.stringify(unchecked);
  const known = lastChecked.get(key);
  if (known) {
    checked.set(key, known);
    return { success: true, ...known };
  }
  const parsed = FeedRecommendation.safeParse(unchecked);
  if (!parsed.success) return parsed;
  // The checked value's own text (the schema may order or drop keys): what the payload's text is made of.
  const pick = { data: parsed.data, text: JSON.stringify(parsed.data) };
  checked.set(key, pick);
  return { success: true, ...pick };
}

/** The feed file as people download and host it: pretty JSON (the payload stays the exact signed string). */
export const encodeFeedForDownload = (envelope: FeedEnvelope): string => `${JSON.stringify(envelope, null, 2)}\n`;

// Feed files encoded by encodeFeedFile, each with the envelope it was made from (the very objects).
const encodedFiles = new WeakMap<Uint8Array, FeedEnvelope>();

/**
 * The feed file's UTF-8 bytes (encodeFeedForDownload's text, encoded once) and that text. The bytes
 * object is remembered with `envelope`, so publishing knows them for that envelope's file without
 * decoding and parsing them back (`encodedFeedOf`).
 */
export function encodeFeedFile(envelope: FeedEnvelope): { text: string; bytes: Uint8Array } {
  const text = encodeFeedForDownload(envelope);
  const bytes = new TextEncoder().encode(text);
  encodedFiles.set(bytes, envelope);
  return { text, bytes };
}

/** The envelope `bytes` were encoded from by encodeFeedFile (that very bytes object), else undefined. */
export const encodedFeedOf = (bytes: Uint8Array): FeedEnvelope | undefined => encodedFiles.get(bytes);
