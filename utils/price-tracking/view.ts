import type { HaowuDb } from '../db/open';
import { savedFields } from '../db/saved-copy';
import { getPicksForProduct, type Pick } from '../db/recommendations';
import type { Platform, Price } from '../product';
import type { AlertRule } from './alert-rules';
import { checkableInBackground } from './checkable';
import type { CheckOutcome } from './evaluate';
import type { CheckState } from './check-state';
import type { HistoryPoint } from './history';

/*
 * What the price history views draw (issue 17): the panel on the product page (getPriceHistory, for
 * the page's own product and the picks it shows) and a saved item in the popup (getPriceTracking).
 */

export interface PriceTrackingView {
  productKey: string;
  platform: Platform;
  storeDomain: string;
  /** Stored points (visits and checks) and the shown picks' prices when recommended. */
  points: HistoryPoint[];
  current: Price | null;
  /** Whether the store's served page states the price, so background checks can read it. */
  checkable: boolean;
  /** Whether background checks are on (Settings). */
  checksOn: boolean;
  lastCheck: { at: number; outcome: CheckOutcome } | null;
  /** The saved item's alert (popup only; undefined on a store page, which is not told). */
  alert?: AlertRule | null;
  saved?: boolean;
}

/** The picks' prices when recommended, as points. */
export const expertPoints = (picks: readonly Pick[]): HistoryPoint[] =>
  picks
    .filter((pick) => pick.recommendation.snapshot.price !== null)
    .map((pick) => ({ at: pick.recommendation.createdAt, price: pick.recommendation.snapshot.price, source: 'expert' as const, expertName: pick.expert.displayName }));

export async function buildPriceTrackingView(
  db: HaowuDb,
  productKey: string,
  context: { picks?: readonly Pick[]; checksOn: boolean; state: CheckState; now: number; withAlert: boolean },
): Promise<PriceTrackingView | null> {
  const product = await db.get('products', productKey);
  if (!product) return null;
  const picks = context.picks ?? (await getPicksForProduct(db, productKey, context.now));
  const check = context.state.products[productKey];
  const view: PriceTrackingView = {
    productKey,
    platform: product.platform,
    storeDomain: product.storeDomain,
    points: [...product.priceHistory, ...expertPoints(picks)],
    current: product.lastPrice,
    checkable: checkableInBackground(product.platform),
    checksOn: context.checksOn,
    lastCheck: check ? { at: check.lastCheckAt, outcome: check.outcome } : null,
  };
  if (context.withAlert) {
    const saved = await db.get('saved', productKey);
    view.saved = saved !== undefined;
    view.alert = saved?.priceAlert ?? null;
  }
  return view;
}

/** The view of a product Haowu has not recorded yet: today's price, no points. */
export const emptyPriceTrackingView = (product: { key: string; platform: Platform; storeDomain: string; price: Price | null }, checksOn: boolean): PriceTrackingView => ({
  productKey: product.key,
  platform: product.platform,
  storeDomain: product.storeDomain,
  points: [],
  current: product.price,
  checkable: checkableInBackground(product.platform),
  checksOn,
  lastCheck: null,
});

/** Sets or clears a saved item's alert; the item must be saved. */
export async function setPriceAlert(db: HaowuDb, productKey: string, alert: AlertRule | null, now: number) {
  const tx = db.transaction('saved', 'readwrite');
  const saved = await tx.store.get(productKey);
  if (!saved) {
    await tx.done;
    return null;
  }
  const { priceAlert: _old, ...rest } = saved;
  const next = alert ? { ...rest, priceAlert: alert, updatedAt: now } : { ...rest, updatedAt: now };
  await Promise.all([tx.store.put(next), tx.done]);
  // Without the product copy the stored item carries (utils/db/saved-copy.ts).
  return savedFields(next);
}
