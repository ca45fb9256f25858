import { amountToMinor, currencyOf, toHalfWidth } from '../price';
import type { Price } from '../product';

/*
 * Prices as shops write them around the world. utils/price.ts knows the currencies of the stores Haowu
 * has modules for; an other store may price in any, so the model reads more signs and local words.
 * Checked in order: longer and less ambiguous marks first.
 */
const SIGNS: readonly [RegExp, string][] = [
  [/R\$/, 'BRL'],
  [/(?<![A-Z])S\$/, 'SGD'],
  [/₪|ש"ח|\bILS\b/, 'ILS'],
  [/₸|тг\.?|\bKZT\b/, 'KZT'],
  [/б\.\s?р\.|\bBYN\b|\bBr\b/, 'BYN'],
  [/₽|руб\.?|р\.(?!\w)|\bRUB\b/, 'RUB'],
  [/₴|грн\.?|\bUAH\b/, 'UAH'],
  [/ر\.س|﷼|\bSAR\b/, 'SAR'],
  [/د\.إ|\bAED\b/, 'AED'],
  [/₺|\bTL\b|\bTRY\b/, 'TRY'],
  [/\bKn\b|\bkn\b|\bHRK\b/, 'HRK'],
  [/\blei\b|\bLei\b|\bRON\b/, 'RON'],
  [/\bKč\b|\bCZK\b/, 'CZK'],
  [/\bFt\b|\bHUF\b/, 'HUF'],
  [/zł|\bPLN\b/, 'PLN'],
  [/원|₩|\bKRW\b/, 'KRW'],
  [/₫|\bVND\b/, 'VND'],
  [/฿|\bTHB\b/, 'THB'],
  [/₱|\bPHP\b/, 'PHP'],
  [/\bRp\.?(?=\s?\d)|\bIDR\b/, 'IDR'],
  [/\bRM(?=\s?\d)|\bMYR\b/, 'MYR'],
  [/\bMXN\b/, 'MXN'],
  [/\bBGN\b|лв\.?/, 'BGN'],
  [/\bZAR\b/, 'ZAR'],
  [/\bEGP\b|ج\.م/, 'EGP'],
];

// The rupee sign is the same word in India, Pakistan, Sri Lanka and Nepal: the store's country decides.
const RUPEES: Record<string, string> = { PKR: 'PKR', LKR: 'LKR', NPR: 'NPR' };

// The dollar, krone and yen/yuan signs are shared: the page's language (<html lang>) tells which country.
const DOLLAR_BY_LANG: Record<string, string> = { 'en-ca': 'CAD', 'fr-ca': 'CAD', 'en-au': 'AUD', 'en-nz': 'NZD', 'zh-tw': 'TWD', 'zh-hant-tw': 'TWD', 'zh-hk': 'HKD', 'en-sg': 'SGD', 'es-mx': 'MXN', 'en-hk': 'HKD', 'es-cl': 'CLP', 'es-ar': 'ARS', 'es-co': 'COP', 'es-uy': 'UYU' };
const KRONE_BY_LANG: Record<string, string> = { sv: 'SEK', da: 'DKK', nb: 'NOK', nn: 'NOK', no: 'NOK', is: 'ISK' };

/** The currency a price's text names, with the store's currency and page language to settle shared signs. */
export function moneyCurrency(text: string, storeCurrency: string, lang: string): string {
  for (const [sign, code] of SIGNS) if (sign.test(text)) return code;
  if (/₹|\bRs\.?(?=\s?\d)|\bINR\b|\bPKR\b/.test(text)) return /\bPKR\b/.test(text) ? 'PKR' : (RUPEES[storeCurrency] ?? 'INR');
  const language = lang.toLowerCase();
  if (/\bkr\.?|\bSEK\b|\bNOK\b|\bDKK\b/.test(text) && !/\b(?:SEK|NOK|DKK)\b/.test(text)) return KRONE_BY_LANG[language.split('-')[0]!] ?? (['SEK', 'NOK', 'DKK', 'ISK'].includes(storeCurrency) ? storeCurrency : 'SEK');
  const byLanguage = DOLLAR_BY_LANG[language];
  if (/\$/.test(text) && !/(?:US|C|CA|A|AU|HK|NT)\$/.test(text) && byLanguage) return byLanguage;
  return currencyOf(text, storeCurrency);
}

/**
 * The first amount in a price's text (a range `a – b` gives both ends), in the currency its signs name
 * (or in `currency` when the caller knows it).
 */
export function readMoney(text: string, storeCurrency: string, lang: string, currency = moneyCurrency(text, storeCurrency, lang)): Price | null {
  const normal = toHalfWidth(text).replace(/[\t\n\r ]+/g, ' ');
  const numbers = [...normal.matchAll(/\d+(?:[.,'\u00a0\u202f\u2009 ]\d+)*/g)];
  const first = numbers[0];
  if (!first || first.index === undefined) return null;
  // A space groups thousands only before exactly three digits (131 990); otherwise it separates two numbers.
  const token = /^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/.test(first[0]) ? first[0] : first[0].split(' ')[0]!;
  const low = amountToMinor(token, currency);
  if (low === null) return null;
  let high = low;
  const rest = normal.slice(first.index + token.length);
  const range = /^\s*(?:-|–|—|~|〜|to|至|bis|à)\s*[^\d]{0,8}?(\d+(?:[.,'\u00a0\u202f\u2009]\d+)*)/.exec(rest);
  if (range) high = amountToMinor(range[1]!, currency) ?? low;
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  return { currency, minMinor: Math.min(low, high), maxMinor: Math.max(low, high) };
}
