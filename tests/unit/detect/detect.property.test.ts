import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectProduct, explainDetection, matchProductUrl } from '../../../utils/detect-product';
import { DetectedProduct } from '../../../utils/product';
import { ALL_STORES } from '../../../utils/stores/all-stores';
import { parsePage, readPage, readSidecar } from './load-page';

const ALL_ON = { amazon: true, otherSites: true };
// A hang guard, not a speed target (speed is measured in the benchmark).
const HANG_GUARD_MS = 500;

const productUrls = ALL_STORES.flatMap((store) => store.examples.product);
const seedPages = ['hand-tmall-current-layout', 'hand-jd-priced', 'hand-pinduoduo-rawdata', 'hand-site-json-ld', 'hand-taobao-world-gconfig', 'hand-tmall-hk-script-data'].map(
  (name) => readPage(name),
);

// Fragments real pages are made of, including the markers the readers look for, half-finished.
const fragment = fc.constantFrom(
  '<script>window.rawData = {"store":{"initDataObj":{"goods":{"goodsName":',
  '<script>TShop.Setup({"itemDO":{"title":"x"',
  '<script>var g_config = { shopName: \'\\u',
  '<script>var pageConfig = { product: { name: \'',
  '<script type="application/ld+json">{"@type":"Product","offers":[{"price":"1e400"}',
  '<script type="application/ld+json">{"@graph":[[[[[[[[{"@type":"Product"}]]]]]]]]}</script>',
  '<div itemscope itemtype="https://schema.org/Product"><span itemprop="offers" itemscope><meta itemprop="price" content="NaN">',
  '<meta property="og:type" content="product"><meta property="og:image" content="javascript:alert(1)">',
  '<span class="tm-price">￥１２３．４５ - </span>',
  '<span class="Price--priceText--x">¥99999999999999999999</span>',
  '<del><span class="price J-p-1">￥699</span></del>',
  '<h1 class="ItemHeader--mainTitle--a"></h1>',
  '</script>',
  '<!--',
  '{{{{{{{{',
  '"',
);

/** Mutates a real page: cuts it, splices random text and fragments in. */
const mutatedPage = fc
  .tuple(fc.constantFrom(...seedPages), fc.array(fc.tuple(fc.nat(), fc.oneof(fragment, fc.string({ maxLength: 80 }))), { maxLength: 6 }), fc.nat())
  .map(([page, edits, cut]) => {
    let html = page.slice(0, page.length - (cut % Math.max(1, page.length / 2)));
    for (const [at, text] of edits) {
      const i = at % (html.length + 1);
      html = html.slice(0, i) + text + html.slice(i);
    }
    return html;
  });

const randomUrl = fc.oneof(
  fc.constantFrom(...productUrls).map((href) => new URL(href)),
  fc.webUrl({ withQueryParameters: true, withFragments: true }).map((href) => new URL(href)),
  fc
    .tuple(fc.constantFrom(...productUrls), fc.string({ maxLength: 30 }))
    .map(([href, junk]) => new URL(href.replace(/\d{4}/, encodeURIComponent(junk)))),
);

function timedDetect(document: Document, url: URL) {
  const started = performance.now();
  const result = explainDetection(document, url, ALL_ON);
  expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  return result;
}

describe('detection on random and mutated pages', () => {
  it('never throws, never hangs, and returns only valid products', () => {
    fc.assert(
      fc.property(mutatedPage, randomUrl, (html, url) => {
        const result = timedDetect(parsePage(html), url);
        if (result.product) expect(DetectedProduct.safeParse(result.product).success).toBe(true);
        else expect(result.reason).toMatch(/\S/);
      }),
      { numRuns: 150 },
    );
  });

  it('survives arbitrary text as a page', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), randomUrl, (html, url) => {
        timedDetect(parsePage(html), url);
      }),
      { numRuns: 150 },
    );
  });

  it('matchProductUrl accepts any URL without throwing', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (href) => {
        const match = matchProductUrl(new URL(href), ALL_ON);
        if (match) expect(match.canonicalUrl.startsWith('https://')).toBe(true);
      }),
    );
  });

  it('the big real page still gives its product after mutations outside the product area', () => {
    const html = readPage('tmall-605258110430');
    const url = new URL(readSidecar('tmall-605258110430').url);
    const bodyEnd = html.lastIndexOf('</body>');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }).filter((s) => !/[<&]/.test(s)), (junk) => {
        const product = detectProduct(parsePage(`${html.slice(0, bodyEnd)}<p>${junk}</p>${html.slice(bodyEnd)}`), url);
        expect(product?.key).toBe('tmall:605258110430');
      }),
      { numRuns: 5 },
    );
    // Five parses of a 600 KB page in happy-dom: about 4 s alone, more on a loaded 2-core machine.
  }, 60_000);
});
