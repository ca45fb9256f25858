import type { StringKey } from './strings';

export type Language = 'en' | 'zh';
export type LanguageSetting = 'auto' | Language;

/**
 * The string tables a part of Haowu ships. The overlay's panel passes only the overlay's (see
 * overlay-strings.ts) so the popup's strings stay out of every store page; pages pass them all.
 */
export type StringTables = Record<Language, Partial<Record<StringKey, string>>>;

/**
 * The language tag written on a document or root in each language (`lang`): screen readers choose
 * their voice by it, and browsers the font for Chinese characters (simplified shapes, not Japanese
 * ones) when no font is named for them. Also the locale of the dates and counts a few pages format with
 * `toLocaleString`.
 */
export const languageTag = (language: Language): string => (language === 'zh' ? 'zh-CN' : 'en');

/** `auto` follows the browser: any Chinese variant gives Chinese, everything else English. */
export function resolveLanguage(setting: LanguageSetting, browserLanguages: readonly string[]): Language {
  if (setting !== 'auto') return setting;
  const first = browserLanguages[0]?.toLowerCase() ?? 'en';
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

/**
 * A number parameter is written with the language's digit grouping ("5,000"); pass a string for a
 * number that must stay as it is (a year, an id, a port).
 */
export type Params = Record<string, string | number>;

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** `"5499"` → `"5,499"`: digits grouped by three with `,`, as en-US and zh-CN both write them. */
export const groupByThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `n` with the language's separators: 5000 → "5,000" (en) or "5,000" (zh-CN), 0.5 → "0.5". */
export function formatNumber(language: Language, n: number): string {
  // A whole number (a count, a percentage) without Intl: en-US and zh-CN group it alike, and a store
  // page's first Intl format loads ICU's number data on the page's main thread (issue 19). Held to
  // Intl's text by tests/unit/i18n/translate.test.ts.
  if (Number.isSafeInteger(n)) return `${n < 0 ? '-' : ''}${groupByThousands(String(Math.abs(n)))}`;
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 20 })));
  return format.format(n);
}

/**
 * Fills `{name}` placeholders; a missing parameter stays visible as `{name}` rather than vanishing.
 * A key missing from the tables falls back to English, then to the key itself, so a gap shows up
 * in tests instead of as an empty label.
 */
export function translate(tables: StringTables, language: Language, key: StringKey, params?: Params): string {
  const template = tables[language][key] ?? tables.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    if (!Object.hasOwn(params, name)) return placeholder;
    const value = params[name]!;
    return typeof value === 'number' ? formatNumber(language, value) : value;
  });
}
