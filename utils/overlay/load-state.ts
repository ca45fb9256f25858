import type { OverlayState } from '../../components/overlay/Overlay';
import type { OverlayBackend } from '../../components/overlay/OverlayApp';
import type { DetectedProduct } from '../product';
import { picksToShow } from './order-picks';

/**
 * A product's picks (those the overlay may show, in order), saved state and cart quantity, asked of
 * the background together. The launcher loads it for its count; the panel again when it opens.
 */
export async function loadOverlayState(backend: Pick<OverlayBackend, 'picks' | 'productState'>, product: DetectedProduct, now: number): Promise<OverlayState> {
  const [picks, productState] = await Promise.all([backend.picks(product.key), backend.productState(product.key)]);
  return {
    picks: picks.ok ? picksToShow(picks.value, product, now) : [],
    saved: productState.ok && productState.value.saved,
    inCart: productState.ok ? productState.value.inCart : 0,
    error: picks.ok ? (productState.ok ? null : productState.error.message) : picks.error.message,
  };
}
