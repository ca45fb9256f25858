import { majorAmount, minorDigits } from './currency-digits';
import { groupByThousands, type Language } from './i18n/translate';
import type { Price } from './product';

export { majorAmount } from './currency-digits';

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

/*
 * What Intl writes before the amount, in each language, for the currencies Haowu's stores price in
 * (the partner stores, Amazon's storefronts, the commonest others). A page's first Intl.NumberFormat
 * loads ICU's number data: 20–290 ms on the main thread of the store's page, which the panel's first
 * paint waited for (issue 19). For these currencies the text is put together here instead: en-US and
 * zh-CN both write the symbol and then the amount, grouped by three with `,`, `.` before the decimals.
 * tests/unit/format-price.test.ts holds every entry to Intl's own text (and
 * tests/unit/currency-digits.test.ts every currency Intl knows); any other currency goes through Intl.
 */
const SYMBOL: Record<Language, Readonly<Record<string, string>>> = {
  en: { CNY: 'CN¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$', TWD: 'NT$', CAD: 'CA$', AUD: 'A$', NZD: 'NZ$', KRW: '₩', INR: '₹', MXN: 'MX$', BRL: 'R$' },
  zh: { CNY: '¥', USD: 'US$', EUR: '€', GBP: '£', JPY: 'JP¥', HKD: 'HK$', TWD: 'NT$', CAD: 'CA$', AUD: 'AU$', NZD: 'NZ$', KRW: '₩', INR: '₹', MXN: 'MX$', BRL: 'R$' },
};
/** Currencies both languages write as their code and a no-break space: `CHF 12.50`. */
const BY_CODE = ['CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'SGD', 'AED', 'SAR', 'TRY'];

const prefixOf = (currency: string, language: Language): string | undefined => SYMBOL[language][currency] ?? (BY_CODE.includes(currency) ? `${currency}\u00a0` : undefined);

/** The currencies written here without Intl, in `language` (for the tests that hold them to Intl). */
export const currenciesWrittenWithoutIntl = (language: Language): string[] => [...Object.keys(SYMBOL[language]), ...BY_CODE];

/** `549900` minor units with 2 digits → `5,499.00`, from the integer itself (no float, no Intl). */
function groupedAmount(minor: number, digits: number): string {
  const scale = 10 ** digits;
  const whole = groupByThousands(String(Math.floor(minor / scale)));
  return digits === 0 ? whole : `${whole}.${String(minor % scale).padStart(digits, '0')}`;
}

/** One Intl formatter per locale, currency and digits: building one costs, using it again does not. */
const formats = new Map<string, Intl.NumberFormat>();

function intlFormat(language: Language, currency: string, digits: number): Intl.NumberFormat {
  const id = `${language}|${currency}|${digits}`;
  let format = formats.get(id);
  if (!format) {
    try {
      format = new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      format = new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    formats.set(id, format);
  }
  return format;
}

/** `¥5,499.00`, or `¥5,499.00–6,799.00` for a range (Intl's text; see formatPriceWithoutIntl). */
export function formatPrice(price: Price, language: Language): string {
  // The digits are Haowu's (utils/currency-digits.ts), not the browser's: they say what a stored minor unit is.
  const digits = minorDigits(price.currency);
  const format = intlFormat(language, price.currency, digits);
  const low = format.format(majorAmount(price.minMinor, price.currency));
  if (price.minMinor === price.maxMinor) return low;
  const high = format.formatToParts(majorAmount(price.maxMinor, price.currency)).filter((part) => part.type !== 'currency' && part.type !== 'literal').map((part) => part.value).join('');
  return `${low}–${high}`;
}

/**
 * formatPrice's text, put together without Intl for the currencies above: what the panel on a store
 * page shows in its first paint. Haowu's own pages use formatPrice (the table would cost the popup's
 * size budget, and ICU's data loads there once, off any store's page).
 */
export function formatPriceWithoutIntl(price: Price, language: Language): string {
  const prefix = prefixOf(price.currency, language);
  if (prefix === undefined || !Number.isSafeInteger(price.minMinor) || !Number.isSafeInteger(price.maxMinor) || price.minMinor < 0) return formatPrice(price, language);
  const digits = minorDigits(price.currency);
  const low = `${prefix}${groupedAmount(price.minMinor, digits)}`;
  return price.minMinor === price.maxMinor ? low : `${low}–${groupedAmount(price.maxMinor, digits)}`;
}
