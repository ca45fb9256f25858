import { addToCart } from '../db/cart';
import { recordProductSeen } from '../db/products';
import { getPicksForProduct } from '../db/recommendations';
import { getSavedState, restoreSaved, toggleSaved } from '../db/saved';
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
};
