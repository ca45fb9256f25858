import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefoxWithExtension, openHaowuTabFromOverlay, type FirefoxSession } from '../harness/firefox';

const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';

describe('Firefox smoke', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefoxWithExtension();
    session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
  });
  afterAll(async () => session?.close());

  it('mounts the overlay in a shadow root on a Tmall product page', async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    await page.waitForSelector('haowu-overlay', { timeout: 15_000 });
    const productKey = await page.waitForFunction(
      () => document.querySelector('haowu-overlay')?.shadowRoot?.querySelector('.hw-root')?.getAttribute('data-product-key') ?? false,
      { timeout: 15_000 },
    );
    expect(await productKey.jsonValue()).toBe('tmall:605258110430');
    expect(await page.evaluate(() => document.querySelectorAll('.hw-launcher').length)).toBe(0);
  });


  it("opens Haowu's own page from the overlay, and it renders", async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const tab = await openHaowuTabFromOverlay(session, page);
    expect(await tab.evaluate(() => location.href)).toMatch(/^moz-extension:\/\/[^/]+\/options\.html$/);
    // Saved, Cart, Experts, Settings (Studio appears only in expert mode).
    expect(await tab.$$eval('[role="tab"]', (tabs) => tabs.length)).toBe(4);
  });
});
