import { defineExtensionMessaging } from '@webext-core/messaging';

/**
 * Messages from the background to a tab's content script. Kept apart from the main protocol: they
 * carry no data a page could abuse and go the other way (tabs.sendMessage).
 */
interface ToContentProtocol {
  toggleOverlay(): void;
  /** The context menu's "Recommend this product" (expert mode): open the overlay on its form. */
  openRecommendForm(): void;
}

export const toContent = defineExtensionMessaging<ToContentProtocol>();
