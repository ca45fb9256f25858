import { decodeHtmlEntities, parseLenientJson } from './lenient-json';
import { asText as rawText, decimalText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Text from JSON-LD: a string or number, trimmed, with HTML entities (`&amp;`, `&quot;`) decoded. */
const asText = (value: unknown): string | null => {
  const text = rawText(value);
  return text && decodeHtmlEntities(text);
};

// Product and its schema.org subtypes, by their short name.
const PRODUCT_TYPES = new Set(['product', 'productgroup', 'productmodel', 'individualproduct', 'someproducts']);

/**
 * Whether a node's `@type` (a string or an array) names one of `types`, written short (`Product`), as a full
 * IRI (`http://schema.org/Product`, `https://schema.org/Product`) or compact (`schema:Product`), in any case.
 */
function hasType(node: Json, types: ReadonlySet<string>): boolean {
  return asArray(node['@type']).some((t) => typeof t === 'string' && types.has(t.trim().replace(/^.*[/#:]/, '').toLowerCase()));
}

const ITEM_PAGE = new Set(['itempage']);

/**
 * Product nodes at the top level, in arrays, `@graph`, `mainEntity`, or an ItemPage's `about` (not inside
 * another product), bounded in depth.
 */
function collectProducts(node: unknown, into: Json[], depth = 0): void {
  if (depth > 8 || into.length > 20) return;
  if (Array.isArray(node)) {
    for (const item of node.slice(0, 100)) collectProducts(item, into, depth + 1);
    return;
  }
  if (!isObject(node)) return;
  if (hasType(node, PRODUCT_TYPES)) {
    into.push(node);
    return;
  }
  for (const key of ['@graph', 'mainEntity', ...(hasType(node, ITEM_PAGE) ? ['about'] : [])]) collectProducts(node[key], into, depth + 1);
}

/**
 * What names a product node: its @id, sku, productID and name. Not its url: a listing may point every
 * product at the same page.
 */
const identities = (product: Json): string[] =>
  [product['@id'], product.sku, product.productID, product.name].map(asText).filter((text) => text !== null);

/**
 * Whether the nodes describe one product: each shares an identity with the first (the same product is often
 * stated twice, once with a sku and once without, or once in an ItemPage and once on its own).
 */
function oneProduct(products: Json[]): boolean {
  const first = new Set(identities(products[0]!));
  return products.every((product) => identities(product).some((id) => first.has(id)));
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
    const text = decimalText(value);
    if (!text) return;
    const cur = rawText(currency)?.toUpperCase() ?? null;
    if (into.currency && cur && cur !== into.currency) return;
    into.currency ??= cur;
    amounts.push(Number(text));
    texts.set(Number(text), text);
  };
  // An AggregateOffer may list its offers inside it; they inherit its currency and seller.
  const offers = asArray(product.offers).flatMap((offer): unknown[] =>
    isObject(offer) ? [offer, ...asArray(offer.offers).map((inner) => isObject(inner) && { priceCurrency: offer.priceCurrency, seller: offer.seller, ...inner })] : [],
  );
  for (const offer of offers.slice(0, 50)) {
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
 * ones (a category or search page listing products). Blocks are read leniently (utils/lenient-json.ts);
 * blocks that are not JSON even then are skipped.
 */
export function readJsonLdProduct(document: Document): StructuredProduct | null {
  const products: Json[] = [];
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      collectProducts(parseLenientJson(script.textContent ?? ''), products);
    } catch {
      continue;
    }
  }
  if (!products.length || !oneProduct(products)) return null;
  const result = emptyStructuredProduct();
  // The same product stated more than once: the first statement wins, later ones fill its gaps.
  for (const product of products) {
    result.name ??= asText(product.name);
    result.id ??= asText(product.sku) ?? asText(product.productID) ?? asText(product.mpn) ?? asText(product.gtin13);
    result.image ??= firstImage(product.image);
    result.url ??= asText(product.url);
    if (!result.lowPrice) readOffers(product, result);
  }
  return result;
}
