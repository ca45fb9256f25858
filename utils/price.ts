import { minorDigits } from './currency-digits';
import type { Price } from './product';

export { minorDigits } from './currency-digits';

// Currencies written with the sign $: the dollars, and the pesos of Mexico, Chile, Argentina, Colombia and Uruguay.
const DOLLAR_CURRENCIES = new Set(['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'TWD', 'MXN', 'CLP', 'ARS', 'COP', 'UYU']);

/** Full-width digits and punctuation (common on Chinese stores) to their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => (ch === '\uffe5' ? ch : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/** The currency a price string names, or `fallback` (the store's own currency) when it names none or an ambiguous one. */
export function currencyOf(text: string, fallback: string): string {
  const explicit = /\b(USD|EUR|GBP|CNY|RMB|JPY|CAD|AUD|HKD|TWD|KRW|SGD|CHF|SEK|NOK|DKK|PLN|INR)\b/.exec(text);
  if (explicit) return explicit[1] === 'RMB' ? 'CNY' : explicit[1]!;
  if (/HK\$/.test(text)) return 'HKD';
  if (/NT\$/.test(text)) return 'TWD';
  if (/(?:C|CA)\$/.test(text)) return 'CAD';
  if (/(?:A|AU)\$/.test(text)) return 'AUD';
  if (/US\$/.test(text)) return 'USD';
  if (text.includes('€')) return 'EUR';
  if (text.includes('£')) return 'GBP';
  if (text.includes('₩')) return 'KRW';
  if (text.includes('元')) return 'CNY';
  // ¥ is the yuan on Chinese stores and the yen on Japanese ones: the store decides.
  if (/[¥￥]/.test(text)) return fallback === 'JPY' ? 'JPY' : 'CNY';
  if (text.includes('$')) return DOLLAR_CURRENCIES.has(fallback) ? fallback : 'USD';
  return fallback;
}

// A number with optional grouping/decimal separators: 1,069.00  97,39  1.234,56  1 069,00 (nbsp-grouped).
const NUMBER = /\d+(?:[.,'\u00a0\u202f\u2009]\d+)*/g;
const RANGE_GAP = /^\s*(?:-|–|—|~|〜|to|至)\s*[^\d]{0,6}$/;

/** A displayed number to minor units; a lone separator followed by exactly three digits is taken as grouping. */
export function amountToMinor(token: string, currency: string): number | null {
  const seps = [...token.matchAll(/[.,'\u00a0\u202f\u2009]/g)];
  let intPart = token;
  let fracPart = '';
  const last = seps.at(-1);
  if (last && last.index !== undefined) {
    const tail = token.slice(last.index + 1);
    const sepChar = last[0];
    const sameKind = seps.filter((s) => s[0] === sepChar).length;
    // Three digits after a lone separator are grouping (1,069), except in currencies written with three
    // decimals, where they are the fils (KWD 12.500).
    const threeDecimals = minorDigits(currency) === 3;
    const isDecimal = (sepChar === '.' || sepChar === ',') && sameKind === 1 && (tail.length !== 3 || seps.length > 1 || threeDecimals);
    if (isDecimal) {
      intPart = token.slice(0, last.index);
      fracPart = tail;
    }
  }
  const whole = intPart.replace(/\D/g, '');
  if (!whole || whole.length > 12) return null;
  const digits = minorDigits(currency);
  const frac = Number(`0.${fracPart || '0'}`);
  const minor = Number(whole) * 10 ** digits + Math.round(frac * 10 ** digits);
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * Reads a displayed price: `¥5499.00-6799.00`, `￥ 149.00 - 159.00`, `$1,069.00`, `€ 97,39`, full-width digits.
 * A range gives minMinor < maxMinor; text with no number gives null.
 */
export function parsePrice(text: string | null | undefined, fallbackCurrency: string): Price | null {
  if (!text) return null;
  // Collapse ordinary whitespace only: no-break spaces group digits in some locales (1\u00a0069,00 €).
  const normal = toHalfWidth(text).replace(/[\t\n\r ]+/g, ' ');
  const tokens = [...normal.matchAll(NUMBER)];
  const first = tokens[0];
  if (!first || first.index === undefined) return null;
  const currency = currencyOf(normal, fallbackCurrency);
  const low = amountToMinor(first[0], currency);
  if (low === null) return null;
  let high = low;
  const second = tokens[1];
  if (second && second.index !== undefined && RANGE_GAP.test(normal.slice(first.index + first[0].length, second.index))) {
    high = amountToMinor(second[0], currency) ?? low;
  }
  return priceOf(currency, low, high);
}

/**
 * The Price for two amounts in either order, or null when the currency is not an ISO code or an amount
 * is not a whole number of minor units. The same rules as the Price schema (utils/product.ts), without
 * the schema: this runs in the content script, and the product is validated whole in the background.
 */
function priceOf(currency: string, a: number, b: number): Price | null {
  if (!/^[A-Z]{3}$/.test(currency) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < 0) return null;
  return { currency, minMinor: Math.min(a, b), maxMinor: Math.max(a, b) };
}

/** A machine-written decimal (schema.org, script data: `.` is always the decimal point) to minor units. */
export function decimalToMinor(value: unknown, currency: string): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/,/g, '') : '';
  if (!/^\d{1,12}(?:\.\d+)?$/.test(text)) return null;
  const minor = Math.round(Number(text) * 10 ** minorDigits(currency));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** A price from machine-written low/high amounts; null unless at least one is a valid amount. */
export function priceFromDecimals(currency: string, low: unknown, high?: unknown): Price | null {
  const min = decimalToMinor(low, currency);
  const max = high === undefined ? min : (decimalToMinor(high, currency) ?? min);
  if (min === null || max === null) return null;
  return priceOf(currency, min, max);
}
