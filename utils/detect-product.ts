import type { FieldSources } from './field-source';
import { DetectedProduct } from './product';
import { matchProductUrl as matchProductUrlWith, matchStoreUrl as matchStoreUrlWith, readProduct } from './read-product';
import { registrableDomainOf } from './registrable-domain';
import type { DetectOptions } from './stores/store';

export type { DetectOptions } from './stores/store';

/** Options with other stores named by the full Public Suffix List unless the caller names them. */
const withDomains = (options: DetectOptions): DetectOptions => ({ domainOf: registrableDomainOf, ...options });

/** matchProductUrl (utils/read-product.ts) with other stores named by the full Public Suffix List. */
export const matchProductUrl = (url: URL, options: DetectOptions = {}) => matchProductUrlWith(url, withDomains(options));
/** matchStoreUrl (utils/read-product.ts) with other stores named by the full Public Suffix List. */
export const matchStoreUrl = (url: URL, options: DetectOptions = {}) => matchStoreUrlWith(url, withDomains(options));

export type Detection = { product: DetectedProduct; reason: null } | { product: null; reason: string };

/** Checks a product read from a page; says which fields are wrong when it is not a valid product. */
export function validateProduct(candidate: unknown): Detection {
  const parsed = DetectedProduct.safeParse(candidate);
  if (parsed.success) return { product: parsed.data, reason: null };
  const platform = typeof candidate === 'object' && candidate !== null && 'platform' in candidate ? String(candidate.platform) : 'page';
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'product'}: ${issue.message}`).join('; ');
  return { product: null, reason: `${platform}: what the page says is not a valid product (${issues})` };
}

/** A detection with which reader gave each field of the product (empty when there is none). */
export type TracedDetection = Detection & { sources: FieldSources };

/** Like `explainDetection`, and says which reader gave each field (for the `npm run detect` tool and logs). */
export function traceDetection(document: Document, url: URL, options: DetectOptions = {}): TracedDetection {
  const reading = readProduct(document, url, withDomains(options));
  if (!reading.candidate) return { product: null, reason: reading.reason, sources: {} };
  const detection = validateProduct(reading.candidate);
  return { ...detection, sources: detection.product ? reading.sources : {} };
}

/** Like `detectProduct`, but says why nothing was detected (for the `npm run detect` tool and logs). */
export function explainDetection(document: Document, url: URL, options: DetectOptions = {}): Detection {
  const { product, reason } = traceDetection(document, url, options);
  return product ? { product, reason: null } : { product: null, reason: reason! };
}

/**
 * The product a store page shows, or null when it is not a product page of an enabled store. Pure: reads
 * only `document` and `url`, no extension APIs. Opt-in stores (Amazon, any other store) run only when enabled.
 * The content script runs `readProduct` and the background this same validation (recordProductSeen).
 */
export function detectProduct(document: Document, url: URL, options: DetectOptions = {}): DetectedProduct | null {
  return explainDetection(document, url, options).product;
}
