import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { overlayOf, type OverlayDriver } from '../harness/overlay';
import { FIXTURE_PAGES } from '../harness/paths';
import { readDatabase, seedDatabase } from '../harness/seed';
import { expert, recommendation } from '../unit/db/records';

const TMALL_ID = '605258110430';
const TMALL_URL = `https://detail.tmall.com/item.htm?id=${TMALL_ID}`;
const OTHER_ID = '600000000001';
const PARTNER_LINK = 'https://s.click.taobao.com/t?e=demo-mei';

// Two experts: Bo is followed, Mei is not but rates higher. A third pick links off the partner hosts.
const mei = expert({ id: 'ed25519:mei', displayName: 'Mei (demo)', followed: false, followedAt: null });
const bo = expert({ id: 'ed25519:bo', displayName: 'Bo (demo)', followed: true });
const picks = [
  recommendation({ id: 'ed25519:mei/1', expertId: mei.id, productKey: `tmall:${TMALL_ID}`, rating: 5, reason: 'Battery lasts two days', partnerLink: PARTNER_LINK }),
  recommendation({ id: 'ed25519:bo/1', expertId: bo.id, productKey: `tmall:${TMALL_ID}`, rating: 3, reason: 'Fine for the price', partnerLink: `https://detail.tmall.com/item.htm?id=${TMALL_ID}&ali_trackid=bo` }),
  recommendation({ id: 'ed25519:bo/evil', expertId: bo.id, productKey: `tmall:${TMALL_ID}`, rating: 5, reason: 'Off-host link', partnerLink: 'https://tmall.com.evil.example/buy' }),
  recommendation({ id: 'ed25519:mei/2', expertId: mei.id, productKey: `tmall:${OTHER_ID}`, rating: 4, reason: 'The other product', partnerLink: PARTNER_LINK }),
];

// The Tmall capture as a store app would serve it: a "next product" button of the page's own whose
// click handler moves to another product in place (history.pushState), as single-page stores do.
const SPA_BUTTON = 'Next product (page’s own button)';
const tmallWithSpaButton = (): string =>
  readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8').replace(
    /<\/body>/i,
    `<button id="spa-next" type="button" style="position:fixed;top:8px;left:8px;z-index:2147483647">${SPA_BUTTON}</button>
<script>document.getElementById('spa-next').addEventListener('click', () => history.pushState({}, '', '/item.htm?id=${OTHER_ID}'));</script></body>`,
  );

/** The toolbar badge text of every tab, by address, read from an extension page. */
async function badgesByUrl(session: ExtensionSession): Promise<{ url: string; text: string }[]> {
  const extensionPage = await session.openExtensionPage('popup.html');
  const badges = await extensionPage.evaluate(async () => {
    type Tab = { id: number; url?: string };
    const api = (globalThis as unknown as {
      chrome: { tabs: { query: (q: object) => Promise<Tab[]> }; action: { getBadgeText: (d: { tabId: number }) => Promise<string> } };
    }).chrome;
    const tabs = await api.tabs.query({});
    return Promise.all(tabs.map(async (tab) => ({ url: tab.url ?? '', text: await api.action.getBadgeText({ tabId: tab.id }) })));
  });
  await extensionPage.close();
  return badges;
}

describe('overlay on a product page (Chromium)', () => {
  let session: ExtensionSession;
  let page: Page;
  let overlay: OverlayDriver;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([
      { url: TMALL_URL, html: tmallWithSpaButton() },
      { url: PARTNER_LINK, html: '<!doctype html><title>partner redirect</title>' },
    ]);
    await seedDatabase(session, { experts: [mei, bo], recommendations: picks });
    page = await session.context.newPage();
    await page.goto(TMALL_URL);
    overlay = overlayOf(session, page);
  });
  afterAll(async () => session?.close());

  it('counts the picks on the launcher and shows them, followed expert first, off-host link hidden', async () => {
    const launcher = { role: 'button', name: 'Open Haowu: 2 expert picks' };
    // The panel's script and styles come only when the shopper opens it.
    const panelStyles = async () => (await overlay.snapshot()).elements.filter((element) => element.tag === 'style' && 'data-haowu-panel' in element.attributes).length;
    await overlay.waitFor(launcher);
    expect(await panelStyles()).toBe(0);
    await overlay.click(launcher);
    await expect.poll(panelStyles).toBe(1);
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await expect(overlay.cardNames()).resolves.toEqual(['Bo (demo)', 'Mei (demo)']);
    await expect(overlay.count({ text: 'Off-host link' })).resolves.toBe(0);
    // The root is closed: the page reads nothing of it, and none of its elements are in the page's DOM.
    expect(await page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot)).toBeNull();
    expect(await page.evaluate(() => document.querySelectorAll('.hw-launcher, .hw-panel, [role="dialog"]').length)).toBe(0);
  });

  it('shows the pick count on the toolbar badge of that tab only', async () => {
    const badges = await badgesByUrl(session);
    expect(badges.find((tab) => tab.url === TMALL_URL)?.text).toBe('2');
    expect(badges.filter((tab) => tab.url !== TMALL_URL).every((tab) => tab.text === '')).toBe(true);
  });

  it('discloses the commission and opens the expert link in a new tab', async () => {
    const card = { role: 'article', name: 'Mei (demo)' };
    await expect(overlay.isVisible({ text: 'This link may earn Mei (demo) a commission', within: card })).resolves.toBe(true);
    await expect(overlay.attribute({ role: 'link', name: 'Open the store page without the link', within: card }, 'href')).resolves.toBe(TMALL_URL);
    const [opened] = await Promise.all([session.context.waitForEvent('page'), overlay.click({ role: 'link', name: 'Buy via Mei (demo)', within: card })]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(PARTNER_LINK);
    await opened.close();
  });

  it('follows an expert and re-orders the cards', async () => {
    await overlay.click({ role: 'button', name: 'Follow Mei (demo)' });
    await expect.poll(() => overlay.cardNames()).toEqual(['Mei (demo)', 'Bo (demo)']);
    const data = await readDatabase(session);
    expect(data.experts.find((record) => record.id === mei.id)?.followed).toBe(true);
  });

  it('saves and adds to cart, and both reach the database', async () => {
    await overlay.click({ role: 'button', name: 'Save this product' });
    await overlay.waitFor({ role: 'button', name: 'Saved. Press to remove from saved items' });
    await overlay.fill({ label: 'Quantity' }, '2');
    await overlay.fill({ label: 'Variant or size (optional)' }, '128GB black');
    await overlay.click({ role: 'button', name: 'Add to cart' });
    await overlay.waitFor({ role: 'button', name: 'In cart (2)' });
    const data = await readDatabase(session);
    // Mei's card comes first now that she is followed: saved via her, and the line through her pick,
    // so checkout can offer her (disclosed) link beside the plain store link.
    expect(data.saved).toMatchObject([{ productKey: `tmall:${TMALL_ID}`, viaExpertId: mei.id }]);
    expect(data.cart).toMatchObject([{ productKey: `tmall:${TMALL_ID}`, quantity: 2, variant: '128GB black', store: 'tmall', viaRecommendationId: 'ed25519:mei/1' }]);
    expect(data.products.find((product) => product.key === `tmall:${TMALL_ID}`)?.title).toContain('iPhone 11');
  });

  it('closes on Escape and returns focus to the launcher', async () => {
    await overlay.press('Escape');
    await expect(overlay.count({ role: 'dialog' })).resolves.toBe(0);
    await expect.poll(() => overlay.activeClass()).toContain('hw-launcher');
  });

  it('opens and closes the panel when the background relays the keyboard command', async () => {
    // Playwright cannot press an extension command; this sends what the background's command
    // listener sends (utils/background/toggle-overlay-command.ts), from the service worker.
    const relayToggle = async () =>
      (await session.background()).evaluate(async (url) => {
        type Chrome = { tabs: { query: (q: object) => Promise<{ id: number }[]>; sendMessage: (id: number, message: object) => Promise<unknown> } };
        const api = (globalThis as unknown as { chrome: Chrome }).chrome;
        const [tab] = await api.tabs.query({ url });
        await api.tabs.sendMessage(tab!.id, { id: 1, type: 'toggleOverlay', data: undefined, timestamp: Date.now() });
      }, TMALL_URL);
    await relayToggle();
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await relayToggle();
    await overlay.waitFor({ role: 'dialog' }, { state: 'detached' });
    await expect.poll(() => overlay.activeClass()).toContain('hw-launcher');
  });

  it('shows nothing of another product the page moved to by itself, until the shopper asks', async () => {
    // A fresh tab: no click or key press of the shopper's in it yet.
    const quiet = await session.context.newPage();
    await quiet.goto(TMALL_URL);
    const quietOverlay = overlayOf(session, quiet);
    await quietOverlay.waitFor({ role: 'button', name: 'Open Haowu: 2 expert picks' });
    // The page's script alone changes the address to another product.
    await quiet.evaluate((id) => history.pushState({}, '', `/item.htm?id=${id}`), OTHER_ID);
    await quietOverlay.waitFor({ role: 'button', name: 'Open Haowu: Show picks for this product' }, { timeout: 5000 });
    expect(await quietOverlay.productKey()).toBe('');
    expect(await quietOverlay.count({ role: 'article' })).toBe(0);
    expect((await readDatabase(session)).products.some((product) => product.key === `tmall:${OTHER_ID}`)).toBe(false);
    const otherUrl = `https://detail.tmall.com/item.htm?id=${OTHER_ID}`;
    expect((await badgesByUrl(session)).find((tab) => tab.url === otherUrl)?.text).toBe('');

    // The shopper presses the neutral launcher: now the product's picks, in the panel.
    await quietOverlay.click({ role: 'button', name: 'Open Haowu: Show picks for this product' });
    await quietOverlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    await expect.poll(() => quietOverlay.cardNames()).toEqual(['Mei (demo)']);
    expect(await quietOverlay.productKey()).toBe(`tmall:${OTHER_ID}`);
    expect((await readDatabase(session)).products.some((product) => product.key === `tmall:${OTHER_ID}`)).toBe(true);
    await quiet.close();
  });

  it('follows in-page navigation the shopper starts to another product, and shows its own picks in the same overlay', async () => {
    // The shopper clicks the page's own button (a real click); its handler calls history.pushState.
    await page.getByRole('button', { name: SPA_BUTTON }).click();
    expect(page.url()).toBe(`https://detail.tmall.com/item.htm?id=${OTHER_ID}`);
    // The content script hears of it from the Navigation API (currententrychange), no polling.
    await expect.poll(() => overlay.productKey(), { timeout: 5000 }).toBe(`tmall:${OTHER_ID}`);
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    await overlay.waitFor({ role: 'dialog' });
    await expect(overlay.cardNames()).resolves.toEqual(['Mei (demo)']);
    await expect(overlay.isVisible({ text: 'The other product' })).resolves.toBe(true);
    expect(await page.locator('haowu-overlay').count()).toBe(1);
  });

  it('leaves when in-page navigation goes to a page that is not a product', async () => {
    await page.evaluate(() => history.pushState({}, '', '/'));
    await expect.poll(() => page.locator('haowu-overlay').count(), { timeout: 5000 }).toBe(0);
  });
});
describe('the shopper’s choices and what the page says (Chromium)', () => {
  let session: ExtensionSession;
  const BROKEN_URL = 'https://detail.tmall.com/item.htm?id=600000000002';

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
      // A product address whose page names no title anywhere: nothing valid to show.
      { url: BROKEN_URL, html: '<!doctype html><meta charset="utf-8"><title></title><div id="J_DetailMeta"><span class="tm-price">99.00</span></div>' },
    ]);
    await seedDatabase(session, { experts: [mei], recommendations: picks.slice(0, 1) });
  });
  afterAll(async () => session?.close());

  const settingsInStorage = async () => {
    const extensionPage = await session.openExtensionPage('popup.html');
    const stored = await extensionPage.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { get: (key: string) => Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('settings'),
    );
    await extensionPage.close();
    return stored.settings as { overlayCollapsed?: boolean; hiddenStores?: string[] } | undefined;
  };

  it('shows nothing and records nothing when what the page says is not a valid product', async () => {
    const page = await session.context.newPage();
    // The background judges what the content script read; its refusal is logged on the page.
    const refused = page.waitForEvent('console', { predicate: (message) => message.text().includes('nothing shown on this page'), timeout: 10_000 });
    await page.goto(BROKEN_URL);
    expect((await refused).text()).toMatch(/title/);
    expect(await page.locator('haowu-overlay').count()).toBe(0);
    const data = await readDatabase(session);
    expect(data.products.some((product) => product.key === 'tmall:600000000002')).toBe(false);
    await page.close();
  });

  it('keeps Haowu collapsed for good, also after a reload', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    const collapsed = () => overlay.waitUntil((snapshot) => snapshot.rootClasses.includes('hw-root--collapsed'), 'the collapsed launcher');
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    await overlay.click({ role: 'button', name: 'Keep Haowu collapsed' });
    await collapsed();
    expect(await settingsInStorage()).toMatchObject({ overlayCollapsed: true });
    await page.reload();
    await collapsed();
    await overlay.waitFor({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    await page.close();
  });

  it('hides Haowu on the store when asked, at once and after a reload, until undone in Settings', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.click({ role: 'button', name: /^Open Haowu/ });
    await overlay.click({ role: 'button', name: 'Hide Haowu on Tmall' });
    await expect.poll(() => page.locator('haowu-overlay').count()).toBe(0);
    expect(await settingsInStorage()).toMatchObject({ hiddenStores: ['tmall'] });
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await page.locator('haowu-overlay').count()).toBe(0);

    // Undone from the popup's settings: the page shows Haowu again without a reload.
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByRole('button', { name: 'Show Haowu again on Tmall' }).click();
    await overlay.waitFor({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    expect(await settingsInStorage()).toMatchObject({ hiddenStores: [] });
    await popup.close();
    await page.close();
  });
});
