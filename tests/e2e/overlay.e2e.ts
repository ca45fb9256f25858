import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
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

const cardNames = (page: Page) => page.locator('haowu-overlay article').evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label')));

describe('overlay on a product page (Chromium)', () => {
  let session: ExtensionSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
      { url: PARTNER_LINK, html: '<!doctype html><title>partner redirect</title>' },
    ]);
    await seedDatabase(session, { experts: [mei, bo], recommendations: picks });
    page = await session.context.newPage();
    await page.goto(TMALL_URL);
  });
  afterAll(async () => session?.close());

  it('counts the picks on the launcher and shows them, followed expert first, off-host link hidden', async () => {
    const launcher = page.getByRole('button', { name: 'Open Haowu: 2 expert picks' });
    // The panel's script and styles come only when the shopper opens it.
    const panelStyles = () => page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot?.querySelectorAll('style[data-haowu-panel]').length);
    await launcher.waitFor();
    expect(await panelStyles()).toBe(0);
    await launcher.click();
    await expect.poll(panelStyles).toBe(1);
    await page.getByRole('dialog', { name: 'Haowu on this product' }).waitFor();
    await expect(cardNames(page)).resolves.toEqual(['Bo (demo)', 'Mei (demo)']);
    await expect(page.getByText('Off-host link').count()).resolves.toBe(0);
  });

  it('shows the pick count on the toolbar badge of that tab only', async () => {
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
    expect(badges.find((tab) => tab.url === TMALL_URL)?.text).toBe('2');
    expect(badges.filter((tab) => tab.url !== TMALL_URL).every((tab) => tab.text === '')).toBe(true);
  });

  it('discloses the commission and opens the expert link in a new tab', async () => {
    const card = page.getByRole('article', { name: 'Mei (demo)' });
    await expect(card.getByText('This link may earn Mei (demo) a commission').isVisible()).resolves.toBe(true);
    await expect(card.getByRole('link', { name: 'Open the store page without the link' }).getAttribute('href')).resolves.toBe(TMALL_URL);
    const [opened] = await Promise.all([session.context.waitForEvent('page'), card.getByRole('link', { name: 'Buy via Mei (demo)' }).click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(PARTNER_LINK);
    await opened.close();
  });

  it('follows an expert and re-orders the cards', async () => {
    await page.getByRole('button', { name: 'Follow Mei (demo)' }).click();
    await expect.poll(() => cardNames(page)).toEqual(['Mei (demo)', 'Bo (demo)']);
    const data = await readDatabase(session);
    expect(data.experts.find((record) => record.id === mei.id)?.followed).toBe(true);
  });

  it('saves and adds to cart, and both reach the database', async () => {
    await page.getByRole('button', { name: 'Save this product' }).click();
    await page.getByRole('button', { name: 'Saved. Press to remove from saved items' }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('Variant or size (optional)').fill('128GB black');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('button', { name: 'In cart (2)' }).waitFor();
    const data = await readDatabase(session);
    // Mei's card comes first now that she is followed: saved via her, and the line through her pick,
    // so checkout can offer her (disclosed) link beside the plain store link.
    expect(data.saved).toMatchObject([{ productKey: `tmall:${TMALL_ID}`, viaExpertId: mei.id }]);
    expect(data.cart).toMatchObject([{ productKey: `tmall:${TMALL_ID}`, quantity: 2, variant: '128GB black', store: 'tmall', viaRecommendationId: 'ed25519:mei/1' }]);
    expect(data.products.find((product) => product.key === `tmall:${TMALL_ID}`)?.title).toContain('iPhone 11');
  });

  it('closes on Escape and returns focus to the launcher', async () => {
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await expect.poll(() => page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot?.activeElement?.className)).toContain('hw-launcher');
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
    await page.getByRole('dialog', { name: 'Haowu on this product' }).waitFor();
    await relayToggle();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.querySelector('haowu-overlay')?.shadowRoot?.activeElement?.className)).toContain('hw-launcher');
  });

  it('follows in-page navigation to another product and shows its own picks, in the same overlay', async () => {
    await page.evaluate((id) => history.pushState({}, '', `/item.htm?id=${id}`), OTHER_ID);
    // WXT notices in-page navigation by polling the URL about once a second.
    await expect.poll(() => page.locator('haowu-overlay .hw-root').getAttribute('data-product-key'), { timeout: 5000 }).toBe(`tmall:${OTHER_ID}`);
    await page.getByRole('button', { name: 'Open Haowu: 1 expert pick' }).click();
    await page.getByRole('dialog').waitFor();
    await expect(cardNames(page)).resolves.toEqual(['Mei (demo)']);
    await expect(page.getByText('The other product').isVisible()).resolves.toBe(true);
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
    await page.getByRole('button', { name: 'Open Haowu: 1 expert pick' }).click();
    await page.getByRole('button', { name: 'Keep Haowu collapsed' }).click();
    await page.locator('haowu-overlay .hw-root--collapsed').waitFor();
    expect(await settingsInStorage()).toMatchObject({ overlayCollapsed: true });
    await page.reload();
    await page.locator('haowu-overlay .hw-root--collapsed').waitFor();
    await page.close();
  });

  it('hides Haowu on the store when asked, at once and after a reload, until undone in Settings', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    await page.getByRole('button', { name: /Open Haowu/ }).click();
    await page.getByRole('button', { name: 'Hide Haowu on Tmall' }).click();
    await expect.poll(() => page.locator('haowu-overlay').count()).toBe(0);
    expect(await settingsInStorage()).toMatchObject({ hiddenStores: ['tmall'] });
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await page.locator('haowu-overlay').count()).toBe(0);

    // Undone from the popup's settings: the page shows Haowu again without a reload.
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByRole('button', { name: 'Show Haowu again on Tmall' }).click();
    await page.locator('haowu-overlay .hw-launcher').waitFor();
    expect(await settingsInStorage()).toMatchObject({ hiddenStores: [] });
    await popup.close();
    await page.close();
  });
});
