import type { PageFields, ReadResult, UrlMatch } from '../stores/store';
import type { PageModel } from './api';
import { tracePageModel, type ModelTrace } from './model';
import { reconcile } from './reconcile';

/**
 * The model's reading as an other store's page fields: the product is named by the page's address
 * (path and query, tracking parameters already removed), as other-site.ts names pages whose data gives no id.
 */
export function modelOnlyFields(trace: ModelTrace, match: UrlMatch): ReadResult {
  const reading = trace.reading;
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

/**
 * The page model as the content script calls it (utils/page-model/api.ts). The model reads a page once
 * per document and address, and again only after a navigation: the content script re-reads the page on
 * every mutation while a price may still arrive, and the structured readers are cheap; the model is not.
 * With structured fields it reconciles them with the page as shown (reconcile.ts); without, it reads alone.
 */
export function createPageModel(read: (document: Document, url: URL, currency: string) => ModelTrace = tracePageModel): PageModel {
  /** The model's reading, or why it has none: it never throws on a broken page. */
  const safeRead = (document: Document, url: URL, currency: string): ModelTrace | string => {
    try {
      return read(document, url, currency);
    } catch (error) {
      return `the page model failed (${error instanceof Error ? error.message : String(error)})`;
    }
  };
  const traces = new WeakMap<Document, { href: string; trace: ModelTrace | string }>();
  return (document: Document, url: URL, match: UrlMatch, structured: PageFields | null): ReadResult => {
    let kept = traces.get(document);
    if (kept?.href !== url.href) traces.set(document, (kept = { href: url.href, trace: safeRead(document, url, match.currency) }));
    if (typeof kept.trace === 'string') return structured ?? { notProduct: kept.trace };
    return structured ? reconcile(structured, kept.trace) : modelOnlyFields(kept.trace, match);
  };
}

export const pageModelFields: PageModel = createPageModel();
