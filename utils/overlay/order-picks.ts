import type { Pick } from '../db/recommendations';

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
