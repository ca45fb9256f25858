import type { FieldSources } from '../field-source';
import type { Platform, Price } from '../product';
import type { DomainOf } from './site-domain';

/** Which opt-in detectors run. Both are off unless the user turns them on (the CLI turns all on). */
export interface DetectOptions {
  amazon?: boolean;
  otherSites?: boolean;
  /**
   * Names an other store's registrable domain (utils/stores/site-domain.ts). Without it no other store
   * is detected: the content script passes what the background told it, everything else the full list.
   */
  domainOf?: DomainOf;
}

/** What a URL alone says: this store's product page, and which product. */
export interface UrlMatch {
  platform: Platform;
  /** The store's id for the product, or null when only the page can name it (any other store). */
  productId: string | null;
  canonicalUrl: string;
  storeDomain: string;
  /** The currency the store prices in when a price names none (or names an ambiguous ¥ or $). */
  currency: string;
}

/** What a store module reads from the page. `productId`/`canonicalUrl` override the URL's when the page knows better. */
export interface PageFields {
  title: string | null;
  price: Price | null;
  imageUrl: string | null;
  shopName: string | null;
  productId?: string | null;
  canonicalUrl?: string | null;
  /** Which reader gave each field (for `npm run detect`); a field given without one came from the store's markup. */
  sources?: FieldSources;
}

/** The result of reading a page: fields, or why this is not (or not readably) a product page. */
export type ReadResult = PageFields | { notProduct: string };

export interface Store {
  platform: Platform;
  /** The option that enables this store; null for partner stores, which are always on. */
  optIn: 'amazon' | 'otherSites' | null;
  /** URL check only: cheap, no DOM access. `domainOf` names other stores' domains (DetectOptions). */
  matchUrl(url: URL, domainOf?: DomainOf): UrlMatch | null;
  read(document: Document, match: UrlMatch, url: URL, domainOf?: DomainOf): ReadResult;
  /** The store's suffix on `<title>` (`-淘宝网`); the title without it is the last resort for the product title. */
  titleSuffix: RegExp;
  /** Where the store fills in late data (price); watched for changes until it appears. */
  productArea: string;
  /** Real URLs: `product` must match this store and no other; `other` must match no store. */
  examples: { product: readonly string[]; other: readonly string[] };
}

/** The numeric id in `name=` of the URL's query, or null. */
export function numericParam(url: URL, ...names: string[]): string | null {
  for (const name of names) {
    const value = url.searchParams.get(name)?.trim();
    if (value && /^\d{1,20}$/.test(value)) return value;
  }
  return null;
}
