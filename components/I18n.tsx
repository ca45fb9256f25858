import { createContext, Fragment, type ComponentChild, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import type { StringKey } from '../utils/i18n/strings';
import { translate, type Language, type Params, type StringTables } from '../utils/i18n/translate';

const I18nContext = createContext<{ language: Language; strings: StringTables }>({ language: 'en', strings: { en: {}, zh: {} } });

/** `strings`: POPUP_STRINGS on Haowu's pages (more added by MoreStrings), OVERLAY_STRINGS in the overlay's panel. */
export function I18nProvider({ language, strings, children }: { language: Language; strings: StringTables; children: ComponentChildren }) {
  return <I18nContext.Provider value={{ language, strings }}>{children}</I18nContext.Provider>;
}

/**
 * Adds string tables for a part of the page whose code loads later with its own strings (the
 * Studio, the expert page, the Picks tab: components/popup/lazy.tsx).
 */
export function MoreStrings({ tables, children }: { tables: StringTables; children: ComponentChildren }) {
  const { language, strings } = useContext(I18nContext);
  const merged = useMemo(() => ({ en: { ...strings.en, ...tables.en }, zh: { ...strings.zh, ...tables.zh } }), [strings, tables]);
  return <I18nContext.Provider value={{ language, strings: merged }}>{children}</I18nContext.Provider>;
}

/** `const t = useT(); t('common.close')`. */
export function useT(): (key: StringKey, params?: Params) => string {
  const { language, strings } = useContext(I18nContext);
  return (key, params) => translate(strings, language, key, params);
}

export function useLanguage(): Language {
  return useContext(I18nContext).language;
}

/**
 * Like `useT`, for sentences with an element in them: `tx('overlay.card.disclosure', { name: <ExpertName … /> })`
 * gives the sentence's text with the element in place of `{name}`, so a name keeps its own <bdi>
 * inside the sentence (components/ExpertName.tsx).
 */
export function useTx(): (key: StringKey, params: Record<string, ComponentChild>) => ComponentChildren {
  const { language, strings } = useContext(I18nContext);
  return (key, params) =>
    translate(strings, language, key)
      .split(/\{(\w+)\}/)
      .map((part, index) => (index % 2 === 0 ? part : part in params ? <Fragment key={index}>{params[part]}</Fragment> : `{${part}}`));
}
