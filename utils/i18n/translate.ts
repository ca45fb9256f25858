import type { StringKey } from './strings';

export type Language = 'en' | 'zh';
export type LanguageSetting = 'auto' | Language;

/**
 * The string tables a part of Haowu ships. The overlay's panel passes only the overlay's (see
 * overlay-strings.ts) so the popup's strings stay out of every store page; pages pass them all.
 */
export type StringTables = Record<Language, Partial<Record<StringKey, string>>>;

/** `auto` follows the browser: any Chinese variant gives Chinese, everything else English. */
export function resolveLanguage(setting: LanguageSetting, browserLanguages: readonly string[]): Language {
  if (setting !== 'auto') return setting;
  const first = browserLanguages[0]?.toLowerCase() ?? 'en';
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

export type Params = Record<string, string | number>;

/**
 * Fills `{name}` placeholders; a missing parameter stays visible as `{name}` rather than vanishing.
 * A key missing from the tables falls back to English, then to the key itself, so a gap shows up
 * in tests instead of as an empty label.
 */
export function translate(tables: StringTables, language: Language, key: StringKey, params?: Params): string {
  const template = tables[language][key] ?? tables.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}
