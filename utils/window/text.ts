import * as common from '../i18n/strings/common';
import * as strings from '../i18n/strings/window';
import type { Language } from '../i18n/translate';
import { html, type Html, type HtmlValue } from './html';

/*
 * The window's strings in the language the expert chose for it. The table is its own (it is not in
 * ALL_STRINGS), so this is a small typed lookup with `translate`'s placeholder rule: a missing
 * parameter stays visible as `{name}`.
 */

export type WindowStringKey = keyof typeof strings.en;

const TABLES: Record<Language, Record<WindowStringKey, string>> = { en: strings.en, zh: strings.zh };

const PLACEHOLDER = /\{(\w+)\}/g;

/** Plain text, for titles and attributes (which `html` escapes). */
export function windowText(language: Language, key: WindowStringKey, params: Record<string, string | number> = {}): string {
  return TABLES[language][key].replace(PLACEHOLDER, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** Markup: the string's own text escaped, each placeholder filled with a value rendered by `html` (e.g. a <bdi> name). */
export function windowHtml(language: Language, key: WindowStringKey, params: Record<string, HtmlValue>): Html {
  const template = TABLES[language][key];
  const parts: HtmlValue[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    parts.push(template.slice(last, match.index), name in params ? params[name] : match[0]);
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return html`${parts}`;
}

/** One of "1 pick" / "{count} picks": the two keys differ only by their `.one` / `.other` ending. */
export const plural = <K extends string>(count: number, one: K, other: K): K => (count === 1 ? one : other);

const STORE_KEYS: Record<string, keyof typeof common.en> = {
  tmall: 'store.tmall',
  taobao: 'store.taobao',
  jd: 'store.jd',
  weidian: 'store.weidian',
  pinduoduo: 'store.pinduoduo',
  amazon: 'store.amazon',
};

/** A store key (a platform, or a domain for other stores, as `storeOf` gives) as a shopper names it. */
export function storeLabel(store: string, language: Language): string {
  const key = STORE_KEYS[store];
  return key ? (language === 'zh' ? common.zh : common.en)[key] : store;
}
