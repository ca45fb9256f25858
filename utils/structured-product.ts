/** Product facts as a page's structured data (JSON-LD, microdata, OpenGraph) states them, before cleaning. */
export interface StructuredProduct {
  name: string | null;
  /** sku, productID or mpn: the store's id for the product. */
  id: string | null;
  image: string | null;
  url: string | null;
  /** Machine-written decimals (`.` decimal point). */
  lowPrice: string | null;
  highPrice: string | null;
  currency: string | null;
  seller: string | null;
}

export const emptyStructuredProduct = (): StructuredProduct => ({
  name: null, id: null, image: null, url: null, lowPrice: null, highPrice: null, currency: null, seller: null,
});

/** A value that should be text: strings and numbers become trimmed text, anything else null. */
export function asText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text || null;
}
