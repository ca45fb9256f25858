import { toHttpsUrl } from './canonical-url';
import type { FieldSource, FieldSources } from './field-source';
import { readJsonLdProduct } from './json-ld';
import { readMicrodataProduct } from './microdata';
import { openGraphPrice, readOpenGraphTags } from './open-graph';
import { cleanText, productTitle } from './page-text';
import { priceFromDecimals } from './price';
import type { DetectedProduct } from './product';
import { ALL_STORES } from './stores/all-stores';
import { siteName } from './stores/other-site';
import type { DetectOptions, PageFields, Store, UrlMatch } from './stores/store';

/*
 * Reading a product page, without validating what was read. This is the part of detection the content
 * script runs: it ships no schema library, and the background validates the product (DetectedProduct,
 * utils/product.ts) when the content script hands it over, before anything is shown or stored.
 * detectProduct (utils/detect-product.ts) is this plus the same validation, for tests and the CLI.
 */

/**
 * A product as read from the page: DetectedProduct's shape (the title may be missing), with values
 * not yet checked against it (lengths, https URLs, price bounds).
 */
export type ProductCandidate = Omit<DetectedProduct, 'title'> & { title: string | null };

/**
 * A reading: the candidate and which reader gave each of its fields (`sources`, for `npm run detect` and
 * logs; never sent to the background), or why there is none.
 */
export type ProductReading = { candidate: ProductCandidate; sources: FieldSources; reason: null } | { candidate: null; reason: string };

/** The enabled store module whose URL forms match, with what the URL says; null when none does. */
export function matchStoreUrl(url: URL, options: DetectOptions = {}): { store: Store; match: UrlMatch } | null {
  for (const store of ALL_STORES) {
    if (store.optIn && options[store.optIn] !== true) continue;
    const match = store.matchUrl(url, options.domainOf);
    if (match) return { store, match };
  }
  return null;
}

/**
 * URL check only, no DOM access: could this be a product page of an enabled store? The content script
 * calls this on every page and does nothing more when it says no.
 */
export function matchProductUrl(url: URL, options: DetectOptions = {}): UrlMatch | null {
  return matchStoreUrl(url, options)?.match ?? null;
}

/** Whether an address's match names this product's store (and its id, where the address carries one). */
export function matchNamesProduct(match: UrlMatch, product: Pick<DetectedProduct, 'platform' | 'productId' | 'storeDomain'>): boolean {
  return match.platform === product.platform && match.storeDomain === product.storeDomain && (match.productId === null || match.productId === product.productId);
}

type Filled = { fields: PageFields; sources: FieldSources };
type Fillable = Pick<PageFields, 'title' | 'price' | 'imageUrl' | 'shopName'>;

const FILLED_FIELDS = [['title', 'title'], ['price', 'price'], ['imageUrl', 'image'], ['shopName', 'shopName']] as const;

/**
 * Fills what the store's markup and scripts left empty from JSON-LD, microdata, OpenGraph, then `<title>`,
 * in that order, and says which reader gave each field. Each source is read only while something is still missing.
 */
function fillFromPageData(fields: PageFields, document: Document, store: Store, match: UrlMatch, url: URL): Filled {
  const { sources: given = {}, ...filled } = fields;
  // A store module names what it read from inline scripts; the rest of its fields came from its markup.
  const sources: FieldSources = {};
  for (const [key, field] of [...FILLED_FIELDS, ['productId', 'productId'] as const]) if (filled[key]) sources[field] = given[field] ?? 'markup';
  if (filled.price) sources.currency = given.currency ?? sources.price;
  /** Takes what is still missing from `found`, given by `source`; a price's currency by `currency`. */
  const take = (found: Fillable, source: FieldSource, currency: FieldSource = source): void => {
    for (const [key, field] of FILLED_FIELDS) {
      if (filled[key] || !found[key]) continue;
      (filled as Record<typeof key, unknown>)[key] = found[key];
      sources[field] = source;
      if (key === 'price') sources.currency = currency;
    }
  };
  const complete = (): boolean => Boolean(filled.title && filled.price && filled.imageUrl && filled.shopName);
  for (const [source, read] of [['json-ld', readJsonLdProduct], ['microdata', readMicrodataProduct]] as const) {
    if (complete()) break;
    const data = read(document);
    if (!data) continue;
    // Structured prices only in the store's own currency: a converted price is not what the shopper pays here.
    const ownCurrency = !data.currency || data.currency === match.currency;
    const price = data.lowPrice && ownCurrency ? priceFromDecimals(match.currency, data.lowPrice, data.highPrice ?? undefined) : null;
    take({ title: cleanText(data.name), price, imageUrl: toHttpsUrl(data.image, url), shopName: cleanText(data.seller, 200) }, source, data.currency ? source : 'url');
  }
  if (complete()) return { fields: filled, sources };
  // OpenGraph describes the page whatever og:type says; on a store's product page that is the product.
  const tags = readOpenGraphTags(document);
  const storeNames = [tags.get('og:site_name'), siteName(match.storeDomain)];
  const { amount, currency } = openGraphPrice(tags);
  const price = amount && (!currency || currency === match.currency) ? priceFromDecimals(match.currency, amount) : null;
  const imageUrl = toHttpsUrl(tags.get('og:image:secure_url') ?? tags.get('og:image'), url);
  take({ title: productTitle(tags.get('og:title'), storeNames, store.titleSuffix), price, imageUrl, shopName: null }, 'open-graph', currency ? 'open-graph' : 'url');
  take({ title: productTitle(document.title, storeNames, store.titleSuffix), price: null, imageUrl: null, shopName: null }, 'title');
  return { fields: filled, sources };
}

/** What the page says about its product, unvalidated, or why it says nothing. Never throws. */
export function readProduct(document: Document, url: URL, options: DetectOptions = {}): ProductReading {
  const found = matchStoreUrl(url, options);
  if (!found) return { candidate: null, reason: `no enabled store module accepts ${url.hostname}${url.pathname} as a product page` };
  const { store, match } = found;
  try {
    const result = store.read(document, match, url, options.domainOf);
    if ('notProduct' in result) return { candidate: null, reason: `${store.platform}: ${result.notProduct}` };
    const { fields, sources } = fillFromPageData(result, document, store, match, url);
    const productId = fields.productId ?? match.productId;
    if (!productId) return { candidate: null, reason: `${store.platform}: the page names no product id` };
    sources.productId ??= 'url';
    const candidate: ProductCandidate = {
      platform: match.platform,
      productId,
      key: `${match.platform}:${productId}`,
      canonicalUrl: fields.canonicalUrl ?? match.canonicalUrl,
      title: fields.title,
      price: fields.price,
      imageUrl: fields.imageUrl,
      shopName: fields.shopName,
      storeDomain: match.storeDomain,
    };
    return { candidate, sources, reason: null };
  } catch (error) {
    // A page can be arbitrarily broken; detection must never take the content script down with it.
    return { candidate: null, reason: `${store.platform}: reading the page failed (${error instanceof Error ? error.message : String(error)})` };
  }
}
