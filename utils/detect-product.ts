import { toHttpsUrl } from './canonical-url';
import { readJsonLdProduct } from './json-ld';
import { readMicrodataProduct } from './microdata';
import { readOpenGraphTags } from './open-graph';
import { cleanText } from './page-text';
import { priceFromDecimals } from './price';
import { DetectedProduct } from './product';
import { ALL_STORES } from './stores/all-stores';
import { DetectOptions, type PageFields, type Store, type UrlMatch } from './stores/store';

export { DetectOptions } from './stores/store';

/** The enabled store module whose URL forms match, with what the URL says; null when none does. */
export function matchStoreUrl(url: URL, options: DetectOptions = {}): { store: Store; match: UrlMatch } | null {
  const enabled = DetectOptions.parse(options);
  for (const store of ALL_STORES) {
    if (store.optIn && !enabled[store.optIn]) continue;
    const match = store.matchUrl(url);
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

/**
 * Fills what the store's markup and scripts left empty from JSON-LD, microdata, OpenGraph, then `<title>`,
 * in that order. Each source is read only while something is still missing.
 */
function fillFromPageData(fields: PageFields, document: Document, store: Store, match: UrlMatch, url: URL): PageFields {
  const complete = (f: PageFields): boolean => Boolean(f.title && f.price && f.imageUrl && f.shopName);
  if (complete(fields)) return fields;
  const filled = { ...fields };
  for (const read of [readJsonLdProduct, readMicrodataProduct]) {
    if (complete(filled)) break;
    const data = read(document);
    if (!data) continue;
    filled.title ??= cleanText(data.name);
    filled.imageUrl ??= toHttpsUrl(data.image, url);
    filled.shopName ??= cleanText(data.seller, 200);
    // Structured prices only in the store's own currency: a converted price is not what the shopper pays here.
    if (!filled.price && data.lowPrice && (!data.currency || data.currency === match.currency)) {
      filled.price = priceFromDecimals(match.currency, data.lowPrice, data.highPrice ?? undefined);
    }
  }
  if (!complete(filled)) {
    // OpenGraph describes the page whatever og:type says; on a store's product page that is the product.
    const og = readOpenGraphTags(document);
    filled.title ??= cleanText(og.get('og:title'));
    filled.imageUrl ??= toHttpsUrl(og.get('og:image:secure_url') ?? og.get('og:image'), url);
    const amount = og.get('product:price:amount') ?? og.get('og:price:amount');
    const currency = og.get('product:price:currency') ?? og.get('og:price:currency');
    if (!filled.price && amount && (!currency || currency === match.currency)) filled.price = priceFromDecimals(match.currency, amount);
  }
  filled.title ??= cleanText(document.title.replace(store.titleSuffix, ''));
  return filled;
}

export type Detection = { product: DetectedProduct; reason: null } | { product: null; reason: string };

/** Like `detectProduct`, but says why nothing was detected (for the `npm run detect` tool and logs). */
export function explainDetection(document: Document, url: URL, options: DetectOptions = {}): Detection {
  const found = matchStoreUrl(url, options);
  if (!found) return { product: null, reason: `no enabled store module accepts ${url.hostname}${url.pathname} as a product page` };
  const { store, match } = found;
  try {
    const result = store.read(document, match, url);
    if ('notProduct' in result) return { product: null, reason: `${store.platform}: ${result.notProduct}` };
    const fields = fillFromPageData(result, document, store, match, url);
    const productId = fields.productId ?? match.productId;
    if (!productId) return { product: null, reason: `${store.platform}: the page names no product id` };
    const parsed = DetectedProduct.safeParse({
      platform: match.platform,
      productId,
      key: `${match.platform}:${productId}`,
      canonicalUrl: fields.canonicalUrl ?? match.canonicalUrl,
      title: fields.title,
      price: fields.price,
      imageUrl: fields.imageUrl,
      shopName: fields.shopName,
      storeDomain: match.storeDomain,
    });
    if (parsed.success) return { product: parsed.data, reason: null };
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'product'}: ${issue.message}`).join('; ');
    return { product: null, reason: `${store.platform}: what the page says is not a valid product (${issues})` };
  } catch (error) {
    // A page can be arbitrarily broken; detection must never take the content script down with it.
    return { product: null, reason: `${store.platform}: reading the page failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * The product a store page shows, or null when it is not a product page of an enabled store. Pure: reads
 * only `document` and `url`, no extension APIs. Opt-in stores (Amazon, any other store) run only when enabled.
 */
export function detectProduct(document: Document, url: URL, options: DetectOptions = {}): DetectedProduct | null {
  return explainDetection(document, url, options).product;
}
