import type { Pick } from '../db/recommendations';
import { isAllowedPartnerLink } from '../partner-links';
import type { DetectedProduct } from '../product';

export type { Pick };

/**
 * What a shopper may see: not retracted, not expired, and with a partner link on an allowed host
 * (checked by the caller, which knows the product). Followed experts first, then higher rating, then
 * the most recently updated.
 */
export function visiblePicksInOrder(picks: readonly Pick[], now: number, linkAllowed: (pick: Pick) => boolean): Pick[] {
  return picks
    .filter(({ recommendation }) => !recommendation.deleted && (recommendation.expiresAt === null || recommendation.expiresAt > now))
    .filter(linkAllowed)
    .sort(
      (a, b) =>
        Number(b.expert.followed) - Number(a.expert.followed) ||
        b.recommendation.rating - a.recommendation.rating ||
        b.recommendation.updatedAt - a.recommendation.updatedAt ||
        a.recommendation.id.localeCompare(b.recommendation.id),
    );
}

/** The picks the overlay shows for `product`, in order: links only on the product's partner hosts. */
export function picksToShow(picks: readonly Pick[], product: { platform: DetectedProduct['platform']; canonicalUrl: string }, now: number): Pick[] {
  return visiblePicksInOrder(picks, now, ({ recommendation }) =>
    recommendation.partnerLink === null || isAllowedPartnerLink(recommendation.partnerLink, { platform: product.platform, url: product.canonicalUrl }),
  );
}
