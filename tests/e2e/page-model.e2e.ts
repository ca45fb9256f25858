import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import { readDatabase } from '../harness/seed';
import { readRealPageHtml, readRealPageSidecar } from '../fixtures/real-pages/sidecar';

/*
 * The page model in Chromium (issue 18): an other store the shopper turned on, whose product page has
 * no structured data, served at its real address from the real-page set (train split), gets the
 * launcher, and the product the background records has the page's title and price, read by the model
 * that the background injected. A real category page of another enabled store gets nothing. A real page
 * whose microdata gives the price without VAT (4.92) gets the price it shows (5,95 €), and only that one
 * is recorded: the model is loaded before the page is first read.
 *
 * The copy of the build grants the stores' hosts at install (as turning them on in Settings does).
 */

/** The chrome.* calls made inside the extension's service worker below (run there by playwright). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  scripting: { getRegisteredContentScripts(): Promise<{ js?: string[]; runAt?: string; matches?: string[] }[]> };
};

const PRODUCT = 'tmon-subscription';
const LISTING = 'negative-vinosytapas-rioja-category';
const NET_PRICE = 'toralin-xado-grease';
/** The extension reads https pages only; the set keeps the address each page was saved from. */
const httpsAddress = (name: string) => readRealPageSidecar(name).url.replace(/^http:/, 'https:');

describe('the page model on an enabled other store', () => {
  let granted: GrantedExtension;
  let session: ExtensionSession;
  const productUrl = httpsAddress(PRODUCT);
  const listingUrl = httpsAddress(LISTING);
  const netPriceUrl = httpsAddress(NET_PRICE);
  const origins = [new URL(productUrl).origin, new URL(listingUrl).origin, new URL(netPriceUrl).origin];

  beforeAll(async () => {
    granted = extensionWithHostsGranted(origins);
    session = await launchChromiumWithExtension({ extensionDir: granted.dir });
    await session.serve([
      { url: productUrl, html: readRealPageHtml(PRODUCT) },
      { url: listingUrl, html: readRealPageHtml(LISTING) },
      { url: netPriceUrl, html: readRealPageHtml(NET_PRICE) },
    ]);
    const worker = await session.background();
    await worker.evaluate(async (origins) => {
      const { settings } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), otherSitesOptIn: true, otherSiteOrigins: origins.map((origin) => `${origin}/*`) } });
    }, origins);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    granted?.remove();
  });

  it('registers the settings read at document_start beside the product page script on the enabled stores, as the manifest does on partner stores', async () => {
    const worker = await session.background();
    const registered = () => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map(({ js, runAt, matches }) => ({ js, runAt, matches: [...(matches ?? [])].sort() })));
    const matches = origins.map((origin) => `${origin}/*`).sort();
    await expect.poll(registered, { timeout: 10_000 }).toEqual(
      expect.arrayContaining([
        { js: ['product-page-settings.js'], runAt: 'document_start', matches },
        { js: ['product-page.js'], runAt: 'document_idle', matches },
      ]),
    );
  });

  it('shows the launcher on a product page without structured data, with the title and price the page shows', async () => {
    const expected = readRealPageSidecar(PRODUCT).expected!;
    const key = `site:${new URL(productUrl).hostname.replace(/^www\./, '')}/${new URL(productUrl).pathname.replace(/^\/+/, '')}`;
    // The content script may be registered a moment after the setting changed: reload until it runs.
    await expect
      .poll(
        async () => {
          const page = await session.context.newPage();
          await page.goto(productUrl);
          const shown = await overlayOf(session, page)
            .waitFor({ className: 'hw-launcher' }, { timeout: 8_000 })
            .then(() => true)
            .catch(() => false);
          await page.close();
          return shown;
        },
        { timeout: 45_000, interval: 500 },
      )
      .toBe(true);
    const product = (await readDatabase(session)).products.find((record) => record.key === key);
    expect(product?.title).toBe(expected.title);
    expect(product?.lastPrice).toEqual({ currency: 'KRW', minMinor: 30000, maxMinor: 30000 });
  }, 90_000);

  it('records the price a page with structured data shows, not its markup’s price without VAT', async () => {
    const page = await session.context.newPage();
    await page.goto(netPriceUrl);
    await overlayOf(session, page).waitFor({ className: 'hw-launcher' }, { timeout: 15_000 });
    const product = (await readDatabase(session)).products.find((record) => record.storeDomain === 'toralin.de');
    expect(product?.title).toBe(readRealPageSidecar(NET_PRICE).expected!.title);
    expect(product?.lastPrice).toEqual({ currency: 'EUR', minMinor: 595, maxMinor: 595 });
    expect(product?.priceHistory.map((point) => point.price?.minMinor)).toEqual([595]);
    await page.close();
  }, 60_000);

  it('shows nothing on a category page of many products', async () => {
    const page = await session.context.newPage();
    await page.goto(listingUrl);
    // Long enough for the content script, the background's answer and the model's injection and run.
    await page.waitForTimeout(4_000);
    expect(await page.locator('haowu-overlay').count()).toBe(0);
    await page.close();
  }, 30_000);
});
