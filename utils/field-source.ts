/*
 * Which reader gave each field of a product read from a page. The `npm run detect` tool and logs print
 * it so a misread-page report says where the wrong value came from; it is not part of DetectedProduct.
 */

/**
 * - `markup`: the store module's own selectors on the rendered page (a title heading, a price element).
 * - `inline-data`: data the store server-renders into an inline script (`window.__ICE_APP_CONTEXT__`, `pageConfig`).
 * - `json-ld`, `microdata`, `open-graph`: schema.org JSON-LD, schema.org microdata, `og:*`/`product:*` meta tags.
 * - `title`: the document's `<title>`, with the store's suffix removed.
 * - `model`: the page as shown, read by the page model on other stores: on pages without structured data,
 *   and where a page visibly shows another title or price than its structured data (utils/page-model/reconcile.ts).
 * - `url`: the page's address: the store's URL form names the product id, and the store's currency when
 *   the page names none.
 */
export const FIELD_SOURCES = ['markup', 'inline-data', 'json-ld', 'microdata', 'open-graph', 'title', 'model', 'url'] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];

/** The fields whose source is recorded. */
export const SOURCED_FIELDS = ['title', 'price', 'currency', 'image', 'shopName', 'productId'] as const;
export type SourcedField = (typeof SOURCED_FIELDS)[number];

/** Per field, the reader that gave it; a field nobody gave is absent. */
export type FieldSources = Partial<Record<SourcedField, FieldSource>>;
