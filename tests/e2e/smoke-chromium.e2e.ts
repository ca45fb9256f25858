import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';

const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';

describe('Chromium smoke', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
  });
  afterAll(async () => session?.close());

  it('mounts the overlay in a shadow root on a Tmall product page', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const host = page.locator('haowu-overlay');
    await host.waitFor({ state: 'attached', timeout: 15_000 });
    // Playwright pierces open shadow roots; the launcher must be inside one, not in the page's DOM.
    await expect(page.locator('haowu-overlay .hw-root').getAttribute('data-product-key')).resolves.toBe('tmall:605258110430');
    await expect(page.locator('haowu-overlay .hw-launcher').isVisible()).resolves.toBe(true);
    expect(await page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot !== null)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('.hw-launcher').length)).toBe(0);
  });

  it('stays silent on a store page that is not a product', async () => {
    await session.serve([{ url: 'https://detail.tmall.com/', html: '<!doctype html><title>天猫</title><h1>Home</h1>' }]);
    const page = await session.context.newPage();
    await page.goto('https://detail.tmall.com/');
    await page.waitForTimeout(1000);
    expect(await page.locator('haowu-overlay').count()).toBe(0);
  });

  it('opens the popup as a page', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await expect(popup.locator('h1').textContent()).resolves.toBe('Haowu');
  });
});
