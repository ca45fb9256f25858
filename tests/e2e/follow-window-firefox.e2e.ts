import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionWithHostsGranted, type GrantedExtension } from '../harness/feed-follow';
import { elementWithText, launchFirefoxWithExtension, type FirefoxSession } from '../harness/firefox';
import { firefoxOverlayOf } from '../harness/overlay';
import { openFirefoxPopupForTab } from '../harness/popup-for-tab';
import { buildWindowSite, PLAIN_PAGE_URL, TMALL_URL, WINDOW_EXPERT_NAME, WINDOW_ORIGIN, type WindowSite } from '../harness/window-site';

/*
 * Following an expert from their window in Firefox ESR (MV2: tabs.executeScript, the host permission
 * in `permissions`): the popup opened for the window's tab (tests/harness/popup-for-tab.ts) previews
 * the expert the page announces; Follow, pressed with the mouse, stores them; the pick shows on the
 * product page.
 */

describe('following from an expert’s window (Firefox)', () => {
  let session: FirefoxSession;
  let extension: GrantedExtension | undefined;
  let site: WindowSite;
  let driver: Page;

  beforeAll(async () => {
    site = await buildWindowSite();
    extension = extensionWithHostsGranted([WINDOW_ORIGIN], 'firefox-mv2');
    session = await launchFirefoxWithExtension({ extensionDir: extension.dir });
    session.serve([...site.pages, { url: TMALL_URL, file: 'tmall-605258110430.html' }]);
    driver = await session.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  const openTab = async (url: string) => {
    const page = await session.newPage();
    await page.goto(url);
    return page;
  };

  it('on an ordinary page the popup shows nothing more', async () => {
    const page = await openTab(PLAIN_PAGE_URL);
    const popup = await openFirefoxPopupForTab(session, driver, page);
    await elementWithText(popup, '[role="tab"]', 'Saved');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await popup.evaluate(() => document.querySelector('section.tab-feed') === null)).toBe(true);
    await popup.close();
    await page.close();
  });

  it('from a shared pick’s link: the expert is previewed, and Follow (a real click) stores them', async () => {
    const page = await openTab(site.pickLink);
    const popup = await openFirefoxPopupForTab(session, driver, page);
    const preview = await elementWithText(popup, 'section.tab-feed section[aria-label="Follow this expert?"]', WINDOW_EXPERT_NAME);
    const text = await preview.evaluate((element) => element.textContent ?? '');
    expect(text).toContain(`signed by ${site.expertId.slice(0, 12)}…${site.expertId.slice(-4)} — 1 pick on Tmall`);
    const follow = await preview.$('button.button--primary');
    expect(await follow!.evaluate((button) => button.textContent)).toBe('Follow');
    await follow!.click();
    await elementWithText(popup, 'section.tab-feed [role="status"]', `Following ${WINDOW_EXPERT_NAME}. 1 recommendation accepted`);
    const row = await elementWithText(popup, 'ul.experts > li.expert', WINDOW_EXPERT_NAME);
    await popup.waitForFunction((element) => /\b1 pick(?!s)/.test(element.textContent ?? ''), { timeout: 10_000 }, row);
    await popup.close();
    await page.close();
  });

  it('shows the pick on the product page', async () => {
    const page = await openTab(TMALL_URL);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' }, { timeout: 15_000 });
    const card = await overlay.waitFor({ role: 'article', name: WINDOW_EXPERT_NAME });
    expect(card?.text).toContain('Window e2e: a sensible phone');
    await page.close();
  });
});
