import { parseHTML } from 'linkedom';
import { parse, serialize } from 'parse5';
import { detectProduct } from '../../utils/detect-product';
import { loadedPageModel, providePageModel } from '../../utils/page-model/api';
import { tracePageModel, type ModelTrace, type ModelWeights } from '../../utils/page-model/model';
import { pageModelFields } from '../../utils/page-model/page-fields';
import { readMoney } from '../../utils/page-model/money';
import type { Price } from '../../utils/product';
import { matchStoreUrl } from '../../utils/read-product';
import { registrableDomainOf } from '../../utils/registrable-domain';
import { loadRealPages, type RealPage } from '../fixtures/real-pages/sidecar';

/*
 * How well Haowu reads the real-page set (tests/fixtures/real-pages), in Node: parsed as a browser
 * parses (parseLikeABrowser); the model reads no layout, so this is what the browser computes. Used by `npm run bench` (detection
 * figures) and by the training script (on the train split only).
 *
 * - product found: a product page where a product is detected.
 * - title right: the detected title equals the expected one after Unicode NFKC, lower-casing, collapsing
 *   whitespace and trimming; nothing else is forgiven.
 * - price right: on a product page whose expected price is not null, the detected price has the expected
 *   currency and the same low and high amounts (in minor units) as the expected price text (as shown on
 *   the page, e.g. `131 990 тг.`) read in the expected currency. A page where nothing was detected counts as wrong for title and price.
 * - false product: a page that is not a product page (listing, search, cart, home, other) where a product is detected.
 */

export const normaliseTitle = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export function samePrice(found: Price | null, expectedText: string, currency: string): boolean {
  const expected = readMoney(expectedText, currency, '', currency);
  return expected !== null && found !== null && found.currency === currency && found.minMinor === expected.minMinor && found.maxMinor === expected.maxMinor;
}

/**
 * A saved page as a document that runs no scripts and fetches nothing, built as a browser builds it.
 * parse5 (the WHATWG parsing algorithm, as Chromium and Firefox implement it) builds the tree; linkedom
 * then holds it, from parse5's serialization, which htmlparser2 reads back unchanged. linkedom alone
 * (htmlparser2) is not a browser's parser: on 13 of the 130 real pages its body differed, 7 of them empty
 * (a `<base>` or a `<text>` wrapper before `<!DOCTYPE>`), and happy-dom 21's parser stops early on others
 * (jumbo.ch: 179 of about 900 elements).
 */
export function parseLikeABrowser(html: string): Document {
  let tree = browserTrees.get(html);
  if (tree === undefined) browserTrees.set(html, (tree = serialize(parse(html))));
  return parseHTML(tree).document as unknown as Document;
}
// parse5's serialization per page: the trainer reads each page several times.
const browserTrees = new Map<string, string>();

export function withDocument<T>(page: RealPage, use: (document: Document, url: URL) => T): T {
  const url = new URL(page.sidecar.url);
  // The extension reads https pages only; a page saved from its http address is read as its https one.
  url.protocol = 'https:';
  return use(parseLikeABrowser(page.html), url);
}

export interface Outcome {
  name: string;
  kind: string;
  found: boolean;
  titleRight: boolean;
  /** null when the page states no price. */
  priceRight: boolean | null;
}

export interface Rates {
  productPages: number;
  pricedPages: number;
  otherPages: number;
  /** Shares in %, of the pages each is counted over. */
  productMissed: number;
  titleWrong: number;
  priceWrong: number;
  falseProducts: number;
  /** Of the shop's own pages that show no one product (category, search, cart, home): the goal names these. */
  falseShopPages: number;
}

/** The kinds of page the issue names for "no product": a shop's category, search, cart and home pages. */
const SHOP_PAGE_KINDS = new Set(['listing', 'search', 'cart', 'home']);

export function ratesOf(outcomes: readonly Outcome[]): Rates {
  const products = outcomes.filter((o) => o.kind === 'product');
  const priced = products.filter((o) => o.priceRight !== null);
  const others = outcomes.filter((o) => o.kind !== 'product');
  const share = (part: number, whole: number) => (whole ? (100 * part) / whole : 0);
  return {
    productPages: products.length,
    pricedPages: priced.length,
    otherPages: others.length,
    productMissed: share(products.filter((o) => !o.found).length, products.length),
    titleWrong: share(products.filter((o) => !o.titleRight).length, products.length),
    priceWrong: share(priced.filter((o) => !o.priceRight).length, priced.length),
    falseProducts: share(others.filter((o) => o.found).length, others.length),
    falseShopPages: share(others.filter((o) => o.found && SHOP_PAGE_KINDS.has(o.kind)).length, others.filter((o) => SHOP_PAGE_KINDS.has(o.kind)).length),
  };
}

export function outcomeOf(page: RealPage, found: { title: string | null; price: Price | null } | null): Outcome {
  const expected = page.sidecar.expected;
  return {
    name: page.name,
    kind: page.sidecar.kind,
    found: found !== null,
    titleRight: Boolean(expected && found?.title && normaliseTitle(found.title) === normaliseTitle(expected.title)),
    priceRight: expected?.price && expected.currency ? samePrice(found?.price ?? null, expected.price, expected.currency) : null,
  };
}

/**
 * What the extension detects on each page: every store module, other stores on, and on other stores the
 * page model loaded as the content script loads it (structured data reconciled with the page as shown,
 * or the model alone where there is none). `withModel: false`: structured data alone, as before the model loads.
 */
export async function pipelineOutcomes(pages: readonly RealPage[], { withModel = true } = {}): Promise<Outcome[]> {
  const installed = loadedPageModel();
  providePageModel(withModel ? (installed ?? pageModelFields) : undefined);
  try {
    return pages.map((page) => withDocument(page, (document, url) => outcomeOf(page, detectProduct(document, url, { amazon: true, otherSites: true }))));
  } finally {
    providePageModel(installed);
  }
}

/** The store's currency for a page, as the URL names it (what the model gets for a price without a sign). */
export function currencyOfPage(url: URL): string {
  return matchStoreUrl(url, { amazon: true, otherSites: true, domainOf: registrableDomainOf })?.match.currency ?? 'USD';
}

/** The model alone on every page, whatever structured data it has: how the model itself reads. */
export async function modelTraces(pages: readonly RealPage[], weights?: ModelWeights): Promise<{ page: RealPage; trace: ModelTrace; outcome: Outcome }[]> {
  const results = [];
  for (const page of pages) {
    results.push(
      withDocument(page, (document, url) => {
        const trace = tracePageModel(document, url, currencyOfPage(url), weights);
        return { page, trace, outcome: outcomeOf(page, trace.reading.product) };
      }),
    );
  }
  return results;
}

/** Counts for a set of outcomes, as the figures and the trainer's cross-validation print them. */
export function countsLine(outcomes: readonly Outcome[]): string {
  const products = outcomes.filter((o) => o.kind === 'product');
  const priced = products.filter((o) => o.priceRight !== null);
  const others = outcomes.filter((o) => o.kind !== 'product');
  const share = (part: number, whole: number) => (whole ? ` (${((100 * part) / whole).toFixed(1)} %)` : '');
  const found = products.filter((o) => o.found).length;
  const titles = products.filter((o) => o.titleRight).length;
  const prices = priced.filter((o) => o.priceRight).length;
  const falses = others.filter((o) => o.found).length;
  return `found ${found}/${products.length}${share(found, products.length)}, title ${titles}${share(titles, products.length)}, price ${prices}/${priced.length}${share(prices, priced.length)}, false ${falses}/${others.length}`;
}

export const realPages = (split: 'train' | 'heldout'): RealPage[] => loadRealPages(split);
