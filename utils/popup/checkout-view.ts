import { isAllowedPartnerLink, isStoreUrl } from '../partner-links';
import type { CartEntry } from './cart-view';

export type BuyLink = { kind: 'expert'; url: string; expertName: string; plainUrl: string | null } | { kind: 'plain'; url: string } | null;

/** The product's own page, only if it is an https page of its store (never a link Haowu cannot vouch for). */
export function plainLink(entry: Pick<CartEntry, 'product'>): string | null {
  const product = entry.product;
  if (!product) return null;
  const url = product.canonicalUrl;
  if (product.platform === 'site') return URL.canParse(url) && new URL(url).protocol === 'https:' ? url : null;
  return isStoreUrl(url, product.platform) ? url : null;
}

/**
 * How a cart line is bought: through the expert's partner link when the line came through a live pick
 * whose link passes the store's host check (the page discloses it), else the plain store page.
 */
export function buyLink(entry: CartEntry & { expertName?: string | null }): BuyLink {
  const plain = plainLink(entry);
  const link = entry.recommendation?.partnerLink;
  const product = entry.product;
  if (link && product && entry.expertName && isAllowedPartnerLink(link, { platform: product.platform, url: product.canonicalUrl })) {
    return { kind: 'expert', url: link, expertName: entry.expertName, plainUrl: plain };
  }
  return plain ? { kind: 'plain', url: plain } : null;
}
