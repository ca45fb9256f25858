import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ExtensionSession } from './chromium';
import type { FirefoxSession } from './firefox';

/*
 * Opening the popup for the tab a test has in front, as the toolbar button does for a person.
 *
 * Neither playwright nor puppeteer can click the toolbar button. The popup looks at the active tab of
 * the last focused *normal* window (utils/popup/tab-feed.ts): for a real popup that is the window whose
 * button was clicked. So the test brings its tab to the front, opens popup.html in a window of its own
 * of type `popup` (not normal), focuses the normal window again and only then loads popup.html there:
 * when the popup looks, the last focused normal window's active tab is the test's page. (Chromium's
 * `windows.getLastFocused({ windowTypes: ['normal'] })` skips popup windows by itself; Firefox ignores
 * `windowTypes` there, hence the refocus before the popup loads.)
 *
 * The toolbar button also grants `activeTab`, which a test cannot: the tests load a build copy whose
 * manifest grants the page's host (feed-follow.ts, extensionWithHostsGranted), which gives the popup
 * the same two things activeTab would, the tab's address and running a script in it.
 */

/** Runs in an extension context (`api` is chrome or browser): the popup window, refocus, then popup.html. */
const OPEN_POPUP_WINDOW = `async (api, popupUrl) => {
  const [normal] = await api.windows.getAll({ windowTypes: ['normal'] });
  const created = await api.windows.create({ url: 'about:blank', type: 'popup', width: 440, height: 640 });
  await api.windows.update(normal.id, { focused: true });
  await api.tabs.update(created.tabs[0].id, { url: popupUrl });
  return created.id;
}`;

/** Chromium: the popup, in a popup window, for `page` (brought to the front of its window first). */
export async function openPopupForTab(session: ExtensionSession, page: PlaywrightPage): Promise<PlaywrightPage> {
  await page.bringToFront();
  const popupUrl = `chrome-extension://${session.extensionId}/popup.html`;
  const before = new Set(session.context.pages());
  const worker = await session.background();
  await worker.evaluate(`(${OPEN_POPUP_WINDOW})(chrome, ${JSON.stringify(popupUrl)})`);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const popup = session.context.pages().find((candidate) => !before.has(candidate) && candidate.url() === popupUrl);
    if (popup) {
      await popup.waitForLoadState('domcontentloaded');
      return popup;
    }
  }
  throw new Error('The popup window did not open');
}

/** Firefox: the same, driven from an extension page (`driver`, e.g. options.html opened by the session). */
export async function openFirefoxPopupForTab(session: FirefoxSession, driver: PuppeteerPage, page: PuppeteerPage): Promise<PuppeteerPage> {
  await page.bringToFront();
  const before = new Set(await session.browser.pages());
  await driver.evaluate(`(${OPEN_POPUP_WINDOW})(browser, '/popup.html')`);
  // Puppeteer lists moz-extension pages as about:blank: their own location is checked from inside.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
    for (const candidate of await session.browser.pages()) {
      if (before.has(candidate)) continue;
      const state = await candidate.evaluate(() => [location.pathname, document.readyState]).catch(() => null);
      if (state?.[0] === '/popup.html' && state[1] === 'complete') return candidate;
    }
  }
  throw new Error('The popup window did not open');
}
