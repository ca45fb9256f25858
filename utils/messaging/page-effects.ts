import type { z } from 'zod';
import type { PageChange } from '../background/product-pages';
import type { MessageName, Payloads, Values } from './protocol';

type Effect<M extends MessageName> = (data: z.output<Payloads[M]>, value: Values[M]) => PageChange;

const product = (productKey: string): PageChange => ({ productKeys: [productKey] });
const all = (): PageChange => 'all';

/**
 * Which open product pages a message's success changes, so the background pushes their new view.
 * Settings changes reach every page through the settings watcher (entrypoints/background.ts), and the
 * page that sent an action gets its view in the answer. Messages not listed change no product page.
 */
export const PAGE_EFFECTS: { [M in MessageName]?: Effect<M> } = {
  saveProduct: ({ productKey }) => product(productKey),
  unsaveProduct: ({ productKey }) => product(productKey),
  addProductToCart: ({ productKey }) => product(productKey),
  saveOwnPickOnPage: ({ productKey }) => product(productKey),
  deleteOwnPickOnPage: ({ productKey }) => product(productKey),
  // Following changes the order and the Follow button of that expert's picks on every product.
  followFromPage: all,
  removeSaved: ({ productKey }) => product(productKey),
  restoreSaved: ({ item }) => product(item.productKey),
  setSavedNote: ({ productKey }) => product(productKey),
  addToCart: ({ productKey }) => product(productKey),
  updateCartLine: ({ productKey }) => product(productKey),
  removeCartLine: ({ productKey }) => product(productKey),
  markBought: ({ lines }) => ({ productKeys: lines.map((line) => line.productKey) }),
  saveOwnRecommendation: (_, saved) => product(saved.productKey),
  deleteOwnRecommendation: (_, deleted) => product(deleted.productKey),
  setExpertFollowed: all,
  followExpert: all,
  unfollowExpert: all,
  importBackup: all,
  deleteAllData: all,
  createExpertProfile: all,
  updateExpertProfile: all,
  importIdentity: all,
  followFeed: all,
  importFeedFile: all,
  refreshFeeds: (_, results) => (results.some((result) => result.status === 'updated') ? 'all' : { productKeys: [] }),
  unfollowCollection: all,
  // The expert page and the Picks tab (issue 14).
  savePick: (_, { productKey }) => product(productKey),
  addPickToCart: (_, line) => product(line.productKey),
  setExpertOnProductPages: all,
};

/**
 * Messages whose success changes what the expert publishes (their own picks and profile): the
 * background's auto-publish (utils/publish/service.ts) listens through onOwnWindowChange. Told from
 * pageChangeAfter, which register.ts runs after every successful message.
 */
export const OWN_WINDOW_CHANGES: ReadonlySet<MessageName> = new Set<MessageName>([
  'saveOwnPickOnPage',
  'deleteOwnPickOnPage',
  'saveOwnRecommendation',
  'deleteOwnRecommendation',
  'createExpertProfile',
  'updateExpertProfile',
  'importIdentity',
  'importBackup',
]);
const ownWindowListeners = new Set<(name: MessageName) => void>();

/** Calls `listener` after each successful message of OWN_WINDOW_CHANGES; returns a function that stops it. */
export function onOwnWindowChange(listener: (name: MessageName) => void): () => void {
  ownWindowListeners.add(listener);
  return () => ownWindowListeners.delete(listener);
}

export function pageChangeAfter<M extends MessageName>(name: M, data: z.output<Payloads[M]>, value: Values[M]): PageChange | null {
  if (OWN_WINDOW_CHANGES.has(name)) {
    for (const listener of ownWindowListeners) {
      try {
        listener(name);
      } catch (error) {
        console.warn('[haowu] an own-window listener failed', error);
      }
    }
  }
  const effect = PAGE_EFFECTS[name] as Effect<M> | undefined;
  return effect ? effect(data, value) : null;
}
