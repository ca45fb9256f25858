/*
 * Digits after the decimal point of each currency: THE one source for what a "minor unit" is. Haowu
 * stores every price as an integer number of minor units (utils/product.ts), so parsing a page
 * (utils/price.ts), showing a price (utils/format-price.ts) and the CSV export (utils/db/csv.ts) must
 * agree on it, and so must every browser that reads the same data (a feed, a backup, sync).
 *
 * The table is written down rather than asked of `Intl` at run time because browsers disagree: the
 * values are those of Chromium's Intl (ICU and CLDR, the digits in which a price is written), and
 * tests/unit/currency-digits.test.ts checks them against `Intl.NumberFormat(…).resolvedOptions()` for
 * every currency Intl knows. Prices are shown with these digits given to Intl explicitly, so every
 * browser shows what is stored.
 */

/** Currencies written without decimals. */
const NO_DECIMALS = [
  'AFN', 'ALL', 'BIF', 'CLP', 'COP', 'DJF', 'GNF', 'HUF', 'IDR', 'IQD', 'IRR', 'ISK', 'JPY', 'KMF', 'KPW', 'KRW', 'LAK',
  'LBP', 'MGA', 'MMK', 'PKR', 'PYG', 'RWF', 'SLL', 'SOS', 'SYP', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF', 'YER',
];
/** Currencies written with three decimals. */
const THREE_DECIMALS = ['BHD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

const DIGITS: ReadonlyMap<string, number> = new Map([...NO_DECIMALS.map((code) => [code, 0] as const), ...THREE_DECIMALS.map((code) => [code, 3] as const)]);

/** Digits after the decimal point in `currency` (an ISO 4217 code): 0 for JPY, IDR, HUF; 3 for KWD; else 2. */
export const minorDigits = (currency: string): number => DIGITS.get(currency) ?? 2;

/** Minor units to a number in the currency's major unit (`69900` CNY → `699`, `15000` IDR → `15000`). */
export const majorAmount = (minor: number, currency: string): number => minor / 10 ** minorDigits(currency);
