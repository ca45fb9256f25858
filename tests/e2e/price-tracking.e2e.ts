import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, type GrantedExtension } from '../harness/feed-follow';
import { FIXTURE_PAGES } from '../harness/paths';
import { overlayOf } from '../harness/overlay';
import { readDatabase, seedDatabase } from '../harness/seed';

/*
 * Background price checks in Chromium (issue 17): a saved product of another store (schema.org data
 * in the served page) is checked by the service worker on its alarm, through the offscreen document's
 * DOMParser; its page, served at its real https address by the harness's route, changes price between
 * checks. The history grows with background-check points and the alert fires once for a price.
 *
 * Chromium's permission prompts cannot be answered by a test: the copy of the build grants the store's
 * host (as turning the store on in Settings does) and `notifications` (as the first alert asks) at install.
 */

/** The chrome.* calls made inside the extension's service worker below (run there by playwright). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  alarms: { create(name: string, info: { when: number }): Promise<void> };
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
  action: { getBadgeText(details: object): Promise<string> };
  tabs: { query(query: object): Promise<{ id: number }[]>; sendMessage(id: number, message: object): Promise<unknown> };
};

const ORIGIN = 'https://www.example-shop.de';
const PRODUCT_URL = `${ORIGIN}/produkte/wasserkocher-blau?color=blau`;
const KEY = 'site:example-shop.de/WK-17-BL';
const PAGE = readFileSync(join(FIXTURE_PAGES, 'hand-site-json-ld.html'), 'utf8');
const pageAt = (price: string) => PAGE.replace('"price":"49.90"', `"price":"${price}"`);
const eur = (minor: number) => ({ currency: 'EUR', minMinor: minor, maxMinor: minor });
const T0 = Date.now() - 86_400_000;

describe('background price checks (Chromium)', () => {
  let session: ExtensionSession;
  let extension: GrantedExtension;
  let popup: Page;

  beforeAll(async () => {
    extension = extensionWithHostsGranted([ORIGIN]);
    const manifestPath = join(extension.dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.permissions = [...manifest.permissions, 'notifications'];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    session = await launchChromiumWithExtension({ extensionDir: extension.dir });
    await seedDatabase(session, {
      products: [
        {
          key: KEY,
          platform: 'site',
          productId: 'example-shop.de/WK-17-BL',
          canonicalUrl: PRODUCT_URL,
          title: 'Wasserkocher Blau 1,7 l',
          imageUrl: null,
          shopName: null,
          storeDomain: 'example-shop.de',
          lastPrice: eur(4990),
          priceHistory: [{ at: T0, price: eur(4990), source: 'visit' }],
          firstSeenAt: T0,
          lastSeenAt: T0,
          updatedAt: T0,
        },
      ],
      saved: [{ productKey: KEY, savedAt: T0, note: '', viaExpertId: null, priceAlert: { kind: 'any' }, updatedAt: T0 }],
    });
    popup = await session.openExtensionPage('popup.html');
    // Background checks are off until the user turns them on.
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByLabel('Check prices of saved items and cart lines in the background').check();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  /** Runs one round now, as the alarm does, after forgetting when the product and its store were last asked. */
  async function checkNow(price: string): Promise<void> {
    await session.serve([{ url: PRODUCT_URL, html: pageAt(price) }]);
    const worker = await session.background();
    const before = await worker.evaluate(async (key) => {
      const { priceCheckState } = await chrome.storage.local.get('priceCheckState');
      const state = (priceCheckState ?? { stores: {}, products: {} }) as { stores: Record<string, unknown>; products: Record<string, { lastCheckAt: number }> };
      // The test's clock: the product is due and its store may be asked (the schedule itself is unit-tested).
      state.stores = {};
      if (state.products[key]) state.products[key].lastCheckAt = 0;
      await chrome.storage.local.set({ priceCheckState: state });
      await chrome.alarms.create('haowu-price-checks', { when: Date.now() });
      return state.products[key]?.lastCheckAt ?? -1;
    }, KEY);
    await expect
      .poll(
        () =>
          worker.evaluate(async (key) => {
            const { priceCheckState } = await chrome.storage.local.get('priceCheckState');
            return (priceCheckState as { products?: Record<string, { lastCheckAt: number }> } | undefined)?.products?.[key]?.lastCheckAt ?? -1;
          }, KEY),
        { timeout: 30_000, interval: 250 },
      )
      .toBeGreaterThan(Math.max(before, 0));
  }

  const unseenAlerts = async () => (await (await session.background()).evaluate(async () => (await chrome.storage.local.get('priceAlertsUnseen')).priceAlertsUnseen ?? 0)) as number;
  const notifications = async () => (await (await session.background()).evaluate(() => chrome.notifications.getAll())) as Record<string, boolean>;
  const product = async () => (await readDatabase(session)).products.find((record) => record.key === KEY)!;

  it('a check reads a lower price from the served page, records it as a background check and alerts', async () => {
    await checkNow('44.90');
    // Read before anything opens Haowu's popup page (readDatabase does): opening the Saved tab counts alerts as seen.
    expect(await unseenAlerts()).toBe(1);
    expect(Object.keys(await notifications())).toEqual([`haowu-price:${KEY}`]);
    // The toolbar badge (set a moment later, once for a burst of changes).
    await expect.poll(async () => (await session.background()).evaluate(() => chrome.action.getBadgeText({})), { timeout: 10_000 }).toBe('↓1');
    const record = await product();
    expect(record.lastPrice).toEqual(eur(4490));
    expect(record.priceHistory.map((point) => [point.price?.minMinor, point.source])).toEqual([
      [4990, 'visit'],
      [4490, 'check'],
    ]);
  }, 90_000);

  it('the history grows; a price that returns to the alerted value does not alert twice', async () => {
    await (await session.background()).evaluate((key) => chrome.notifications.clear(`haowu-price:${key}`), KEY);
    const before = await unseenAlerts();
    await checkNow('49.90');
    await checkNow('44.90');
    expect(await unseenAlerts()).toBe(before);
    expect(await notifications()).toEqual({});
    await checkNow('39.90');
    expect(await unseenAlerts()).toBe(before + 1);
    const record = await product();
    expect(record.priceHistory.map((point) => point.price?.minMinor)).toEqual([4990, 4490, 4990, 4490, 3990]);
  }, 120_000);

  it('a page that no longer states a price keeps the last one and says so', async () => {
    await session.serve([{ url: PRODUCT_URL, html: PAGE.replace('"price":"49.90",', '') }]);
    const worker = await session.background();
    await worker.evaluate(async (key) => {
      const { priceCheckState } = await chrome.storage.local.get('priceCheckState');
      const state = priceCheckState as { stores: Record<string, unknown>; products: Record<string, { lastCheckAt: number }> };
      state.stores = {};
      state.products[key]!.lastCheckAt = 0;
      await chrome.storage.local.set({ priceCheckState: state });
      await chrome.alarms.create('haowu-price-checks', { when: Date.now() });
    }, KEY);
    await expect
      .poll(() => worker.evaluate(async (key) => ((await chrome.storage.local.get('priceCheckState')).priceCheckState as { products: Record<string, { outcome: string }> }).products[key]?.outcome, KEY), {
        timeout: 30_000,
      })
      .toBe('no-price');
    expect((await product()).lastPrice).toEqual(eur(3990));
  }, 90_000);

  it('the Saved tab shows the history chart with the lowest price and the last check', async () => {
    await popup.reload();
    const row = popup.locator('article').filter({ hasText: 'Wasserkocher Blau 1,7 l' });
    await row.getByRole('button', { name: 'Price history and alert for Wasserkocher Blau 1,7 l' }).click();
    const history = popup.getByRole('region', { name: 'Price history' });
    await history.getByRole('img', { name: /^Price history in EUR, 5 points/ }).waitFor({ timeout: 15_000 });
    const text = await history.textContent();
    expect(text).toContain('Lowest: €39.90');
    expect(text).toContain('Highest: €49.90');
    expect(text).toContain('no price could be read');
    // Opening the Saved tab counts the alerts as seen.
    await expect.poll(unseenAlerts).toBe(0);
  }, 60_000);

  it('the panel on a product page says today is the lowest Haowu has seen, and draws the history', async () => {
    const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
    const KEY_TMALL = 'tmall:605258110430';
    const cny = (low: number, high: number) => ({ currency: 'CNY', minMinor: low, maxMinor: high });
    await seedDatabase(session, {
      products: [
        {
          key: KEY_TMALL,
          platform: 'tmall',
          productId: '605258110430',
          canonicalUrl: TMALL_URL,
          title: 'iPhone 11',
          imageUrl: null,
          shopName: null,
          storeDomain: 'tmall.com',
          lastPrice: cny(599900, 729900),
          priceHistory: [
            { at: T0 - 2 * 86_400_000, price: cny(649900, 799900), source: 'visit' },
            { at: T0, price: cny(599900, 729900), source: 'visit' },
          ],
          firstSeenAt: T0,
          lastSeenAt: T0,
          updatedAt: T0,
        },
      ],
    });
    await session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.waitFor({ className: 'hw-launcher' });
    // Opened the way the keyboard shortcut does (the background relays the command to the tab).
    await (await session.background()).evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      await chrome.tabs.sendMessage(tab!.id, { id: 1, type: 'toggleOverlay', data: undefined, timestamp: Date.now() });
    }, TMALL_URL);
    await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
    // The page says ¥5,499.00–6,799.00: below every price Haowu had seen.
    await overlay.waitFor({ text: /^Lowest Haowu has seen, \d{1,2} [A-Z][a-z]{2}$/ });
    await overlay.click({ role: 'button', name: 'Price history' });
    const chart = await overlay.waitFor({ role: 'img', name: /^Price history in CNY, [23] points/ });
    expect(chart).toBeTruthy();
    const note = await overlay.waitFor({ text: 'Tmall fills in its price in the browser, so its price updates when you visit the page.' });
    expect(note).toBeTruthy();
    await page.close();
  }, 90_000);
});
