import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementWithText, launchFirefoxWithExtension, openHaowuTabFromOverlay, type FirefoxSession } from '../harness/firefox';
import { firefoxOverlayOf } from '../harness/overlay';
import { readRealPageHtml, readRealPageSidecar } from '../fixtures/real-pages/sidecar';

/*
 * The page model in Firefox (MV2, issue 18): the background injects page-model.js with
 * tabs.executeScript into an other store's page without structured data, once the shopper allowed that
 * store in Settings (real clicks; Firefox is told to grant optional permissions without its prompt).
 */
const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const PRODUCT = 'tmon-subscription';
const productUrl = readRealPageSidecar(PRODUCT).url.replace(/^http:/, 'https:');

describe('the page model (Firefox)', () => {
  let session: FirefoxSession;
  let settings: Page;

  beforeAll(async () => {
    session = await launchFirefoxWithExtension();
    session.serve([
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
      { url: productUrl, html: readRealPageHtml(PRODUCT) },
    ]);
    const product = await session.newPage();
    await product.goto(TMALL_URL);
    settings = await openHaowuTabFromOverlay(session, product);
    await (await elementWithText(settings, '[role="tab"]', 'Settings')).click();
  }, 60_000);
  afterAll(async () => session?.close());

  /** The product the overlay on a fresh visit shows; the script is registered just after the setting changed, so a few visits. */
  const productKeyOnReloads = async (url: string): Promise<string | null> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const page = await session.newPage();
      await page.goto(url);
      const key = await firefoxOverlayOf(session, page)
        .waitUntil((snapshot) => snapshot.productKey || null, 'a product shown', { timeout: 4000 })
        .catch(() => null);
      if (key) return key;
    }
    return null;
  };

  it('reads a store page without structured data once that store is allowed', async () => {
    await (await elementWithText(settings, 'label', 'Other stores with product data')).click();
    const address = await settings.waitForSelector('#site-input');
    await address!.type(new URL(productUrl).hostname);
    await (await elementWithText(settings, 'button', 'Allow')).click();
    await elementWithText(settings, 'li, [role="listitem"], span', new URL(productUrl).hostname);
    expect(await productKeyOnReloads(productUrl)).toBe('site:tmon.co.kr/deal/4548094738');
  }, 90_000);
});
