import type { HaowuDb } from '../db/open';
import { recordSeenProduct } from '../db/products';
import type { ProductRecord } from '../db/schema';
import type { DetectedProduct } from '../product';
import { decideAlert, type PriceAlert } from './alert-rules';
import { withCheckState, type CheckState } from './check-state';
import { isAbsurdJump } from './evaluate';
import { showPriceAlert } from './service';

/*
 * The shopper's own visit to a product page (issue 17): the product is recorded as before
 * (utils/db/products.ts, a 'visit' point when the price changed), and a lower price than the one
 * Haowu had alerts under the saved item's rule, exactly as a background check's would: compared on
 * the low end in one currency, never on a 100x jump, and never twice for the same price (the price
 * last alerted on is shared with the background checks, check-state.ts).
 */

export interface VisitDeps {
  /** Tells the user (notification, badge): service.ts's showPriceAlert in the background. */
  alert: (product: ProductRecord, alert: PriceAlert) => Promise<void>;
  /** The checks' state, read and saved one caller at a time (check-state.ts's withCheckState). */
  withState: <T>(change: (state: CheckState) => Promise<T>) => Promise<T>;
}

/** Records a visit and alerts when its price calls for it; the alert, or null. */
export async function recordVisit(db: HaowuDb, seen: DetectedProduct, now: number, deps: VisitDeps): Promise<PriceAlert | null> {
  const { before, after } = await recordSeenProduct(db, seen, now);
  const from = before?.lastPrice ?? null;
  const to = seen.price;
  if (!from || !to || isAbsurdJump(from, to)) return null;
  const rule = (await db.get('saved', seen.key))?.priceAlert;
  if (!rule) return null;
  const alert = await deps.withState(async (state) => {
    const decided = decideAlert(rule, from, to, state.alerted[seen.key] ?? null);
    if (decided) state.alerted[seen.key] = to;
    return decided;
  });
  if (alert) await deps.alert(after, alert).catch((error: unknown) => console.warn('[haowu] could not show a price alert', error));
  return alert;
}

/** What the background's visits use: the notification and badge of the background checks, and their state. */
export const backgroundVisitDeps: VisitDeps = { alert: showPriceAlert, withState: withCheckState };
