import type { HaowuDb } from '../db/open';
import { picksOfExpert } from '../db/pick-chunks';
import { PRODUCT_WRITE_STORES, putProductsIn } from '../db/saved-copy';
import { ProductRecord, type ExpertRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { matchStoreUrl } from '../read-product';

/*
 * Restoring an expert identity (utils/expert/profile.ts) in a browser that already has that expert's
 * feed: the user follows their own feed here (the identity lives in another browser), or knows it
 * from a collection. The feed's expert record becomes the user's own profile and its picks become
 * the user's own picks. That is asked first (the Studio shows the question and sends `takeOver`),
 * and done without loss: the picks keep their ids (utils/feed/records.ts publishedPickId publishes
 * them under the feed ids they had, so followers see the same picks, not new ones), and the record
 * keeps the feed's address. It is no longer "followed" (the user's own profile is not an expert they
 * follow: unfollowing it would delete their own picks), but sync still counts the address as followed
 * here (utils/sync/local-state.ts), so no browser follows it again or drops it.
 */

import * as studioStrings from '../i18n/strings/studio';
import { translate, type StringTables } from '../i18n/translate';
import { TAKE_OVER_REASON } from './take-over-reason';

const STUDIO_STRINGS: StringTables = { en: studioStrings.en, zh: studioStrings.zh };

export { TAKE_OVER_REASON };

/** The feed expert restoring `expertId` would take over, or null. */
export async function feedTakenOver(db: HaowuDb, expertId: string): Promise<ExpertRecord | null> {
  const existing = await db.get('experts', expertId);
  return existing?.kind === 'feed' ? existing : null;
}

/** The question, as an error the Studio recognises by its reason and answers with `takeOver: true`. */
export function askToTakeOver(expert: ExpertRecord, picks: number): HaowuError {
  const params = { name: expert.displayName, address: expert.feedUrl ?? '', picks, followed: expert.followed && expert.feedUrl ? 1 : 0 };
  // The Studio asks in its own words; the message (logs) is the same question from its table, not a sentence built here.
  const english = translate(STUDIO_STRINGS, 'en', params.followed ? 'studio.identity.takeOver.followed' : 'studio.identity.takeOver.known', params);
  return new HaowuError('invalid-input', english, { reason: TAKE_OVER_REASON, params });
}

/** What of the feed's record the profile's record keeps: where the feed is published. Never followed. */
export const keptFromFeed = (existing: ExpertRecord | undefined): Pick<ExpertRecord, 'feedUrl' | 'followed' | 'followedAt'> => ({
  feedUrl: existing?.feedUrl ?? null,
  followed: false,
  followedAt: null,
});

/**
 * Product records for the taken-over picks whose product this browser has not seen: the feed named
 * each pick's product page (`productUrl`), which is enough for a store this build knows by its URL,
 * with the title, image and price the pick carried. Publishing needs them (a pick whose product is
 * unknown is left out of the feed, and followers would lose it). A product already known is left as
 * it is; one only an other store's page can name is left for the user to open once.
 */
export async function adoptFeedProducts(db: HaowuDb, expertId: string, now: number): Promise<number> {
  const tx = db.transaction(['pickChunks', ...PRODUCT_WRITE_STORES], 'readwrite');
  const picks = (await picksOfExpert(tx, expertId)).filter((pick) => !pick.deleted && pick.productUrl);
  const known = await Promise.all(picks.map((pick) => tx.objectStore('products').getKey(pick.productKey)));
  const adopted: ProductRecord[] = [];
  picks.forEach((pick, i) => {
    if (known[i] !== undefined || !pick.productUrl) return;
    const match = matchStoreUrl(new URL(pick.productUrl), { amazon: true })?.match;
    if (!match || match.productId === null || `${match.platform}:${match.productId}` !== pick.productKey) return;
    const product = ProductRecord.safeParse({
      key: pick.productKey,
      platform: match.platform,
      productId: match.productId,
      canonicalUrl: match.canonicalUrl,
      title: pick.snapshot.title,
      imageUrl: pick.snapshot.imageUrl,
      shopName: null,
      storeDomain: match.storeDomain,
      lastPrice: pick.snapshot.price,
      priceHistory: [],
      firstSeenAt: now,
      lastSeenAt: now,
      updatedAt: now,
    });
    if (!product.success) return;
    adopted.push(product.data);
  });
  // With the copy of any saved item that was waiting for its product (saved-copy.ts).
  await Promise.all([putProductsIn(tx, adopted), tx.done]);
  return adopted.length;
}
