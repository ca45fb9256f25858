import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { recordProductSeen } from '../../../utils/db/products';
import { unseenAlertsItem, unseenPriceAlerts } from '../../../utils/price-tracking/check-state';
import { NOTIFICATION_PREFIX, openAlertedProduct } from '../../../utils/price-tracking/service';
import { detected, freshDb } from '../db/helpers';

describe('clicking a price alert', () => {
  it('opens the product’s page from the database and counts the alert as seen', async () => {
    const db = await freshDb();
    const product = detected({ canonicalUrl: 'https://detail.tmall.com/item.htm?id=600001' });
    await recordProductSeen(db, product, 1000);
    await unseenAlertsItem.setValue(2);
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    const opened = await openAlertedProduct(`${NOTIFICATION_PREFIX}${product.key}`, { get: async () => db });
    expect(opened).toBe(true);
    expect(create).toHaveBeenCalledWith({ url: 'https://detail.tmall.com/item.htm?id=600001' });
    expect(await unseenPriceAlerts()).toBe(1);
  });

  it('ignores other notifications and products Haowu no longer has', async () => {
    const db = await freshDb();
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    expect(await openAlertedProduct('something-else', { get: async () => db })).toBe(false);
    expect(await openAlertedProduct(`${NOTIFICATION_PREFIX}tmall:404`, { get: async () => db })).toBe(false);
    expect(create).not.toHaveBeenCalled();
  });
});
