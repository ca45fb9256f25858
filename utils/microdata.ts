import { asText, decimalText, emptyStructuredProduct, type StructuredProduct } from './structured-product';

/**
 * An itemprop's value per the microdata spec: content, then the URL attributes, then text. A property
 * that is an item itself (`itemscope`, e.g. an ImageObject) has no text value: its text is whatever the
 * item's element holds, scripts included (lampsplus.com's image was a script's text).
 */
function propValue(element: Element): string | null {
  if (element.hasAttribute('itemscope')) return null;
  const content = element.getAttribute('content');
  if (content !== null) return asText(content);
  const tag = element.tagName.toLowerCase();
  if (tag === 'img' || tag === 'source') return asText(element.getAttribute('src'));
  if (tag === 'a' || tag === 'link') return asText(element.getAttribute('href'));
  if (tag === 'meta') return null;
  return asText(element.textContent);
}

/** The first `name` property belonging to `scope` itself, not to an item nested inside it (brand, offers). */
function ownProp(scope: Element, name: string): Element | null {
  for (const element of scope.querySelectorAll(`[itemprop~="${name}"]`)) {
    if (element.parentElement?.closest('[itemscope]') === scope) return element;
  }
  return null;
}

/** The image property: a URL, or an ImageObject item whose contentUrl, url or own image is one. */
function imageOf(element: Element | null): string | null {
  if (!element?.hasAttribute('itemscope')) return element ? propValue(element) : null;
  const inner = ownProp(element, 'contentUrl') ?? ownProp(element, 'url') ?? ownProp(element, 'image');
  return inner ? propValue(inner) : null;
}

const PRODUCT_SCOPE = '[itemscope][itemtype*="schema.org/Product" i]';

/** The one microdata schema.org Product on the page, or null when there is none or several (a product listing). */
export function readMicrodataProduct(document: Document): StructuredProduct | null {
  const scopes = [...document.querySelectorAll(PRODUCT_SCOPE)].filter((scope) => !scope.parentElement?.closest(PRODUCT_SCOPE));
  const scope = scopes[0];
  if (!scope || scopes.length > 1) return null;
  const result = emptyStructuredProduct();
  const text = (element: Element | null): string | null => (element ? propValue(element) : null);
  result.name = text(ownProp(scope, 'name'));
  result.id = text(ownProp(scope, 'sku')) ?? text(ownProp(scope, 'productID')) ?? text(ownProp(scope, 'mpn'));
  result.image = imageOf(ownProp(scope, 'image'));
  result.url = text(ownProp(scope, 'url'));
  const offers = ownProp(scope, 'offers');
  if (offers) {
    const inOffers = (name: string): string | null => {
      const element = offers.hasAttribute('itemscope') ? ownProp(offers, name) : null;
      return text(element);
    };
    result.lowPrice = decimalText(inOffers('lowPrice') ?? inOffers('price'));
    result.highPrice = decimalText(inOffers('highPrice')) ?? result.lowPrice;
    result.currency = inOffers('priceCurrency')?.toUpperCase() ?? null;
    const seller = offers.hasAttribute('itemscope') ? ownProp(offers, 'seller') : null;
    result.seller = seller ? (seller.hasAttribute('itemscope') ? text(ownProp(seller, 'name')) : text(seller)) : null;
  }
  return result;
}
