import { asText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function hasType(node: Json, type: string): boolean {
  return asArray(node['@type']).some((t) => typeof t === 'string' && (t === type || t.endsWith(`/${type}`)));
}

/** Product nodes at the top level, in arrays, @graph or mainEntity (not inside another product), bounded in depth. */
function collectProducts(node: unknown, into: Json[], depth = 0): void {
  if (depth > 6 || into.length > 20) return;
  if (Array.isArray(node)) {
    for (const item of node.slice(0, 100)) collectProducts(item, into, depth + 1);
    return;
  }
  if (!isObject(node)) return;
  if (hasType(node, 'Product') || hasType(node, 'ProductGroup')) {
    into.push(node);
    return;
  }
  for (const key of ['@graph', 'mainEntity']) collectProducts(node[key], into, depth + 1);
}

const identity = (product: Json): string => asText(product.sku) ?? asText(product.productID) ?? asText(product.name) ?? '';

function firstImage(value: unknown): string | null {
  for (const item of asArray(value)) {
    const text = asText(item) ?? (isObject(item) ? (asText(item.url) ?? asText(item.contentUrl)) : null);
    if (text) return text;
  }
  return null;
}

function nameOf(value: unknown): string | null {
  for (const item of asArray(value)) {
    const text = isObject(item) ? asText(item.name) : asText(item);
    if (text) return text;
  }
  return null;
}

/** Low/high over every offer (Offer, AggregateOffer, priceSpecification), in the first currency named. */
function readOffers(product: Json, into: StructuredProduct): void {
  const amounts: number[] = [];
  const texts = new Map<number, string>();
  const add = (value: unknown, currency: unknown): void => {
    const text = asText(value)?.replace(/,/g, '');
    if (!text || !/^\d+(?:\.\d+)?$/.test(text)) return;
    const cur = asText(currency);
    if (into.currency && cur && cur !== into.currency) return;
    into.currency ??= cur;
    amounts.push(Number(text));
    texts.set(Number(text), text);
  };
  for (const offer of asArray(product.offers).slice(0, 50)) {
    if (!isObject(offer)) continue;
    const currency = offer.priceCurrency;
    add(offer.price, currency);
    add(offer.lowPrice, currency);
    add(offer.highPrice, currency);
    for (const spec of asArray(offer.priceSpecification).slice(0, 10)) {
      if (isObject(spec)) add(spec.price, spec.priceCurrency ?? currency);
    }
    into.seller ??= nameOf(offer.seller);
  }
  if (amounts.length) {
    into.lowPrice = texts.get(Math.min(...amounts)) ?? null;
    into.highPrice = texts.get(Math.max(...amounts)) ?? null;
  }
}

/**
 * The one schema.org Product the page's JSON-LD describes, or null when there is none or several different
 * ones (a category or search page listing products). Malformed blocks are skipped.
 */
export function readJsonLdProduct(document: Document): StructuredProduct | null {
  const products: Json[] = [];
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      collectProducts(JSON.parse(script.textContent ?? '') as unknown, products);
    } catch {
      continue;
    }
  }
  const product = products[0];
  if (!product || new Set(products.map(identity)).size > 1) return null;
  const result = emptyStructuredProduct();
  result.name = asText(product.name);
  result.id = asText(product.sku) ?? asText(product.productID) ?? asText(product.mpn) ?? asText(product.gtin13);
  result.image = firstImage(product.image);
  result.url = asText(product.url);
  readOffers(product, result);
  return result;
}
