import { browser } from 'wxt/browser';
import { addToCart, cartQuantityFor } from '../db/cart';
import { setExpertFollowed } from '../db/experts';
import { recordProductSeen } from '../db/products';
import { getPicksForProduct } from '../db/recommendations';
import { getSavedState, restoreSaved, toggleSaved } from '../db/saved';
import { deleteOwnRecommendation, saveOwnRecommendation } from '../expert/own-recommendations';
import { injectOverlayPanel } from '../background/inject-overlay-panel';
import { getSettings, updateSettings } from '../settings';
import type { HandlerMap } from './handler';
import type { ContentMessage } from './protocol';

/**
 * What the overlay on a store page may ask for. These can run on behalf of a compromised page, so
 * none of them exports, imports, deletes in bulk or touches expert keys. restoreSaved never replaces
 * an existing item, so it cannot be used to overwrite one.
 */
export const contentHandlers: HandlerMap<ContentMessage> = {
  getPicksForProduct: async ({ productKey }, { db, now }) => getPicksForProduct(await db(), productKey, now()),
  recordProductSeen: async (product, { db, now }) => recordProductSeen(await db(), product, now()),
  getSavedState: async ({ productKey }, { db }) => getSavedState(await db(), productKey),
  toggleSaved: async ({ productKey, note, viaExpertId }, { db, now }) => toggleSaved(await db(), productKey, { note, viaExpertId }, now()),
  restoreSaved: async ({ item }, { db }) => restoreSaved(await db(), item),
  addToCart: async ({ productKey, quantity, variant, recommendationId }, { db, now }) =>
    addToCart(await db(), { productKey, quantity, variant, viaRecommendationId: recommendationId ?? null }, now()),
  getProductState: async ({ productKey }, { db }) => {
    const database = await db();
    const [saved, inCart] = await Promise.all([getSavedState(database, productKey), cartQuantityFor(database, productKey)]);
    return { saved: saved !== null, inCart };
  },
  setExpertFollowed: async ({ expertId, followed }, { db, now }) => setExpertFollowed(await db(), expertId, followed, now()),
  // The toolbar badge of the sender's own tab: the tab id comes from the sender, never the payload.
  showPickCount: async ({ count }, { sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { shown: false };
    const action = browser.action ?? browser.browserAction;
    await action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 99)) + (count > 99 ? '+' : '') : '' });
    return { shown: true };
  },
  // Only the local expert's own picks, only in expert mode; no key is read or returned.
  saveOwnRecommendation: async (input, { db, now }) => saveOwnRecommendation(await db(), input, now()),
  deleteOwnRecommendation: async ({ id }, { db, now }) => deleteOwnRecommendation(await db(), id, now()),
  // Validation is the payload's schema; nothing is stored.
  checkProduct: async () => getSettings(),
  getSettings: async () => getSettings(),
  collapseOverlay: async () => updateSettings({ overlayCollapsed: true }),
  hideOverlayOnStore: async ({ store }) => {
    const { hiddenStores } = await getSettings();
    return updateSettings({ hiddenStores: [...new Set([...hiddenStores, store])] });
  },
  loadOverlayPanel: async (_, { sender }) => {
    await injectOverlayPanel(sender);
    return { loaded: true };
  },
  // Haowu's own page in a tab (saved items, cart); a content script cannot open extension pages itself.
  openHaowuTab: async () => {
    await browser.runtime.openOptionsPage();
    return { opened: true };
  },
};
