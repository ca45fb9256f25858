import { browser } from 'wxt/browser';
import { toContent } from '../messaging/to-content';

/** The keyboard shortcut (a WXT/manifest command) opens or closes the overlay in the active tab. */
export function listenForToggleOverlayCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-overlay') return;
    void (async () => {
      const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      // No content script on this tab (not a store page): nothing to toggle.
      if (tabId !== undefined) await toContent.sendMessage('toggleOverlay', undefined, tabId).catch(() => undefined);
    })();
  });
}
