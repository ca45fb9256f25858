import { browser } from 'wxt/browser';
import { HaowuError } from '../errors';
import type { Sender } from '../messaging/sender';
import { PANEL_SCRIPT } from '../overlay/panel-api';

/**
 * Adds the overlay panel's script to the tab and frame whose content script asked, in the content
 * script's isolated world. Only the sender's own tab: the tab and frame ids come from the sender.
 * Chrome injects with `scripting`; Firefox (MV2) with `tabs.executeScript`. Both need host access to
 * the page, which Haowu has for the partner stores and for the opt-in stores the user allowed.
 */
export async function injectOverlayPanel(sender: Sender): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new HaowuError('forbidden', 'panel.notStorePage');
  const frameId = sender.frameId ?? 0;
  try {
    if (browser.scripting) await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [PANEL_SCRIPT] });
    else await browser.tabs.executeScript(tabId, { file: PANEL_SCRIPT, frameId });
  } catch (error) {
    console.warn('[haowu] could not inject the panel', error);
    throw new HaowuError('unavailable', 'panel.refused');
  }
}
