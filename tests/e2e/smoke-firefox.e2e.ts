import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefoxWithExtension, openHaowuTabFromOverlay, type FirefoxSession } from '../harness/firefox';
import { firefoxOverlayOf } from '../harness/overlay';
import { FIXTURE_PAGES } from '../harness/paths';
import type { DB_VERSION } from '../../utils/db/open';

const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const OTHER_ID = '600000000001';
const OTHER_URL = `https://detail.tmall.com/item.htm?id=${OTHER_ID}`;
// The Tmall capture with a button of the page's own whose click handler moves to another product in
// place (history.pushState), as single-page stores do.
const SPA_BUTTON_ID = 'spa-next';
const tmallWithSpaButton = (): string =>
  readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8').replace(
    /<\/body>/i,
    `<button id="${SPA_BUTTON_ID}" type="button" style="position:fixed;top:8px;left:8px;z-index:2147483647">Next product</button>
<script>document.getElementById('${SPA_BUTTON_ID}').addEventListener('click', () => history.pushState({}, '', '/item.htm?id=${OTHER_ID}'));</script></body>`,
  );

// The same capture at another product's address, with a hostile script of the page's own that keeps
// every message posted to the page from its first line on.
const HOSTILE_URL = 'https://detail.tmall.com/item.htm?id=600000000009';
const hostileTmall = (): string =>
  readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8').replace(
    /<head>/i,
    `<head><script>window.__seen = []; addEventListener('message', (event) => __seen.push(JSON.stringify(event.data)), true);</script>`,
  );

describe('Firefox smoke', () => {
  let session: FirefoxSession;
  beforeAll(async () => {
    session = await launchFirefoxWithExtension();
    session.serve([
      { url: TMALL_URL, html: tmallWithSpaButton() },
      { url: HOSTILE_URL, html: hostileTmall() },
    ]);
  });
  afterAll(async () => session?.close());

  it('mounts the overlay in a closed shadow root on a Tmall product page', async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    await page.waitForSelector('haowu-overlay', { timeout: 15_000 });
    // Read from Haowu's own content-script world, the only one that can open the closed root.
    const overlay = firefoxOverlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' }, { timeout: 15_000 });
    // The launcher may be drawn before the background's answer (utils/overlay/early-launcher.ts); the
    // product it names comes with that answer.
    await expect.poll(() => overlay.productKey(), { timeout: 15_000 }).toBe('tmall:605258110430');
    // The page sees a host with no readable root, and none of the launcher in its own DOM.
    expect(await page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot === null)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('.hw-launcher').length)).toBe(0);
  });

  it('acts on real clicks and keys: saves, adds to cart, closes on Escape', async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.click({ role: 'button', name: 'Open Haowu: Save with Haowu' }, { timeout: 15_000 });
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await overlay.click({ role: 'button', name: 'Save this product' });
    await overlay.waitFor({ role: 'button', name: 'Saved. Press to remove from saved items' });
    await overlay.fill({ label: 'Quantity' }, '3');
    await overlay.fill({ label: 'Variant or size (optional)' }, 'blue');
    await overlay.click({ role: 'button', name: 'Add to cart' });
    await overlay.waitFor({ role: 'button', name: 'In cart (3)' });
    await overlay.press('Escape');
    await overlay.waitFor({ role: 'dialog' }, { state: 'detached' });
    await expect.poll(() => overlay.activeClass()).toContain('hw-launcher');
    await page.close();
  });

  it('shows nothing of another product the page moved to by itself until the shopper asks', async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.waitFor({ role: 'button', name: /^Open Haowu: / }, { timeout: 15_000 });
    // No click or key press in this tab: the page's script alone changes the address.
    await page.evaluate((url) => history.pushState({}, '', url), OTHER_URL);
    const neutral = { role: 'button', name: 'Open Haowu: Show picks for this product' };
    await overlay.waitFor(neutral, { timeout: 5000 });
    expect(await overlay.productKey()).toBe('');
    await overlay.click(neutral);
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    expect(await overlay.productKey()).toBe(`tmall:${OTHER_ID}`);
    await page.close();
  });

  it('follows in-page navigation the shopper starts with a click on the page', async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.waitFor({ role: 'button', name: /^Open Haowu: / }, { timeout: 15_000 });
    // A real click on the page's own button, whose handler calls history.pushState.
    await page.click(`#${SPA_BUTTON_ID}`);
    await expect.poll(() => page.url()).toBe(OTHER_URL);
    await expect.poll(() => overlay.productKey(), { timeout: 5000 }).toBe(`tmall:${OTHER_ID}`);
    await overlay.waitFor({ role: 'button', name: 'Open Haowu: Save with Haowu' });
    expect(await page.evaluate(() => document.querySelectorAll('haowu-overlay').length)).toBe(1);
    await page.close();
  });

  it('a page script can neither see, click, stop nor remove the overlay', async () => {
    const page = await session.newPage();
    await page.goto(HOSTILE_URL);
    const overlay = firefoxOverlayOf(session, page);
    const launcher = (await overlay.waitFor({ className: 'hw-launcher' }, { timeout: 15_000 }))!;
    const centre = { x: launcher.rect.x + launcher.rect.width / 2, y: launcher.rect.y + launcher.rect.height / 2 };
    const seen = await page.evaluate(async ({ x, y }) => {
      const host = document.querySelector('haowu-overlay') as HTMLElement;
      const found = { root: host.shadowRoot !== null, messages: (window as unknown as { __seen: string[] }).__seen.length, marks: performance.getEntriesByType('mark').length };
      document.elementFromPoint(x, y)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
      host.click();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const style = document.createElement('style');
      style.textContent = 'haowu-overlay { display: none !important; }';
      document.head.append(style);
      host.remove();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return found;
    }, centre);
    expect(seen).toEqual({ root: false, messages: 0, marks: 0 });
    expect(await overlay.hostCount()).toBe(1);
    expect(await overlay.count({ role: 'dialog' })).toBe(0);
    await overlay.waitFor({ role: 'button', name: 'Save this product' });
    // Still the shopper's: a real click opens the panel.
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await page.close();
  });

  it("opens Haowu's own page from the overlay, and it renders", async () => {
    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const tab = await openHaowuTabFromOverlay(session, page);
    expect(await tab.evaluate(() => location.href)).toMatch(/^moz-extension:\/\/[^/]+\/options\.html$/);
    // Saved, Cart, Picks, Experts, Settings (Studio appears only in expert mode).
    expect(await tab.$$eval('[role="tab"]', (tabs) => tabs.length)).toBe(5);
    // The Saved tab draws the product saved above (its first rows read in the page itself, utils/popup/saved-here.ts).
    await tab.waitForSelector('.row[data-product-key="tmall:605258110430"]', { timeout: 15_000 });
  });

  it('the popup draws the saved product, its first rows read in the page from the background’s database', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.waitForSelector('.row[data-product-key="tmall:605258110430"]', { timeout: 15_000 });
    // The page reads the background's database itself (the same origin): there at the version it opens.
    const stored = await popup.evaluate(
      () =>
        new Promise<[number, number]>((resolve, reject) => {
          const open = indexedDB.open('haowu');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('saved').objectStore('saved').count();
            count.onsuccess = () => {
              resolve([open.result.version, count.result]);
              open.result.close();
            };
          };
        }),
    );
    // utils/db/open.ts's version by its literal type (its module needs the extension's runtime to load).
    const version: typeof DB_VERSION = 6;
    expect(stored).toEqual([version, 1]);
    await popup.close();
  });
});
