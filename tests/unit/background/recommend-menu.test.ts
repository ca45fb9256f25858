import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RECOMMEND_MENU_ID, listenForRecommendMenu } from '../../../utils/background/recommend-menu';
import { updateSettings } from '../../../utils/settings';
import { partnerStoreMatchPatterns } from '../../../utils/stores/partner-hosts';

type ClickListener = (info: { menuItemId: string | number }, tab?: { id?: number }) => void;

/** WXT's fake browser has no contextMenus API: a stand-in that records what the module asks for. */
function fakeMenus() {
  let clicked: ClickListener | undefined;
  const menus = {
    removeAll: vi.fn(async () => {}),
    create: vi.fn(),
    onClicked: { addListener: (listener: ClickListener) => (clicked = listener) },
  };
  (fakeBrowser as unknown as { contextMenus: unknown }).contextMenus = menus;
  listenForRecommendMenu();
  return { menus, click: (info: { menuItemId: string | number }, tab?: { id?: number }) => clicked!(info, tab) };
}

describe('the Recommend context menu (expert mode)', () => {
  it('exists only while expert mode is on, and only on partner-store pages', async () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((name: string) => (name === 'menuRecommend' ? 'Recommend this product with Haowu' : ''));
    const { menus } = fakeMenus();
    await vi.waitFor(() => expect(menus.removeAll).toHaveBeenCalled());
    expect(menus.create).not.toHaveBeenCalled();

    await updateSettings({ expertMode: true });
    await vi.waitFor(() => expect(menus.create).toHaveBeenCalledOnce());
    expect(menus.create).toHaveBeenCalledWith(expect.objectContaining({ id: RECOMMEND_MENU_ID, title: 'Recommend this product with Haowu', contexts: ['page'], documentUrlPatterns: partnerStoreMatchPatterns() }));

    const removals = menus.removeAll.mock.calls.length;
    await updateSettings({ expertMode: false });
    await vi.waitFor(() => expect(menus.removeAll.mock.calls.length).toBeGreaterThan(removals));
    expect(menus.create).toHaveBeenCalledOnce();
  });

  it('asks the clicked tab’s content script to open the Recommend form, and nothing else', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const { click } = fakeMenus();
    click({ menuItemId: 'someone-else' }, { id: 4 });
    click({ menuItemId: RECOMMEND_MENU_ID });
    expect(sendMessage).not.toHaveBeenCalled();
    click({ menuItemId: RECOMMEND_MENU_ID }, { id: 9 });
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledOnce());
    const [tabId, message] = sendMessage.mock.calls[0]!;
    expect(tabId).toBe(9);
    expect(message).toMatchObject({ type: 'openRecommendForm' });
  });

  it('stays quiet when the page has no overlay to answer', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      fakeMenus().click({ menuItemId: RECOMMEND_MENU_ID }, { id: 2 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
