import { browser } from 'wxt/browser';
import { HaowuError } from '../errors';
import type { Sender } from '../messaging/sender';
import { PANEL_SCRIPT } from '../overlay/panel-api';
import { PAGE_MODEL_SCRIPT } from '../page-model/api';
import { mayBeOtherStore } from '../stores/other-site';

/**
 * Adds one of the extension's own scripts to the tab and frame whose content script asked, in the
 * content script's isolated world. Only the sender's own tab: the tab and frame ids come from the sender.
 * Chrome injects with `scripting`; Firefox (MV2) with `tabs.executeScript`. Both need host access to
 * the page, which Haowu has for the partner stores and for the opt-in stores the user allowed.
 */
async function injectIntoSender(sender: Sender, file: typeof PANEL_SCRIPT | typeof PAGE_MODEL_SCRIPT): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw new HaowuError('forbidden', 'panel.notStorePage');
  const frameId = sender.frameId ?? 0;
  try {
    if (browser.scripting) await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [file] });
    else await browser.tabs.executeScript(tabId, { file, frameId });
  } catch (error) {
    console.warn(`[haowu] could not inject ${file}`, error);
    throw new HaowuError('unavailable', 'panel.refused');
  }
}

/** The overlay panel's script, the first time the shopper opens the panel on a page. */
export const injectOverlayPanel = (sender: Sender): Promise<void> => injectIntoSender(sender, PANEL_SCRIPT);

/**
 * The page model's script (issue 18), for an enabled other store's page (asked for before the page is read).
 * Never on a partner store's or Amazon's page (their modules read them), whatever the content script asks.
 */
export async function injectPageModel(sender: Sender, pageUrl: string | undefined): Promise<void> {
  const host = pageUrl && URL.canParse(pageUrl) ? new URL(pageUrl) : null;
  if (!host || host.protocol !== 'https:' || !mayBeOtherStore(host.hostname)) throw new HaowuError('forbidden', 'panel.notStorePage');
  await injectIntoSender(sender, PAGE_MODEL_SCRIPT);
}
