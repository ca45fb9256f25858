import { asText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

/** The page's OpenGraph (`og:*`) and product (`product:*`) meta tags by property name; first value wins. */
export function readOpenGraphTags(document: Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const meta of document.head?.querySelectorAll('meta[property], meta[name^="og:"]') ?? []) {
    const property = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').toLowerCase();
    const content = asText(meta.getAttribute('content'));
    if (content && (property.startsWith('og:') || property.startsWith('product:')) && !tags.has(property)) tags.set(property, content);
  }
  return tags;
}

/** The product an `og:type=product` page describes, or null when the page is not typed a product. */
export function readOpenGraphProduct(document: Document): StructuredProduct | null {
  const tags = readOpenGraphTags(document);
  const type = tags.get('og:type');
  if (!type || !/^(?:og:)?product(?:\.item)?$/i.test(type)) return null;
  const result = emptyStructuredProduct();
  result.name = tags.get('og:title') ?? null;
  result.image = tags.get('og:image:secure_url') ?? tags.get('og:image') ?? null;
  result.url = tags.get('og:url') ?? null;
  result.id = tags.get('product:retailer_item_id') ?? tags.get('product:sku') ?? null;
  result.lowPrice = tags.get('product:price:amount') ?? tags.get('og:price:amount') ?? null;
  result.highPrice = result.lowPrice;
  result.currency = tags.get('product:price:currency') ?? tags.get('og:price:currency') ?? null;
  result.seller = tags.get('og:site_name') ?? null;
  return result;
}
