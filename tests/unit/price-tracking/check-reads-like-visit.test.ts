import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explainDetection, matchStoreUrl, type Detection } from '../../../utils/detect-product';
import { loadedPageModel, providePageModel } from '../../../utils/page-model/api';
import { pageModelFields } from '../../../utils/page-model/page-fields';
import { readWithoutDomParser } from '../../../utils/price-tracking/light-read';
import { readServedPage, slimServedPage } from '../../../utils/price-tracking/served-page';
import { loadRealPages } from '../../fixtures/real-pages/sidecar';
import { parseLikeABrowser } from '../../tools/page-model-eval';

/*
 * A background check reads an other store's page (platform 'site') as a visit reads it: the content
 * script loads the page model before it first reads such a page, so other-site.ts reconciles the
 * structured data with the page as shown (utils/page-model/reconcile.ts); the check's DOMParser reader
 * (served-page.ts: the offscreen document in Chrome, the background page in Firefox) must run the same,
 * on the page as slimmed (slim-page.ts), and the service worker's light path, which has no model, must
 * decline such pages. Otherwise visits and checks alternate between two prices (toralin: 5,95 € shown,
 * 4,92 € without VAT in its microdata) and the alternation raises false price-drop alerts.
 *
 * Pages are parsed as a browser parses them (parse5, then linkedom: tests/tools/page-model-eval.ts);
 * the check's DOMParser is that same parser here.
 */

const EVERY_STORE = { amazon: true, otherSites: true } as const;
const httpsUrl = (address: string) => address.replace(/^http:/, 'https:');
const otherStore = (address: string) => matchStoreUrl(new URL(httpsUrl(address)), EVERY_STORE)?.match.platform === 'site';

/** What a visit records: the content script's detection with the page model loaded, on the page as the browser builds it. */
function visitReading(html: string, url: string): Detection {
  const before = loadedPageModel();
  providePageModel(pageModelFields);
  try {
    return explainDetection(parseLikeABrowser(html), new URL(url), EVERY_STORE);
  } finally {
    providePageModel(before);
  }
}

const titleAndPrice = (detection: Detection) => (detection.product ? { title: detection.product.title, price: detection.product.price } : null);

beforeEach(() => {
  vi.stubGlobal(
    'DOMParser',
    class {
      parseFromString(html: string): Document {
        return parseLikeABrowser(html);
      }
    },
  );
  // The content script's state: no model until the background injects it.
  providePageModel(undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  providePageModel(undefined);
});

describe('a background check reads an other store’s page as a visit does', () => {
  it('records the price the toralin page shows (5,95 €), not its microdata’s price without VAT (4,92 €)', () => {
    const [page] = loadRealPages().filter((entry) => entry.name === 'toralin-xado-grease');
    const url = httpsUrl(page!.sidecar.url);
    const checked = readServedPage(page!.html, url);
    expect(checked.product?.price).toEqual({ currency: 'EUR', minMinor: 595, maxMinor: 595 });
    expect(readWithoutDomParser(slimServedPage(page!.html), url)).toEqual({ detection: null, fallback: expect.stringContaining('page model') });
    // The model is installed for the check's read only: the context's global is as it was.
    expect(loadedPageModel()).toBeUndefined();
  }, 60_000);

  it('records the shown price on a hand-made page whose markup states the list price', () => {
    const html = `<!DOCTYPE html><html><head><title>Kettle | Example Shop</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Steel kettle","offers":{"@type":"Offer","price":"49.99","priceCurrency":"EUR"}}</script>
      <style>.old{text-decoration:line-through}</style></head>
      <body><main><h1>Steel kettle</h1><div class="price"><del>49,99 €</del> <span class="now">39,99 €</span></div>
      <button type="submit" name="add-to-cart">In den Warenkorb <svg viewBox="0 0 1 1"><path d="M0 0"/></svg></button></main></body></html>`;
    const url = 'https://www.example-shop.de/produkte/steel-kettle';
    expect(visitReading(html, url).product?.price).toEqual({ currency: 'EUR', minMinor: 3999, maxMinor: 3999 });
    expect(readServedPage(html, url).product?.price).toEqual({ currency: 'EUR', minMinor: 3999, maxMinor: 3999 });
  });

  it('leaves Amazon and partner stores to their own readers (no model)', () => {
    const html = `<!DOCTYPE html><html><head><meta property="og:type" content="product"><meta property="product:price:amount" content="5.00"><meta property="product:price:currency" content="EUR"><title>Thing | Shop</title></head><body><h1>Thing</h1><p class="price">9,00 €</p></body></html>`;
    const reading = readWithoutDomParser(slimServedPage(html), 'https://www.amazon.de/dp/B000000001');
    expect(reading.fallback ?? '').not.toContain('page model');
  });

  describe('every other store’s real page: slimmed and read by the check’s DOMParser reader, as the visit reads it whole', () => {
    const pages = loadRealPages().filter((page) => otherStore(page.sidecar.url));
    let products = 0;

    it.each(pages.map((page) => [page.name, page] as const))(
      '%s',
      (_name, page) => {
        const url = httpsUrl(page.sidecar.url);
        const visit = visitReading(page.html, url);
        if (visit.product) products++;
        expect(titleAndPrice(readServedPage(page.html, url))).toEqual(titleAndPrice(visit));
      },
      60_000,
    );

    // After the pages above (tests in a file run in order): the comparison was not of nothing.
    it('covered many other stores’ product pages', () => {
      expect(products).toBeGreaterThan(50);
    });
  });
});
