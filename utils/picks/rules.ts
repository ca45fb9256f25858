import type { ExpertRecord, RecommendationRecord } from '../db/schema';
import { isStoreUrl } from '../partner-links';
import type { Platform } from '../product';

/*
 * The rules of the expert page and the Picks tab, pure so they are tested on their own
 * (tests/unit/picks/rules.test.ts): which picks are live, their order, the store filter, and which
 * picks are "new since you last looked".
 */

type Rec = Pick<RecommendationRecord, 'id' | 'updatedAt' | 'deleted' | 'expiresAt'>;

/** Not retracted, not expired: what any list of picks shows. */
export const isLivePick = (recommendation: Pick<RecommendationRecord, 'deleted' | 'expiresAt'>, now: number): boolean =>
  !recommendation.deleted && (recommendation.expiresAt === null || recommendation.expiresAt > now);

/**
 * Newest first: the pick's last update (the date its card shows), then its id, descending, which is
 * exactly the `by-updatedAt` index ([updatedAt, id]) read backwards. Never depends on storage order.
 */
export function newestFirst(a: Rec, b: Rec): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Where the timeline continues: the index key of the last pick looked at. */
export type TimelineCursor = [updatedAt: number, id: string];
export const cursorOf = (recommendation: Rec): TimelineCursor => [recommendation.updatedAt, recommendation.id];

/** Whether `recommendation` comes after `cursor` in newest-first order. */
export const isAfterCursor = (recommendation: Rec, cursor: TimelineCursor | undefined): boolean =>
  cursor === undefined || recommendation.updatedAt < cursor[0] || (recommendation.updatedAt === cursor[0] && recommendation.id < cursor[1]);

/**
 * The store a pick is at, from its product key alone: the platform, or for other stores (`site`)
 * the registrable domain its id starts with, the same id the cart and the Saved tab use.
 */
export function storeOfKey(productKey: string): string {
  const colon = productKey.indexOf(':');
  const platform = productKey.slice(0, colon);
  if (platform !== 'site') return platform;
  return productKey.slice(colon + 1).split('/')[0] ?? productKey;
}

/**
 * The store filter of the Picks tab and the expert page: '' (all), a platform, `site` (every other
 * store), or one other store's domain.
 */
export function matchesStore(productKey: string, store: string): boolean {
  if (store === '') return true;
  if (store === 'site') return productKey.startsWith('site:');
  return storeOfKey(productKey) === store;
}

export interface TimelineFilter {
  store?: string;
  expertId?: string;
}

/** The experts whose picks the Picks tab shows: those the user follows (not their own profile). */
export const inTimeline = (expert: Pick<ExpertRecord, 'kind' | 'followed'> | undefined): boolean => expert !== undefined && expert.kind === 'feed' && expert.followed;

/** Whether a pick belongs on the Picks tab under `filter`. */
export function timelineMatches(recommendation: RecommendationRecord, expert: Pick<ExpertRecord, 'kind' | 'followed'> | undefined, filter: TimelineFilter, now: number): boolean {
  return (
    inTimeline(expert) &&
    isLivePick(recommendation, now) &&
    (filter.expertId === undefined || recommendation.expertId === filter.expertId) &&
    matchesStore(recommendation.productKey, filter.store ?? '')
  );
}

/**
 * "New since you last looked": the pick first reached Haowu (`receivedAt`) after the user last
 * looked at the Picks tab, and after they followed its expert, so the picks that come with a follow
 * (or that a collection brought before it) are not "new". Picks stored before `receivedAt` existed
 * never are.
 */
export function isNewPick(recommendation: Pick<RecommendationRecord, 'receivedAt'>, expert: Pick<ExpertRecord, 'followedAt'>, lastSeenAt: number | null): boolean {
  const received = recommendation.receivedAt;
  if (received === undefined || lastSeenAt === null || expert.followedAt === null) return false;
  return received > lastSeenAt && received > expert.followedAt;
}

/**
 * Whether an expert may have new picks at all (so their picks are worth reading to count them): a
 * followed feed expert to whom picks new to Haowu came after the user last looked.
 */
export const mayHaveNewPicks = (expert: Pick<ExpertRecord, 'kind' | 'followed' | 'lastArrivalAt'>, lastSeenAt: number | null): boolean =>
  inTimeline(expert) && lastSeenAt !== null && expert.lastArrivalAt !== undefined && expert.lastArrivalAt > lastSeenAt;

/** How many of an expert's picks are new (see isNewPick), live ones only. */
export const countNewPicks = (recommendations: readonly RecommendationRecord[], expert: Pick<ExpertRecord, 'followedAt'>, lastSeenAt: number | null, now: number): number =>
  recommendations.filter((recommendation) => isLivePick(recommendation, now) && isNewPick(recommendation, expert, lastSeenAt)).length;

const PRODUCT_PAGE: Partial<Record<Exclude<Platform, 'site'>, (id: string) => string>> = {
  tmall: (id) => `https://detail.tmall.com/item.htm?id=${id}`,
  taobao: (id) => `https://item.taobao.com/item.htm?id=${id}`,
  jd: (id) => `https://item.jd.com/${id}.html`,
  weidian: (id) => `https://weidian.com/item.html?itemID=${id}`,
  pinduoduo: (id) => `https://mobile.yangkeduo.com/goods.html?goods_id=${id}`,
};

/**
 * The plain store page of a pick's product, without any partner tag: the address Haowu read on the
 * product's page, else the one the feed gave (checked when stored), else, for the partner stores, the
 * page built from the product id. Null when none is known (an Amazon or other-store product never
 * visited, from a pick stored before feeds' addresses were kept).
 */
export function plainProductUrl(productKey: string, known: { canonicalUrl?: string | null; productUrl?: string | null }): string | null {
  if (known.canonicalUrl) return known.canonicalUrl;
  if (known.productUrl) return known.productUrl;
  const colon = productKey.indexOf(':');
  // Only the partner stores have a page built from the id (PRODUCT_PAGE's own keys), so no other
  // platform (nor a made-up one) gets one. No zod here: the popup's Picks tab runs this in its page.
  const platform = productKey.slice(0, colon) as Exclude<Platform, 'site'>;
  const id = productKey.slice(colon + 1);
  const build = Object.hasOwn(PRODUCT_PAGE, platform) ? PRODUCT_PAGE[platform] : undefined;
  if (!build || !/^[\w-]{1,64}$/.test(id)) return null;
  const url = build(id);
  return isStoreUrl(url, platform) ? url : null;
}
