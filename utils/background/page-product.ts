import { matchNamesProduct, matchStoreUrl } from '../read-product';
import type { DetectedProduct } from '../product';
import { registrableDomainOf } from '../registrable-domain';
import type { UrlMatch } from '../stores/store';

// Every detector: the background judges any store page the content script may run on (opt-in
// stores only get the script once the user turned them on). Other stores are named by the full Public
// Suffix List here, whatever the content script (which has no list) said.
const ALL_DETECTORS = { amazon: true, otherSites: true, domainOf: registrableDomainOf } as const;

function matchUrl(href: string): UrlMatch | null {
  try {
    return matchStoreUrl(new URL(href), ALL_DETECTORS)?.match ?? null;
  } catch {
    return null;
  }
}

/**
 * Why a product a content script sent does not belong to the page that sent it, or null when it does.
 * A store page's scripts cannot send messages as Haowu, but a page that took over a content script
 * could; so the product's store, id and canonical address must all be what the sender frame's own
 * address says (`sender.url`, set by the browser, never by the page).
 */
export function productNotOfPage(product: DetectedProduct, pageUrl: string | undefined): string | null {
  if (!pageUrl) return 'the message did not come from a store page';
  const page = matchUrl(pageUrl);
  if (!page) return 'the page is not a product page of a store Haowu reads';
  if (!matchNamesProduct(page, product)) return 'the product is not the one this page shows';
  const canonical = matchUrl(product.canonicalUrl);
  if (!canonical || !matchNamesProduct(canonical, product)) return 'the product’s address is not on this page’s store';
  if (product.key !== `${product.platform}:${product.productId}`) return 'the product key does not name this product';
  return null;
}
