import { majorAmount, minorDigits } from './currency-digits';
import type { Language } from './i18n/translate';
import type { Price } from './product';

export { majorAmount } from './currency-digits';

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

/** `¥5,499.00`, or `¥5,499.00–6,799.00` for a range. */
export function formatPrice(price: Price, language: Language): string {
  // The digits are Haowu's (utils/currency-digits.ts), not the browser's: they say what a stored minor unit is.
  const digits = minorDigits(price.currency);
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: price.currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  } catch {
    format = new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  const low = format.format(majorAmount(price.minMinor, price.currency));
  if (price.minMinor === price.maxMinor) return low;
  const high = format.formatToParts(majorAmount(price.maxMinor, price.currency)).filter((part) => part.type !== 'currency' && part.type !== 'literal').map((part) => part.value).join('');
  return `${low}–${high}`;
}
