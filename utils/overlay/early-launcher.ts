import { matchNamesProduct, matchProductUrl, type ProductCandidate } from '../read-product';
import type { DetectOptions, UrlMatch } from '../stores/store';

/*
 * Whether the background is expected to take a product as read (issue 19). The launcher is drawn
 * before the background's answer only for such a product; any other waits for the answer, so a page
 * the background refuses never shows a launcher for a moment. The background stays the judge: the
 * DetectedProduct schema and productNotOfPage (utils/messaging/protocol.ts,
 * utils/background/page-product.ts). This says yes only where those would, cheaply and without a
 * schema library (the content script carries none): tests/unit/overlay/early-launcher.test.ts holds it
 * to both, over the real pages and broken variants of them. It may say no where the background would
 * say yes (that launcher then only waits for the answer), never the reverse.
 */

const text = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
const minorUnits = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** An https address as the schema's `z.url({ protocol: /^https$/ })` takes it. */
function httpsUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '' ? url : null;
}

const sameStore = (match: UrlMatch | null, product: ProductCandidate): boolean => match !== null && matchNamesProduct(match, product);

/** True when the background is expected to take `product`, read on the page at `pageUrl` with `detect`. */
export function expectedAccepted(product: ProductCandidate, pageUrl: URL, detect: DetectOptions): boolean {
  const { price } = product;
  const canonical = httpsUrl(product.canonicalUrl);
  return (
    text(product.title, 1, 500) &&
    text(product.productId, 1, 200) &&
    text(product.key, 3, 220) &&
    product.key === `${product.platform}:${product.productId}` &&
    text(product.storeDomain, 3, 253) &&
    canonical !== null &&
    (product.imageUrl === null || httpsUrl(product.imageUrl) !== null) &&
    (product.shopName === null || text(product.shopName, 1, 200)) &&
    (price === null || (/^[A-Z]{3}$/.test(price.currency) && minorUnits(price.minMinor) && minorUnits(price.maxMinor) && price.minMinor <= price.maxMinor)) &&
    // The store, id and address must be the page's own, as productNotOfPage checks them.
    sameStore(matchProductUrl(pageUrl, detect), product) &&
    sameStore(matchProductUrl(canonical, detect), product)
  );
}
