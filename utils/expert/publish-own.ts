import type { HaowuDb } from '../db/open';
import { picksOfExpert } from '../db/pick-chunks';
import type { ProductRecord, RecommendationRecord } from '../db/schema';
import { signCheckedPayload } from '../feed/crypto';
import { buildFeedPayload, encodeFeedForDownload, type OmittedPick } from '../feed/publish';
import { requireIdentity } from './profile';

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
  picks: { recommendation: RecommendationRecord; product: ProductRecord | null }[];
}

export interface OwnFeedOptions {
  /** The address of the expert's window, announced in the feed (`expert.window`) so followers can open it. */
  window?: string | null;
}

export const feedFileName = (expertId: string) => `haowu-feed-${expertId.slice('ed25519:'.length, 'ed25519:'.length + 8)}.json`;

/**
 * Builds and signs the expert's feed in the background, where the key is: every live pick, a
 * retraction for each deleted one, the profile and public key. Only the signed file leaves.
 */
export async function publishOwnFeed(db: HaowuDb, now: number, options: OwnFeedOptions = {}): Promise<PublishedFeed> {
  const identity = await requireIdentity();
  const tx = db.transaction(['pickChunks', 'products'], 'readonly');
  // Tombstones included: they become retractions.
  const recommendations = await picksOfExpert(tx, identity.expertId);
  const products = await Promise.all(recommendations.map((r) => tx.objectStore('products').get(r.productKey)));
  await tx.done;
  const picks = recommendations.map((recommendation, i) => ({ recommendation, product: products[i] ?? null }));
  const profile = { publicKey: identity.publicKey, ...identity.profile, ...(options.window && { window: options.window }) };
  const { payload, omitted } = buildFeedPayload(profile, picks, [], now);
  // buildFeedPayload checked every pick and the payload's shell (signCheckedPayload says why that is enough).
  const envelope = await signCheckedPayload(payload, identity.keyPair.privateKey);
  return {
    filename: feedFileName(identity.expertId),
    text: encodeFeedForDownload(envelope),
    expertId: identity.expertId,
    published: payload.recommendations.length,
    retracted: payload.retractions.length,
    omitted,
    picks,
  };
}
