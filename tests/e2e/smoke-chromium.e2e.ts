import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { overlayOf } from '../harness/overlay';

const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';

describe('Chromium smoke', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
  });
  afterAll(async () => session?.close());

  it('mounts the overlay in a closed shadow root on a Tmall product page', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const host = page.locator('haowu-overlay');
    await host.waitFor({ state: 'attached', timeout: 15_000 });
    // Read from Haowu's own isolated world, the only one that can open the closed root.
    const overlay = overlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' }, { timeout: 15_000 });
    // The launcher may be drawn before the background's answer (utils/overlay/early-launcher.ts); the
    // product it names comes with that answer.
    await expect.poll(() => overlay.productKey(), { timeout: 15_000 }).toBe('tmall:605258110430');
    // The page sees a host with no readable root, and none of the launcher in its own DOM.
    expect(await page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot === null)).toBe(true);
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
