import { browser } from 'wxt/browser';
import { toContent } from '../messaging/to-content';
import { getSettings, watchSettings } from '../settings';
import { partnerStoreMatchPatterns } from '../stores/partner-hosts';

export const RECOMMEND_MENU_ID = 'haowu-recommend';

/**
 * "Recommend this product with Haowu" in the page's context menu, present only while expert mode is
 * on and shown only on partner-store pages (the content script's own match patterns). Choosing it
 * tells that tab's content script to open the overlay on the Recommend form; the menu sends nothing
 * else and the tab id comes from the browser's click event.
 */
export function listenForRecommendMenu(): void {
  const sync = async (expertMode: boolean) => {
    // removeAll first: menus survive a service-worker restart, and creating an existing id fails.
    await browser.contextMenus.removeAll();
    if (!expertMode) return;
    browser.contextMenus.create({
      id: RECOMMEND_MENU_ID,
      title: browser.i18n.getMessage('menuRecommend') || 'Recommend this product with Haowu',
      contexts: ['page'],
      documentUrlPatterns: partnerStoreMatchPatterns(),
    });
  };
  let expertMode: boolean | null = null;
  const apply = (on: boolean) => {
    if (on === expertMode) return;
    expertMode = on;
    void sync(on).catch((error: unknown) => console.warn('[haowu] could not update the context menu', error));
  };
  void getSettings().then((settings) => apply(settings.expertMode));
  watchSettings((settings) => apply(settings.expertMode));

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== RECOMMEND_MENU_ID || tab?.id === undefined) return;
    // A store page without a product (the menu shows on the whole host) has no overlay to open.
    void toContent.sendMessage('openRecommendForm', undefined, tab.id).catch(() => undefined);
  });
}
