import { stripTrackingParams, toHttpsUrl } from '../canonical-url';
import { readJsonLdProduct } from '../json-ld';
import { readMicrodataProduct } from '../microdata';
import { readOpenGraphProduct, readOpenGraphTags } from '../open-graph';
import { cleanText } from '../page-text';
import { priceFromDecimals } from '../price';
import type { StructuredProduct } from '../structured-product';
import { AMAZON_DOMAINS } from './amazon-storefronts';
import { PARTNER_STORE_DOMAINS } from './partner-hosts';
import { domainOfKnownHost, type DomainOf } from './site-domain';
import type { ReadResult, Store, UrlMatch } from './store';

// Stores that have their own module: the generic reader never speaks for them, so their home,
// search and cart pages stay silent even with schema.org data on them.
const OWN_MODULE_DOMAINS = new Set<string>([...Object.values(PARTNER_STORE_DOMAINS).flat(), ...AMAZON_DOMAINS]);

/**
 * Whether a page on `host` may be an other store's: true unless a partner store or Amazon owns it. The
 * content script asks the background for the page's registrable domain only then.
 */
export const mayBeOtherStore = (host: string): boolean => domainOfKnownHost(host, [...OWN_MODULE_DOMAINS]) === null;

const EURO_TLDS = new Set(['de', 'fr', 'it', 'es', 'nl', 'at', 'be', 'fi', 'ie', 'pt', 'gr', 'sk', 'si', 'ee', 'lv', 'lt', 'lu', 'mt', 'cy', 'hr']);
const SUFFIX_CURRENCY: Record<string, string> = {
  uk: 'GBP', jp: 'JPY', cn: 'CNY', hk: 'HKD', tw: 'TWD', ca: 'CAD', au: 'AUD', nz: 'NZD', kr: 'KRW', ch: 'CHF', se: 'SEK', no: 'NOK', dk: 'DKK', pl: 'PLN', in: 'INR',
};

/** The currency a store most likely prices in, from its top-level domain; only used when the page names none. */
function currencyForDomain(domain: string): string {
  const tld = domain.split('.').at(-1) ?? '';
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

/** Structured data in the brief's order of trust: JSON-LD, then microdata, then OpenGraph; later ones fill gaps. */
function readStructured(document: Document): StructuredProduct | null {
  const sources = [readJsonLdProduct(document), readMicrodataProduct(document), readOpenGraphProduct(document)].filter((s) => s !== null);
  const first = sources[0];
  if (!first) return null;
  const merged = { ...first };
  for (const source of sources.slice(1)) {
    for (const key of Object.keys(merged) as (keyof StructuredProduct)[]) merged[key] ??= source[key];
  }
  return merged;
}

function read(document: Document, match: UrlMatch, url: URL, domainOf?: DomainOf): ReadResult {
  const product = readStructured(document);
  if (!product) return { notProduct: 'the page has no schema.org Product (JSON-LD or microdata) and is not og:type=product' };
  const canonical = toHttpsUrl(product.url, url);
  // A product URL on the same store is a better canonical than the address bar (it drops variant and tracking noise).
  const sameStore = canonical !== null && domainOf?.(new URL(canonical).hostname) === match.storeDomain;
  const canonicalUrl = sameStore ? stripTrackingParams(new URL(canonical)).href : match.canonicalUrl;
  const pageId = cleanText(product.id, 150) ?? new URL(canonicalUrl).pathname.replace(/^\/+|\/+$/g, '');
  const currency = product.currency && /^[A-Z]{3}$/.test(product.currency) ? product.currency : match.currency;
  return {
    productId: `${match.storeDomain}/${pageId}`.slice(0, 200),
    canonicalUrl,
    title: cleanText(product.name),
    price: product.lowPrice ? priceFromDecimals(currency, product.lowPrice, product.highPrice ?? undefined) : null,
    imageUrl: toHttpsUrl(product.image, url),
    shopName: cleanText(product.seller ?? readOpenGraphTags(document).get('og:site_name'), 200),
  };
}

export const otherSite: Store = {
  platform: 'site',
  optIn: 'otherSites',
  matchUrl,
  read,
  titleSuffix: /\s+[-–|]\s+[^-–|]+$/,
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
