import type { Language } from './translate';

const rules = new Map<Language, Intl.PluralRules>();

/**
 * The key for `count` by the language's plural rules (Intl.PluralRules): English says "1 pick" and
 * "2 picks"; Chinese has one form, so its `other` string is used for every count.
 */
export function pluralKey<K extends string>(language: Language, count: number, keys: { one: K; other: K }): K {
  let rule = rules.get(language);
  if (!rule) rules.set(language, (rule = new Intl.PluralRules(language === 'zh' ? 'zh-CN' : 'en-US')));
  return rule.select(count) === 'one' ? keys.one : keys.other;
}
