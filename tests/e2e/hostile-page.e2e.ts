import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { overlayOf } from '../harness/overlay';
import { FIXTURE_PAGES } from '../harness/paths';
import { readDatabase, seedDatabase } from '../harness/seed';
import { expert, recommendation } from '../unit/db/records';

/*
 * A store page is hostile ground: each test here is an attack a page's own scripts can make, run on a
 * real store address in Chromium with the built extension. The attack scripts use only what any page
 * script has (the DOM, events, history, postMessage, the performance timeline); the shopper's own
 * input comes from Playwright's real mouse and keyboard.
 */

const TMALL_ID = '605258110430';
const TMALL_URL = `https://detail.tmall.com/item.htm?id=${TMALL_ID}`;
const KEY = `tmall:${TMALL_ID}`;
const TMALL_HOME = 'https://detail.tmall.com/';
const OTHER_IDS = ['600000000001', '600000000002', '600000000003'];
const CLICK_IDS = ['600000000011', '600000000012', '600000000013'];

const mei = expert({ id: 'ed25519:mei', displayName: 'Mei (demo)', followed: false, followedAt: null });
const picks = [
  recommendation({ id: 'ed25519:mei/1', expertId: mei.id, productKey: KEY, rating: 5, reason: 'Battery lasts two days', partnerLink: 'https://s.click.taobao.com/t?e=mei' }),
  recommendation({ id: 'ed25519:mei/2', expertId: mei.id, productKey: `tmall:${OTHER_IDS[0]}`, rating: 4, reason: 'Secret pick on another product' }),
];

/**
 * What the hostile page runs from its first script on: it keeps every message posted to it, and
 * exposes a few attacks for the test to trigger. Nothing here is Haowu's; it is the page's.
 */
const SPY_SCRIPT = `<script>
window.__seen = [];
addEventListener('message', (event) => __seen.push(JSON.stringify(event.data)), true);
window.__replayStartMessages = () => {
  // Whatever Haowu announced, announced again with another id, as a newer copy of it would.
  for (const text of __seen) {
    let data; try { data = JSON.parse(text); } catch { continue; }
    if (!data || typeof data.type !== 'string') continue;
    const forged = { ...data, messageId: 'page-' + Math.random() };
    postMessage(forged, '*');
    document.dispatchEvent(new CustomEvent(data.type, { detail: { contentScriptName: data.contentScriptName, messageId: forged.messageId } }));
  }
};
</script>`;

const hostilePage = (extra = ''): string =>
  readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8')
    .replace(/<head>/i, `<head>${SPY_SCRIPT}`)
    .replace(/<\/body>/i, `<button id="page-button" type="button" style="position:fixed;top:8px;left:8px;z-index:10">A button of the page’s</button>${extra}</body>`);

/** Everything a page script can try against the overlay through its shadow root, if it can reach one. */
async function driveOverlayAsPage(page: Page, launcher: { x: number; y: number }) {
  return page.evaluate(async ({ x, y }) => {
    const host = document.querySelector('haowu-overlay');
    const root = host?.shadowRoot ?? null;
    const found = { root: root !== null, text: root?.textContent ?? '' };
    const click = (element: Element | null | undefined) => (element as HTMLElement | null | undefined)?.click();
    for (const button of root?.querySelectorAll('button') ?? []) click(button);
    const textarea = root?.querySelector('textarea');
    if (textarea) {
      textarea.value = 'Buy it from my shop instead';
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    }
    for (const form of root?.querySelectorAll('form') ?? []) form.requestSubmit();
    // Without a root: clicks where the launcher is drawn, and keys at the document.
    document.elementFromPoint(x, y)?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: x, clientY: y }));
    click(host);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return found;
  }, launcher);
}

describe('a hostile store page (Chromium)', () => {
  let session: ExtensionSession;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([
      { url: TMALL_URL, html: hostilePage() },
      { url: TMALL_HOME, html: `<!doctype html><title>天猫</title>${SPY_SCRIPT}<h1>Home</h1>` },
    ]);
    await seedDatabase(session, { experts: [mei], recommendations: picks });
  });
  afterAll(async () => session?.close());

  it('cannot tell Haowu is installed on a page where it shows nothing: no element, message or timeline entry', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_HOME);
    await page.waitForTimeout(1500);
    const seen = await page.evaluate(() => ({
      messages: (window as unknown as { __seen: string[] }).__seen,
      marks: performance.getEntriesByType('mark').map((mark) => mark.name),
      hosts: document.querySelectorAll('haowu-overlay').length,
    }));
    expect(seen).toEqual({ messages: [], marks: [], hosts: 0 });
    await page.close();
  });

  it('sees no message, event or mark from Haowu on a product page either, only the host element', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    await overlayOf(session, page).waitFor({ className: 'hw-launcher' });
    const seen = await page.evaluate(() => ({
      messages: (window as unknown as { __seen: string[] }).__seen,
      marks: performance.getEntriesByType('mark').filter((mark) => /haowu/i.test(mark.name)).length,
      shadowRoot: document.querySelector('haowu-overlay')?.shadowRoot ?? null,
      launcherInDom: document.querySelectorAll('.hw-launcher').length,
    }));
    expect(seen).toEqual({ messages: [], marks: 0, shadowRoot: null, launcherInDom: 0 });
    await page.close();
  });

  it('cannot read the picks or click Save, Follow, Hide or the Recommend form, even with the panel open', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    const launcher = (await overlay.waitFor({ className: 'hw-launcher' }))!;
    const centre = { x: launcher.rect.x + launcher.rect.width / 2, y: launcher.rect.y + launcher.rect.height / 2 };
    const before = await driveOverlayAsPage(page, centre);
    expect(before).toEqual({ root: false, text: '' });
    expect(await overlay.count({ role: 'dialog' })).toBe(0);

    // The shopper opens the panel; the page tries again, with every control on screen.
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    expect(await driveOverlayAsPage(page, centre)).toEqual({ root: false, text: '' });
    expect(await overlay.isVisible({ role: 'dialog' })).toBe(true);
    const data = await readDatabase(session);
    expect(data.saved).toEqual([]);
    expect(data.cart).toEqual([]);
    expect(data.experts.find((record) => record.id === mei.id)?.followed).toBe(false);
    expect(data.recommendations.filter((record) => record.expertId !== mei.id)).toEqual([]);
    await page.close();
  });

  it('cannot switch Haowu off by replaying its start message, nor hide it by removing or styling it', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' });
    await page.evaluate(() => {
      (window as unknown as { __replayStartMessages: () => void }).__replayStartMessages();
      const style = document.createElement('style');
      style.textContent = 'haowu-overlay { display: none !important; visibility: hidden !important; }';
      document.head.append(style);
      document.querySelector('haowu-overlay')?.remove();
    });
    await page.waitForTimeout(500);
    expect(await overlay.hostCount()).toBe(1);
    // Still there, still working for the shopper.
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await page.close();
  });

  it('cannot make Haowu record or reveal product after product by changing its own address', async () => {
    await seedDatabase(session, { saved: [{ productKey: `tmall:${OTHER_IDS[0]}`, savedAt: 1, note: 'private', viaExpertId: null, updatedAt: 1 }] });
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' });
    await page.evaluate(async (ids) => {
      for (const id of ids) {
        document.title = `Fake title for ${id}`;
        history.pushState({}, '', `/item.htm?id=${id}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }, OTHER_IDS);
    await expect.poll(() => overlay.launcherLabel(), { timeout: 5000 }).toBe('Open Haowu: Show picks for this product');
    // Nothing of those products is shown: no count, no saved star.
    expect(await overlay.count({ name: /Saved/ })).toBe(0);
    const recorded = (await readDatabase(session)).products.map((product) => product.key);
    expect(recorded).toEqual([KEY]);

    // The shopper asks: now that product is shown and recorded, as theirs.
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'dialog' });
    expect(await overlay.productKey()).toBe(`tmall:${OTHER_IDS.at(-1)}`);
    await expect.poll(async () => (await readDatabase(session)).products.map((product) => product.key).sort()).toEqual([KEY, `tmall:${OTHER_IDS.at(-1)}`].sort());
    await page.close();
  });

  it('one click of the shopper on the page buys the page one navigation, not many', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' });
    await page.evaluate((ids) => {
      document.getElementById('page-button')!.addEventListener('click', async () => {
        for (const id of ids) {
          history.pushState({}, '', `/item.htm?id=${id}`);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      });
    }, CLICK_IDS);
    await page.click('#page-button');
    await expect.poll(() => overlay.launcherLabel(), { timeout: 5000 }).toBe('Open Haowu: Show picks for this product');
    const recorded = (await readDatabase(session)).products.map((product) => product.key);
    expect(recorded.filter((key) => CLICK_IDS.some((id) => key === `tmall:${id}`))).toEqual([`tmall:${CLICK_IDS[0]}`]);
    await page.close();
  });

  it('cannot make a content script of Haowu store a product of another site (a compromised content script’s message)', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    await overlayOf(session, page).waitFor({ className: 'hw-launcher' });
    const answers = await (await session.background()).evaluate(async (url) => {
      type Chrome = {
        tabs: { query: (q: object) => Promise<{ id: number }[]> };
        scripting: { executeScript: (o: object) => Promise<{ result: unknown }[]> };
      };
      const api = (globalThis as unknown as { chrome: Chrome }).chrome;
      const [tab] = await api.tabs.query({ url });
      const [injected] = await api.scripting.executeScript({
        target: { tabId: tab!.id },
        world: 'ISOLATED',
        func: async () => {
          const forged = {
            platform: 'tmall',
            productId: '605258110430',
            key: 'tmall:605258110430',
            canonicalUrl: 'https://evil.example/item.htm?id=605258110430',
            title: 'Forged',
            price: null,
            imageUrl: null,
            shopName: null,
            storeDomain: 'tmall.com',
          };
          const send = (type: string, data: unknown) =>
            new Promise((resolve) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: object, r: (v: unknown) => void) => void } } }).chrome.runtime.sendMessage({ id: 1, type, data, timestamp: Date.now() }, resolve));
          // The message of this version, and the one the previous version stored products with.
          return [await send('openProductPage', { product: forged, arrival: 'load' }), await send('recordProductSeen', forged)];
        },
      });
      return injected!.result;
    }, TMALL_URL);
    expect(JSON.stringify(answers)).toContain('Haowu did not show this page');
    const stored = (await readDatabase(session)).products.find((product) => product.key === KEY);
    expect(stored?.canonicalUrl).toBe(TMALL_URL);
    await page.close();
  });

  it('pressing Save in a tab opened before the product was saved elsewhere keeps the item and its note; other tabs follow', async () => {
    const first = await session.context.newPage();
    await first.goto(TMALL_URL);
    const firstOverlay = overlayOf(session, first);
    await firstOverlay.waitFor({ className: 'hw-launcher' });
    // Saved behind this tab's back (straight into the database: no push reaches it).
    await seedDatabase(session, { saved: [{ productKey: KEY, savedAt: 5, note: 'for mum', viaExpertId: null, updatedAt: 5 }] });
    await firstOverlay.click({ className: 'hw-launcher' });
    await firstOverlay.click({ role: 'button', name: 'Save this product' });
    await firstOverlay.waitFor({ role: 'button', name: 'Saved. Press to remove from saved items' });
    const savedHere = async () => (await readDatabase(session)).saved.filter((item) => item.productKey === KEY);
    expect(await savedHere()).toMatchObject([{ productKey: KEY, note: 'for mum', savedAt: 5 }]);

    // Removed in a second tab: the first tab's panel follows at once.
    const second = await session.context.newPage();
    await second.goto(TMALL_URL);
    const secondOverlay = overlayOf(session, second);
    await secondOverlay.click({ className: 'hw-launcher' });
    await secondOverlay.click({ role: 'button', name: 'Saved. Press to remove from saved items' });
    await firstOverlay.waitFor({ role: 'button', name: 'Save this product' });
    expect(await savedHere()).toEqual([]);
    await first.close();
    await second.close();
  });
});
