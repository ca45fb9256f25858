import { DetectedProduct } from './product';
import { readProduct } from './read-product';
import type { DetectOptions } from './stores/store';

export type { DetectOptions } from './stores/store';
export { matchProductUrl, matchStoreUrl } from './read-product';

export type Detection = { product: DetectedProduct; reason: null } | { product: null; reason: string };

/** Checks a product read from a page; says which fields are wrong when it is not a valid product. */
export function validateProduct(candidate: unknown): Detection {
  const parsed = DetectedProduct.safeParse(candidate);
  if (parsed.success) return { product: parsed.data, reason: null };
  const platform = typeof candidate === 'object' && candidate !== null && 'platform' in candidate ? String(candidate.platform) : 'page';
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'product'}: ${issue.message}`).join('; ');
  return { product: null, reason: `${platform}: what the page says is not a valid product (${issues})` };
}

/** Like `detectProduct`, but says why nothing was detected (for the `npm run detect` tool and logs). */
export function explainDetection(document: Document, url: URL, options: DetectOptions = {}): Detection {
  const reading = readProduct(document, url, options);
  return reading.candidate ? validateProduct(reading.candidate) : { product: null, reason: reading.reason };
}

/**
 * The product a store page shows, or null when it is not a product page of an enabled store. Pure: reads
 * only `document` and `url`, no extension APIs. Opt-in stores (Amazon, any other store) run only when enabled.
 * The content script runs `readProduct` and the background this same validation (recordProductSeen).
 */
export function detectProduct(document: Document, url: URL, options: DetectOptions = {}): DetectedProduct | null {
  return explainDetection(document, url, options).product;
}
