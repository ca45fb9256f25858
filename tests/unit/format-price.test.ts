import { afterEach, describe, expect, it, vi } from 'vitest';
import { minorDigits } from '../../utils/currency-digits';
import { currenciesWrittenWithoutIntl, formatPrice, formatPriceWithoutIntl } from '../../utils/format-price';
import type { Language } from '../../utils/i18n/translate';

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };
const AMOUNTS = [0, 1, 9, 10, 99, 100, 999, 1000, 12345, 100000, 549900, 1234567, 123456789, 100000000000];

/** Intl's own text for the price, with Haowu's digits, as formatPrice wrote it before issue 19. */
function intlText(currency: string, minMinor: number, maxMinor: number, language: Language): string {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  const low = format.format(minMinor / 10 ** digits);
  if (minMinor === maxMinor) return low;
  const high = format.formatToParts(maxMinor / 10 ** digits).filter((part) => part.type !== 'currency' && part.type !== 'literal').map((part) => part.value).join('');
  return `${low}–${high}`;
}

afterEach(() => vi.restoreAllMocks());

describe('formatPriceWithoutIntl: formatPrice’s text without Intl for the stores’ currencies (issue 19)', () => {
  const cases = (['en', 'zh'] as const).flatMap((language) => currenciesWrittenWithoutIntl(language).map((currency) => [language, currency] as const));

  it('covers the partner stores’ and Amazon’s currencies in both languages', () => {
    for (const language of ['en', 'zh'] as const) expect(currenciesWrittenWithoutIntl(language)).toEqual(expect.arrayContaining(['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'INR']));
  });

  it.each(cases)('%s %s: the same text as Intl, single prices and ranges', (language, currency) => {
    for (const amount of AMOUNTS) {
      for (const price of [{ currency, minMinor: amount, maxMinor: amount }, { currency, minMinor: amount, maxMinor: amount * 3 + 7 }]) {
        expect(formatPriceWithoutIntl(price, language)).toBe(intlText(currency, price.minMinor, price.maxMinor, language));
        expect(formatPriceWithoutIntl(price, language)).toBe(formatPrice(price, language));
      }
    }
  });

  it('builds no Intl.NumberFormat for them: the panel’s first paint does not load ICU’s number data', () => {
    const built = vi.spyOn(Intl, 'NumberFormat');
    expect(formatPriceWithoutIntl({ currency: 'CNY', minMinor: 549900, maxMinor: 679900 }, 'en')).toBe('CN¥5,499.00–6,799.00');
    expect(formatPriceWithoutIntl({ currency: 'CNY', minMinor: 14900, maxMinor: 14900 }, 'zh')).toBe('¥149.00');
    expect(built).not.toHaveBeenCalled();
  });

  it('other currencies go through Intl', () => {
    for (const language of ['en', 'zh'] as const) {
      expect(currenciesWrittenWithoutIntl(language)).not.toContain('THB');
      expect(formatPriceWithoutIntl({ currency: 'THB', minMinor: 129900, maxMinor: 129900 }, language)).toBe(intlText('THB', 129900, 129900, language));
      expect(formatPriceWithoutIntl({ currency: 'THB', minMinor: 129900, maxMinor: 159950 }, language)).toBe(intlText('THB', 129900, 159950, language));
    }
  });
});
