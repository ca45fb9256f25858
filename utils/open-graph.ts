import { asText, decimalText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

// og:type values that say the page is a product: `product`, Facebook's `product.item` and `product.group`,
// and the `og:product` some stores write.
const PRODUCT_TYPE = /^(?:og:)?product(?:\.item|\.group)?$/i;

// What a head may hold, and a tracking pixel's image and frame: elements that come before a page's content.
const HEAD_LIKE = new Set(['META', 'LINK', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'BASE', 'TEMPLATE', 'IMG', 'IFRAME']);
// Never content, wherever they stand: what a background price check's slimming leaves out of a page
// (price-tracking/slim-page.ts: scripts, styles, `<noscript>`, inline `<svg>`), so both read the same tags.
const NOT_CONTENT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG']);

/** Text of its own, or a child element that is not NOT_CONTENT: a `<div>` of trackers' scripts is empty. */
const hasContent = (element: Element): boolean =>
  [...element.childNodes].some((node) => (node.nodeType === 3 ? Boolean(node.textContent?.trim()) : node.nodeType === 1 && !NOT_CONTENT.has((node as Element).tagName.toUpperCase())));

/**
 * The head's meta tags, and those the parser moved out of it: an element the head may not hold (a tracking
 * pixel's `<noscript><img>` when scripting is off, as in DOMParser and the offscreen price check, or a stray
 * empty `<div>`) starts the body there, and every head tag after it lands in the body. So the body's leading
 * run of head-like or empty elements counts too; meta tags further down, inside the page's content, do not.
 */
function headMetas(document: Document): Element[] {
  const metas: Element[] = [...(document.head?.querySelectorAll('meta') ?? [])];
  for (const element of document.body?.querySelectorAll(':scope > *') ?? []) {
    const name = element.tagName.toUpperCase();
    if (!HEAD_LIKE.has(name) && !NOT_CONTENT.has(name) && hasContent(element)) break;
    if (name === 'META') metas.push(element);
  }
  return metas;
}

/**
 * The page's OpenGraph (`og:*`) and product (`product:*`) meta tags by property name; first value wins.
 * Tags are named by `property` or, as many stores write them, by `name`.
 */
export function readOpenGraphTags(document: Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const meta of headMetas(document)) {
    const property = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').trim().toLowerCase();
    const content = asText(meta.getAttribute('content'));
    if (!content || !(property.startsWith('og:') || property.startsWith('product:'))) continue;
    // A theme's default `og:type=website` may come before the product plugin's `og:type=product`: a product type wins.
    if (!tags.has(property) || (property === 'og:type' && PRODUCT_TYPE.test(content) && !PRODUCT_TYPE.test(tags.get(property)!))) tags.set(property, content);
  }
  return tags;
}

/** The price tags' amount and currency: `product:price:*`, else `og:price:*`. */
export function openGraphPrice(tags: Map<string, string>): { amount: string | null; currency: string | null } {
  for (const prefix of ['product:price:', 'og:price:']) {
    const amount = decimalText(tags.get(`${prefix}amount`));
    if (amount) return { amount, currency: tags.get(`${prefix}currency`)?.toUpperCase() ?? null };
  }
  return { amount: null, currency: null };
}

/** The product an OpenGraph product page (`og:type` product, product.item, product.group) describes, else null. */
export function readOpenGraphProduct(document: Document): StructuredProduct | null {
  const tags = readOpenGraphTags(document);
  const type = tags.get('og:type');
  if (!type || !PRODUCT_TYPE.test(type)) return null;
  const result = emptyStructuredProduct();
  result.name = tags.get('og:title') ?? null;
  result.image = tags.get('og:image:secure_url') ?? tags.get('og:image') ?? null;
  result.url = tags.get('og:url') ?? null;
  result.id = tags.get('product:retailer_item_id') ?? tags.get('product:sku') ?? null;
  const price = openGraphPrice(tags);
  result.lowPrice = price.amount;
  result.highPrice = price.amount;
  result.currency = price.currency;
  result.seller = tags.get('og:site_name') ?? null;
  return result;
}
