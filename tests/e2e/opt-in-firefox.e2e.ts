import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementWithText, launchFirefoxWithExtension, openHaowuTabFromOverlay, type FirefoxSession } from '../harness/firefox';
import { firefoxOverlayOf } from '../harness/overlay';

// Opt-in stores are turned on through the settings UI with real clicks. Firefox, because it can be
// told to grant optional permissions without its prompt; Chromium's prompt cannot be answered by a test.
const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const AMAZON_URL = 'https://www.amazon.com/Node-js-Right-Way-Server-Side-JavaScript/dp/1937785734';
const SHOP_URL = 'https://www.example-shop.de/produkte/wasserkocher-blau?color=blau';

describe('opt-in stores (Firefox)', () => {
  let session: FirefoxSession;
  let settings: Page;

  beforeAll(async () => {
    session = await launchFirefoxWithExtension();
    session.serve([
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
      { url: AMAZON_URL, file: 'amazon-1937785734.html' },
      { url: SHOP_URL, file: 'hand-site-json-ld.html' },
    ]);
    const product = await session.newPage();
    await product.goto(TMALL_URL);
    settings = await openHaowuTabFromOverlay(session, product);
    await (await elementWithText(settings, '[role="tab"]', 'Settings')).click();
  });
  afterAll(async () => session?.close());

  /** The product the overlay on `page` shows, or null when none appeared within `timeout`. */
  const overlayProductKey = async (page: Page, timeout = 8000): Promise<string | null> => {
    const overlay = firefoxOverlayOf(session, page);
    try {
      return await overlay.waitUntil((snapshot) => snapshot.productKey || null, 'a product shown', { timeout });
    } catch {
      return null;
    }
  };

  const visit = async (url: string) => {
    const page = await session.newPage();
    await page.goto(url);
    return page;
  };

  /** The background registers the script just after the settings change, so a page loaded at that
   * very moment may predate it, as for a person: load the page again, a bounded number of times. */
  const productKeyOnReloads = async (url: string): Promise<string | null> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const key = await overlayProductKey(await visit(url), 2500);
      if (key) return key;
    }
    return null;
  };

  /** Opens the panel on a fresh visit: the background injects its script with the host access granted. */
  const panelTitleAfterOpening = async (url: string): Promise<string> => {
    const page = await visit(url);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.click({ role: 'button', name: /^Open Haowu: / }, { timeout: 8000 });
    return overlay.text({ className: 'hw-product__title', within: { role: 'dialog' } }, { timeout: 8000 });
  };

  it('stays off Amazon until the user turns it on', async () => {
    expect(await overlayProductKey(await visit(AMAZON_URL), 3000)).toBeNull();
  });

  it('shows Haowu on Amazon after turning Amazon on in settings', async () => {
    await (await elementWithText(settings, 'label', 'Amazon')).click();
    await settings.waitForFunction(() => [...document.querySelectorAll('label')].find((label) => label.textContent?.includes('Amazon'))?.querySelector('input')?.checked);
    expect(await productKeyOnReloads(AMAZON_URL)).toBe('amazon:1937785734');
    expect(await panelTitleAfterOpening(AMAZON_URL)).toContain('Node.js');
  });

  it('shows Haowu on another store once that one site is allowed', async () => {
    expect(await overlayProductKey(await visit(SHOP_URL), 3000)).toBeNull();
    await (await elementWithText(settings, 'label', 'Other stores with product data')).click();
    const address = await settings.waitForSelector('#site-input');
    await address!.type('www.example-shop.de');
    await (await elementWithText(settings, 'button', 'Allow')).click();
    await elementWithText(settings, 'li, [role="listitem"], span', 'www.example-shop.de');
    expect(await productKeyOnReloads(SHOP_URL)).toBe('site:example-shop.de/WK-17-BL');
    expect(await panelTitleAfterOpening(SHOP_URL)).not.toBe('');
  });
});
