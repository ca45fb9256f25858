import type { ComponentChildren } from 'preact';
import { useT } from '../I18n';
import { storeName } from './store-name';

export interface SearchToolbarProps {
  /** Prefix of the fields' ids (`saved` → `saved-search`, `saved-store`). */
  idPrefix: string;
  /** The search box's label and placeholder. */
  searchLabel: string;
  text: string;
  onText: (text: string) => void;
  store: string;
  onStore: (store: string) => void;
  stores: readonly string[];
  /** Further controls after the store filter (the Saved tab's sort). */
  children?: ComponentChildren;
}

/** The search box and store filter above a list of products (Saved tab, an expert's page). */
export function SearchToolbar({ idPrefix, searchLabel, text, onText, store, onStore, stores, children }: SearchToolbarProps) {
  const t = useT();
  return (
    <div class="toolbar" role="search">
      <label class="visually-hidden" for={`${idPrefix}-search`}>
        {searchLabel}
      </label>
      <input
        id={`${idPrefix}-search`}
        type="search"
        class="input toolbar__search"
        placeholder={searchLabel}
        value={text}
        onInput={(event) => onText(event.currentTarget.value)}
      />
      <label class="visually-hidden" for={`${idPrefix}-store`}>
        {t('popup.saved.store')}
      </label>
      <select id={`${idPrefix}-store`} class="input" value={store} onChange={(event) => onStore(event.currentTarget.value)}>
        <option value="">{t('popup.saved.allStores')}</option>
        {stores.map((s) => (
          <option key={s} value={s}>
            {storeName(s, t)}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
