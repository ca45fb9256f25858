import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProductPageView } from '../overlay/page-view';

/**
 * Messages from the background to a tab's content script (tabs.sendMessage, to the tab and frame the
 * browser named as the sender of openProductPage). Kept apart from the main protocol: they go the
 * other way, and a store page can neither send nor read them.
 */
interface ToContentProtocol {
  /** The page's product changed elsewhere (another tab, the popup, a feed, settings): its new view. */
  productPageChanged(view: ProductPageView): void;
  toggleOverlay(): void;
  /** The context menu's "Recommend this product" (expert mode): open the overlay on its form. */
  openRecommendForm(): void;
}

export const toContent = defineExtensionMessaging<ToContentProtocol>();
