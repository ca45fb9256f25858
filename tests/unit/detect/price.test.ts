import { describe, expect, it } from 'vitest';
import { decimalToMinor, parsePrice, priceFromDecimals } from '../../../utils/price';

const one = (currency: string, minor: number) => ({ currency, minMinor: minor, maxMinor: minor });

describe('parsePrice', () => {
  it.each([
    ['¥5499.00-6799.00', 'CNY', { currency: 'CNY', minMinor: 549900, maxMinor: 679900 }],
    ['￥ 149.00 - 159.00', 'CNY', { currency: 'CNY', minMinor: 14900, maxMinor: 15900 }],
    ['￥６９．９０', 'CNY', one('CNY', 6990)],
    ['$1,069.00', 'USD', one('USD', 106900)],
    ['€ 97,39', 'EUR', one('EUR', 9739)],
    ['97,39 €', 'USD', one('EUR', 9739)],
    ['1.234,56 €', 'EUR', one('EUR', 123456)],
    ['1\u00a0069,00 €', 'EUR', one('EUR', 106900)],
    ['£1,069', 'GBP', one('GBP', 106900)],
    ['￥1,980', 'JPY', one('JPY', 1980)],
    ['CDN$ 24.99', 'CAD', one('CAD', 2499)],
    ['$24.99', 'CAD', one('CAD', 2499)],
    ['US$24.99', 'CAD', one('USD', 2499)],
    ['2199', 'CNY', one('CNY', 219900)],
    ['$10 - $20', 'USD', { currency: 'USD', minMinor: 1000, maxMinor: 2000 }],
    ['59.90 ~ 39.90', 'CNY', { currency: 'CNY', minMinor: 3990, maxMinor: 5990 }],
  ])('%s → %o', (text, fallback, expected) => {
    expect(parsePrice(text, fallback)).toEqual(expected);
  });

  it('takes the first of two prices that are not a range', () => {
    expect(parsePrice('$15.98 $17.00', 'USD')).toEqual(one('USD', 1598));
  });

  it.each(['', '￥', '价格面议', null, undefined])('gives null when no amount is stated (%o)', (text) => {
    expect(parsePrice(text, 'CNY')).toBeNull();
  });

  it('refuses absurdly long numbers instead of losing precision', () => {
    expect(parsePrice('¥12345678901234567890', 'CNY')).toBeNull();
  });
});

describe('machine-written decimals', () => {
  it('reads schema.org amounts with a dot decimal point', () => {
    expect(decimalToMinor('49.90', 'EUR')).toBe(4990);
    expect(decimalToMinor(15.98, 'USD')).toBe(1598);
    expect(decimalToMinor('1980', 'JPY')).toBe(1980);
    expect(decimalToMinor('abc', 'USD')).toBeNull();
    expect(decimalToMinor('-5', 'USD')).toBeNull();
  });

  it('orders a low–high pair', () => {
    expect(priceFromDecimals('CNY', '159.00', '149.00')).toEqual({ currency: 'CNY', minMinor: 14900, maxMinor: 15900 });
    expect(priceFromDecimals('CNY', null)).toBeNull();
  });
});
