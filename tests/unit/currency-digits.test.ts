import { describe, expect, it } from 'vitest';
import { formatPriceAmount } from '../../utils/db/csv';
import { formatPrice } from '../../utils/format-price';
import { decimalToMinor, minorDigits, parsePrice, priceFromDecimals } from '../../utils/price';

const CURRENCIES = Intl.supportedValuesOf('currency');
const intlDigits = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;

describe('one source of truth for currency digits', () => {
  it('knows many currencies (the test below covers every one Intl knows)', () => expect(CURRENCIES.length).toBeGreaterThan(100));

  it.each(CURRENCIES)('%s: the digits agree with Intl, and parsing, showing and CSV agree with each other', (currency) => {
    const digits = minorDigits(currency);
    expect(digits).toBe(intlDigits(currency));
    // 1,234 and a bit in the major unit, in minor units.
    const minor = 1234 * 10 ** digits + (digits > 0 ? 5 : 0);
    const price = { currency, minMinor: minor, maxMinor: minor };
    const major = minor / 10 ** digits;
    // Shown as Intl shows that amount in that currency.
    expect(formatPrice(price, 'en')).toBe(new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(major));
    expect(formatPrice(price, 'zh')).toBe(new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).format(major));
    // The CSV amount reads back as the same minor units, and so does the shown text.
    const csv = formatPriceAmount(price);
    expect(csv).toBe(major.toFixed(digits));
    expect(decimalToMinor(csv, currency)).toBe(minor);
    expect(priceFromDecimals(currency, csv)).toEqual(price);
    expect(parsePrice(`${currency} ${major.toFixed(digits)}`, currency)).toEqual(price);
  });
});

describe('currencies without decimals are not stored or shown 100× or 1000× too large', () => {
  it.each([
    ['Rp 15.000', 'IDR', 15000, 'IDR 15,000', '15000'],
    ['Rp15.000,00', 'IDR', 15000, 'IDR 15,000', '15000'],
    ['12\u00a0990 Ft', 'HUF', 12990, 'HUF 12,990', '12990'],
    ['25,000 IQD', 'IQD', 25000, 'IQD 25,000', '25000'],
    ['KWD 12.500', 'KWD', 12500, 'KWD 12.500', '12.500'],
    ['¥5,499.00', 'CNY', 549900, 'CN¥5,499.00', '5499.00'],
  ])('%s (%s) is %i minor units, shown as %s, %s in CSV', (text, currency, minor, shown, csv) => {
    const price = parsePrice(text, currency);
    expect(price).toEqual({ currency, minMinor: minor, maxMinor: minor });
    expect(formatPrice(price!, 'en').replace(/\u00a0/g, ' ')).toBe(shown);
    expect(formatPriceAmount(price)).toBe(csv);
  });

  it('structured data (schema.org) in rupiah and forint', () => {
    expect(priceFromDecimals('IDR', '15000', '17500.00')).toEqual({ currency: 'IDR', minMinor: 15000, maxMinor: 17500 });
    expect(priceFromDecimals('HUF', 12990)).toEqual({ currency: 'HUF', minMinor: 12990, maxMinor: 12990 });
  });

  it('an unknown but well-formed code uses two digits everywhere', () => {
    expect(minorDigits('XYZ')).toBe(2);
    expect(formatPriceAmount({ currency: 'XYZ', minMinor: 150, maxMinor: 150 })).toBe('1.50');
    expect(formatPrice({ currency: 'XYZ', minMinor: 150, maxMinor: 150 }, 'en')).toContain('1.50');
  });
});
