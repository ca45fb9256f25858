import { asText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function hasType(node: Json, type: string): boolean {
  return asArray(node['@type']).some((t) => typeof t === 'string' && (t === type || t.endsWith(`/${type}`)));
}

/** Depth-first search for the first Product node (top level, arrays, @graph, mainEntity), bounded in depth. */
function findProduct(node: unknown, depth = 0): Json | null {
  if (depth > 6) return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findProduct(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(node)) return null;
  if (hasType(node, 'Product') || hasType(node, 'ProductGroup')) return node;
  for (const key of ['@graph', 'mainEntity', 'itemOffered']) {
    const found = findProduct(node[key], depth + 1);
    if (found) return found;
  }
  return null;
}

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

/** The first schema.org Product in the page's JSON-LD blocks, or null. Malformed blocks are skipped. */
export function readJsonLdProduct(document: Document): StructuredProduct | null {
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const product = findProduct(data);
    if (!product) continue;
    const result = emptyStructuredProduct();
    result.name = asText(product.name);
    result.id = asText(product.sku) ?? asText(product.productID) ?? asText(product.mpn) ?? asText(product.gtin13);
    result.image = firstImage(product.image);
    result.url = asText(product.url);
    readOffers(product, result);
    return result;
  }
  return null;
}
