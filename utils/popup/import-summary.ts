import type { ImportSummary } from '../db/backup';
import type { StringKey } from '../i18n/strings';
import { pluralKey } from '../i18n/plural';
import type { Language, Params } from '../i18n/translate';

/*
 * What a backup import did, as a sentence a person reads (issue 16: it was a dump, "saved items: 5 added,
 * 0 updated, 0 kept; …"): "Backup imported: added 5 saved items and 2 experts; updated 1 pick. 3 records
 * were already here and stay as they are." Sections with nothing to say are left out.
 */

type Section = Exclude<keyof ImportSummary, 'settings'>;

/** In the order a person thinks of them; each noun with its count, singular and plural. */
const NOUNS: { section: Section; one: StringKey; other: StringKey }[] = [
  { section: 'saved', one: 'popup.backup.count.saved.one', other: 'popup.backup.count.saved' },
  { section: 'cart', one: 'popup.backup.count.cart.one', other: 'popup.backup.count.cart' },
  { section: 'experts', one: 'popup.backup.count.experts.one', other: 'popup.backup.count.experts' },
  { section: 'recommendations', one: 'popup.backup.count.recommendations.one', other: 'popup.backup.count.recommendations' },
  { section: 'collections', one: 'popup.backup.count.collections.one', other: 'popup.backup.count.collections' },
  { section: 'purchases', one: 'popup.backup.count.purchases.one', other: 'popup.backup.count.purchases' },
  { section: 'products', one: 'popup.backup.count.products.one', other: 'popup.backup.count.products' },
];

export interface ImportVoice {
  t: (key: StringKey, params?: Params) => string;
  language: Language;
}

export function describeImport({ t, language }: ImportVoice, summary: ImportSummary): string {
  const locale = language === 'zh' ? 'zh-CN' : 'en-US';
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const counted = (field: 'added' | 'updated') =>
    NOUNS.filter(({ section }) => summary[section][field] > 0).map(({ section, one, other }) => {
      const count = summary[section][field];
      return t(pluralKey(language, count, { one, other }), { count: count.toLocaleString(locale) });
    });
  const added = counted('added');
  const updated = counted('updated');
  const changes = [...(added.length ? [t('popup.backup.done.added', { list: list.format(added) })] : []), ...(updated.length ? [t('popup.backup.done.updated', { list: list.format(updated) })] : [])];
  const kept = NOUNS.reduce((sum, { section }) => sum + summary[section].kept, 0);
  const sentences = [changes.length ? t('popup.backup.done', { changes: changes.join(t('popup.backup.done.separator')) }) : t('popup.backup.done.nothingNew')];
  if (kept > 0 && changes.length) sentences.push(t(pluralKey(language, kept, { one: 'popup.backup.done.kept.one', other: 'popup.backup.done.kept' }), { count: kept.toLocaleString(locale) }));
  if (summary.settings) sentences.push(t('popup.backup.settingsApplied'));
  return sentences.join(t('popup.backup.done.sentenceSeparator'));
}
