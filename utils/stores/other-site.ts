import { pageAddress, stripTrackingParams, toHttpsUrl } from '../canonical-url';
import type { FieldSource } from '../field-source';
import { readJsonLdProduct } from '../json-ld';
import { readMicrodataProduct } from '../microdata';
import { readOpenGraphProduct, readOpenGraphTags } from '../open-graph';
import { cleanText, productTitle } from '../page-text';
import { loadedPageModel } from '../page-model/api';
import { priceFromDecimals } from '../price';
import { emptyStructuredProduct, type StructuredProduct } from '../structured-product';
import { AMAZON_DOMAINS } from './amazon-storefronts';
import { PARTNER_STORE_DOMAINS } from './partner-hosts';
import { domainOfKnownHost, type DomainOf } from './site-domain';
import type { PageFields, ReadResult, Store, UrlMatch } from './store';

// Stores that have their own module: the generic reader never speaks for them, so their home,
// search and cart pages stay silent even with schema.org data on them.
const OWN_MODULE_DOMAINS = new Set<string>([...Object.values(PARTNER_STORE_DOMAINS).flat(), ...AMAZON_DOMAINS]);

/**
 * Whether a page on `host` may be an other store's: true unless a partner store or Amazon owns it. The
 * content script asks the background for the page's registrable domain only then.
 */
export const mayBeOtherStore = (host: string): boolean => domainOfKnownHost(host, [...OWN_MODULE_DOMAINS]) === null;

const EURO_TLDS = new Set(['de', 'fr', 'it', 'es', 'nl', 'at', 'be', 'fi', 'ie', 'pt', 'gr', 'sk', 'si', 'ee', 'lv', 'lt', 'lu', 'mt', 'cy', 'hr']);
// Country domains and their currency. A peso shop writes "$ 19.990": on a .cl store that is CLP, not US dollars.
const SUFFIX_CURRENCY: Record<string, string> = {
  uk: 'GBP', jp: 'JPY', cn: 'CNY', hk: 'HKD', tw: 'TWD', ca: 'CAD', au: 'AUD', nz: 'NZD', kr: 'KRW', ch: 'CHF', se: 'SEK', no: 'NOK', dk: 'DKK', pl: 'PLN', in: 'INR',
  mx: 'MXN', br: 'BRL', cl: 'CLP', ar: 'ARS', co: 'COP', pe: 'PEN', uy: 'UYU', sg: 'SGD', za: 'ZAR', ru: 'RUB', ua: 'UAH', kz: 'KZT', by: 'BYN', cz: 'CZK',
  hu: 'HUF', ro: 'RON', bg: 'BGN', tr: 'TRY', il: 'ILS', th: 'THB', ph: 'PHP', id: 'IDR', my: 'MYR', vn: 'VND', ae: 'AED', sa: 'SAR', is: 'ISK', eg: 'EGP',
};

/** The currency a store most likely prices in, from its top-level domain; only used when the page names none. */
function currencyForDomain(domain: string): string {
  const labels = domain.split('.');
  const tld = labels.at(-1) ?? '';
  // A bare .co is mostly bought as "company", not for Colombia: only com.co and the like are Colombian shops.
  if (tld === 'co' && labels.length < 3) return 'USD';
  return EURO_TLDS.has(tld) ? 'EUR' : (SUFFIX_CURRENCY[tld] ?? 'USD');
}

// A store is a registrable domain (Public Suffix List, private section included): `kettles.myshopify.com`
// and `sklep.com.pl` are stores of their own. A host with none (an IP, a bare public suffix) is no store.
function matchUrl(url: URL, domainOf?: DomainOf): UrlMatch | null {
  if (url.protocol !== 'https:' || !url.hostname.includes('.') || !domainOf) return null;
  const domain = domainOf(url.hostname);
  if (domain === null || OWN_MODULE_DOMAINS.has(domain)) return null;
  return { platform: 'site', productId: null, canonicalUrl: stripTrackingParams(url).href, storeDomain: domain, currency: currencyForDomain(domain) };
}

// Codes withdrawn from ISO 4217 that stores still write for today's currency (Yandex.Market's `RUR` for ₽).
const WITHDRAWN_CODES: Record<string, string> = { RUR: 'RUB' };

type StructuredReader = readonly [FieldSource, (document: Document) => StructuredProduct | null];
const STRUCTURED_READERS: readonly StructuredReader[] = [['json-ld', readJsonLdProduct], ['microdata', readMicrodataProduct], ['open-graph', readOpenGraphProduct]];
const PRICE_KEYS = ['lowPrice', 'highPrice', 'currency'] as const;

/**
 * Structured data in the brief's order of trust: JSON-LD, then microdata, then OpenGraph; later ones fill
 * gaps. A price and its currency come from one reader together. `from` says which reader gave each value.
 */
function readStructured(document: Document): { product: StructuredProduct; from: Partial<Record<keyof StructuredProduct, FieldSource>> } | null {
  let product: StructuredProduct | null = null;
  const from: Partial<Record<keyof StructuredProduct, FieldSource>> = {};
  for (const [source, read] of STRUCTURED_READERS) {
    const found = read(document);
    if (!found) continue;
    product ??= emptyStructuredProduct();
    for (const key of Object.keys(product) as (keyof StructuredProduct)[]) {
      if (product[key] !== null || found[key] === null || (PRICE_KEYS as readonly string[]).includes(key)) continue;
      product[key] = found[key];
      from[key] = source;
    }
    if (product.lowPrice === null && found.lowPrice !== null) {
      for (const key of PRICE_KEYS) product[key] = found[key];
      from.lowPrice = source;
      if (found.currency) from.currency = source;
    }
  }
  return product && { product, from };
}

function read(document: Document, match: UrlMatch, url: URL, domainOf?: DomainOf): ReadResult {
  const structured = readStructured(document);
  // The page model, once the content script had it loaded (utils/page-model/api.ts): without structured
  // data it reads the rendered page alone; with it, it puts what the page visibly shows where the two disagree.
  const model = loadedPageModel();
  if (!structured) return model?.(document, url, match, null) ?? { notProduct: 'the page has no schema.org Product (JSON-LD or microdata) and no og:type product' };
  const { product, from } = structured;
  const tags = readOpenGraphTags(document);
  const canonical = pageAddress(product.url, url) ?? pageAddress(document.querySelector('link[rel~="canonical" i]')?.getAttribute('href'), url);
  // A product URL on the same store is a better canonical than the address bar (it drops variant and tracking noise).
  const sameStore = canonical !== null && domainOf?.(canonical.hostname) === match.storeDomain;
  const canonicalUrl = sameStore ? stripTrackingParams(canonical).href : match.canonicalUrl;
  const pageId = cleanText(product.id, 150) ?? new URL(canonicalUrl).pathname.replace(/^\/+|\/+$/g, '');
  const code = product.currency && (WITHDRAWN_CODES[product.currency] ?? product.currency);
  const currency = code && /^[A-Z]{3}$/.test(code) ? code : match.currency;
  const price = product.lowPrice ? priceFromDecimals(currency, product.lowPrice, product.highPrice ?? undefined) : null;
  const shopName = cleanText(product.seller ?? tags.get('og:site_name'), 200);
  // og:title often carries the store's name too (`Kettle | Example Shop`); a schema.org name does not.
  const title = from.name === 'open-graph' ? productTitle(product.name, [tags.get('og:site_name'), siteName(match.storeDomain)]) : cleanText(product.name);
  const fields: PageFields = {
    productId: `${match.storeDomain}/${pageId}`.slice(0, 200),
    canonicalUrl,
    title,
    price,
    imageUrl: toHttpsUrl(product.image, url),
    shopName,
    sources: {
      productId: product.id ? from.id : 'url',
      title: from.name,
      price: price ? from.lowPrice : undefined,
      currency: price ? (from.currency ?? 'url') : undefined,
      image: from.image,
      shopName: shopName ? (product.seller ? from.seller : 'open-graph') : undefined,
    },
  };
  return model?.(document, url, match, fields) ?? fields;
}

/** The name a store's domain gives it: `example-shop` for example-shop.de, `muji` for muji.com.cn. */
export const siteName = (storeDomain: string): string => storeDomain.split('.')[0] ?? storeDomain;

export const otherSite: Store = {
  platform: 'site',
  optIn: 'otherSites',
  matchUrl,
  read,
  // Only a pipe: a dash may be part of the product's name. A suffix naming the store is cut by productTitle.
  titleSuffix: /\s*[|｜]\s*[^|｜]+$/,
  productArea: 'main, #main, #content, body',
  examples: {
    product: [
      'https://www.example-shop.de/produkte/wasserkocher-blau?utm_source=newsletter',
      'https://shop.example.co.uk/products/blue-kettle',
      'https://www.muji.com.cn/cn/store/goods/4550344293165',
    ],
    other: [],
  },
};
