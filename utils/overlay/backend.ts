import type { OverlayBackend } from '../../components/overlay/OverlayApp';
import { request } from '../messaging/client';
import { withRetry } from '../messaging/retry';

/** The overlay's backend on a store page: messages to the background, retried while it wakes. */
export const messagingBackend: OverlayBackend = {
  picks: (productKey) => withRetry(() => request('getPicksForProduct', { productKey })),
  productState: (productKey) => withRetry(() => request('getProductState', { productKey })),
  toggleSaved: async (productKey, viaExpertId) => {
    const result = await withRetry(() => request('toggleSaved', { productKey, viaExpertId }));
    return result.ok ? { ok: true, value: { saved: result.value.saved } } : result;
  },
  addToCart: async (productKey, quantity, variant, recommendationId) => {
    const added = await withRetry(() => request('addToCart', { productKey, quantity, variant, recommendationId }));
    if (!added.ok) return added;
    const state = await withRetry(() => request('getProductState', { productKey }));
    return state.ok ? { ok: true, value: { inCart: state.value.inCart } } : { ok: true, value: { inCart: added.value.quantity } };
  },
  setFollowed: (expertId, followed) => withRetry(() => request('setExpertFollowed', { expertId, followed })),
  openHaowuTab: () => withRetry(() => request('openHaowuTab', undefined)),
  // Expert mode: the background checks expert mode, the profile and every field again.
  saveOwnPick: (product, fields, id) => withRetry(() => request('saveOwnRecommendation', { ...fields, id, productKey: product.key, product })),
  deleteOwnPick: (id) => request('deleteOwnRecommendation', { id }),
};
