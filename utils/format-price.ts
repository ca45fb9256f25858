import type { Price } from './product';
import type { Language } from './i18n/translate';

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units to a number in the currency's major unit (JPY has none, CNY and USD have two). */
export function majorAmount(minor: number, currency: string): number {
  return minor / 10 ** fractionDigits(currency);
}

/** `¥5,499.00`, or `¥5,499.00–6,799.00` for a range. */
export function formatPrice(price: Price, language: Language): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: price.currency });
  } catch {
    format = new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: 2 });
  }
  const low = format.format(majorAmount(price.minMinor, price.currency));
  if (price.minMinor === price.maxMinor) return low;
  const high = format.formatToParts(majorAmount(price.maxMinor, price.currency)).filter((part) => part.type !== 'currency' && part.type !== 'literal').map((part) => part.value).join('');
  return `${low}–${high}`;
}
