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
    const launcherText = await page.waitForFunction(
      () => document.querySelector('haowu-overlay')?.shadowRoot?.querySelector('.haowu-launcher')?.textContent ?? false,
      { timeout: 15_000 },
    );
    expect(await launcherText.jsonValue()).toContain('iPhone 11');
    expect(await page.evaluate(() => document.querySelectorAll('.haowu-launcher').length)).toBe(0);
  });

});
