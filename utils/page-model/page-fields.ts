import type { ReadResult, UrlMatch } from '../stores/store';
import { readPageModel } from './model';

/**
 * The model's reading as an other store's page fields: the product is named by the page's address
 * (path and query, tracking parameters already removed), as other-site.ts names pages whose data gives no id.
 */
export function pageModelFields(document: Document, url: URL, match: UrlMatch): ReadResult {
  const reading = readPageModel(document, url, match.currency);
  if (!reading.product) return { notProduct: reading.notProduct };
  const canonical = new URL(match.canonicalUrl);
  const pageId = `${canonical.pathname.replace(/^\/+|\/+$/g, '')}${canonical.search}`;
  if (!pageId) return { notProduct: 'the page model does not read a store’s home page' };
  return {
    productId: `${match.storeDomain}/${pageId}`.slice(0, 200),
    canonicalUrl: match.canonicalUrl,
    title: reading.product.title,
    price: reading.product.price,
    imageUrl: reading.product.imageUrl,
    shopName: null,
    sources: {
      productId: 'url',
      title: 'model',
      ...(reading.product.price ? { price: 'model', currency: 'model' } : {}),
      ...(reading.product.imageUrl ? { image: 'model' } : {}),
    },
  };
}
