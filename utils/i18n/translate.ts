import { en, zh, type StringKey } from './strings';

export type Language = 'en' | 'zh';
export type LanguageSetting = 'auto' | Language;

const TABLES: Record<Language, Record<StringKey, string>> = { en, zh };

/** `auto` follows the browser: any Chinese variant gives Chinese, everything else English. */
export function resolveLanguage(setting: LanguageSetting, browserLanguages: readonly string[]): Language {
  if (setting !== 'auto') return setting;
  const first = browserLanguages[0]?.toLowerCase() ?? 'en';
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; a missing parameter stays visible as `{name}` rather than vanishing. */
export function translate(language: Language, key: StringKey, params?: Params): string {
  const template = TABLES[language][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}
