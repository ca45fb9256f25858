import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { StringKey } from '../utils/i18n/strings';
import { translate, type Language, type Params } from '../utils/i18n/translate';

const LanguageContext = createContext<Language>('en');

export function I18nProvider({ language, children }: { language: Language; children: ComponentChildren }) {
  return <LanguageContext.Provider value={language}>{children}</LanguageContext.Provider>;
}

/** `const t = useT(); t('common.close')`. */
export function useT(): (key: StringKey, params?: Params) => string {
  const language = useContext(LanguageContext);
  return (key, params) => translate(language, key, params);
}

export function useLanguage(): Language {
  return useContext(LanguageContext);
}
