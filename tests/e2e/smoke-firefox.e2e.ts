import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefoxWithExtension, type FirefoxSession } from '../harness/firefox';

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
    // Firefox's WebDriver BiDi refuses to navigate to moz-extension:// pages, so the test goes the
    // way a shopper does: the panel's link asks the background to open Haowu in a tab.
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const launcher = await page.waitForFunction(() => document.querySelector('haowu-overlay')?.shadowRoot?.querySelector('.hw-launcher'), { timeout: 15_000 });
    await (launcher.asElement() as ElementHandle<Element>).click();
    const link = await page.waitForFunction(
      () => [...(document.querySelector('haowu-overlay')?.shadowRoot?.querySelectorAll('button') ?? [])].find((button) => button.textContent === 'Saved items and cart'),
      { timeout: 10_000 },
    );
    const pagesBefore = (await session.browser.pages()).length;
    await (link.asElement() as ElementHandle<Element>).click();
    // Puppeteer lists the new tab with an about:blank URL in Firefox; its own location tells the truth.
    let tab: import('puppeteer-core').Page | undefined;
    for (let tries = 0; tries < 50 && !tab; tries++) {
      const pages = await session.browser.pages();
      if (pages.length > pagesBefore) tab = pages[pages.length - 1];
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(tab, 'a new tab opened').toBeDefined();
    await tab!.waitForFunction(() => document.querySelectorAll('[role="tab"]').length > 0, { timeout: 15_000 });
    expect(await tab!.evaluate(() => location.href)).toMatch(/^moz-extension:\/\/[^/]+\/options\.html$/);
    // Saved, Cart, Experts, Settings (Studio appears only in expert mode).
    expect(await tab!.$$eval('[role="tab"]', (tabs) => tabs.length)).toBe(4);
  });
});
