import { HaowuError } from '../errors';
import type { HandlerMap } from '../messaging/handler';
import { getSettings } from '../settings';
import { loadCheckState, unseenAlertsItem } from './check-state';
import { buildPriceTrackingView, setPriceAlert } from './view';

export type PriceTrackingMessage = 'getPriceTracking' | 'setPriceAlert' | 'markPriceAlertsSeen';

/** Haowu's own pages only (a saved item's history, its alert, the badge's unseen alerts). */
export const priceTrackingHandlers: HandlerMap<PriceTrackingMessage> = {
  getPriceTracking: async ({ productKey }, { db, now }) => {
    const [settings, state] = await Promise.all([getSettings(), loadCheckState()]);
    const view = await buildPriceTrackingView(await db(), productKey, { checksOn: settings.priceChecks, state, now: now(), withAlert: true });
    if (!view) throw new HaowuError('not-found', 'saved.gone');
    return view;
  },
  setPriceAlert: async ({ productKey, alert }, { db, now }) => {
    const item = await setPriceAlert(await db(), productKey, alert, now());
    if (!item) throw new HaowuError('not-found', 'saved.gone');
    return item;
  },
  markPriceAlertsSeen: async () => {
    await unseenAlertsItem.setValue(0);
    return { seen: true as const };
  },
};
