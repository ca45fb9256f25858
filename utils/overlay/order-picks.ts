import type { Pick } from '../db/recommendations';
import { isAllowedPartnerLink } from '../partner-links';
import type { DetectedProduct } from '../product';

export type { Pick };

/**
 * What a shopper may see: not retracted, not expired, and with a partner link on an allowed host
 * (checked by the caller, which knows the product). Followed experts first, then higher rating, then
 * the most recently updated.
 */
export function visiblePicksInOrder<P extends Pick>(picks: readonly P[], now: number, linkAllowed: (pick: P) => boolean): P[] {
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

/** Whether the user lets this expert's picks show on product pages (the expert page's switch; on unless turned off). */
export const shownOnProductPages = (expert: Pick['expert']): boolean => expert.kind === 'local' || expert.showOnProductPages !== false;

/**
 * The picks the overlay shows for `product`, in order: links only on the product's partner hosts, and
 * none from an expert the user switched off for product pages.
 */
export function picksToShow<P extends Pick>(picks: readonly P[], product: { platform: DetectedProduct['platform']; canonicalUrl: string }, now: number): P[] {
  return visiblePicksInOrder(picks, now, ({ recommendation, expert }) =>
    shownOnProductPages(expert) &&
    (recommendation.partnerLink === null || isAllowedPartnerLink(recommendation.partnerLink, { platform: product.platform, url: product.canonicalUrl })),
  );
}
