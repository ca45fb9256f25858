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

/**
 * A price amount as structured data states it, as a machine decimal: `1,299.00` → `1299.00`, and the
 * European `49,90` / `1.299,00` that stores put in `product:price:amount` or JSON-LD → `49.90` / `1299.00`.
 * Null when it is no amount.
 */
export function decimalText(value: unknown): string | null {
  // Currency signs or codes around the number (`€ 49,90` as a microdata element's text) are not part of it.
  const text = asText(value)?.replace(/[\s'\u00a0]/g, '').replace(/^\D+|\D+$/g, '');
  if (!text) return null;
  const decimal = /,\d{1,2}$/.test(text) ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  return /^\d+(?:\.\d+)?$/.test(decimal) ? decimal : null;
}
