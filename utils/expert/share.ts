import type { StringKey } from '../i18n/strings';
import type { Params } from '../i18n/translate';

/** What sharing one pick needs to know. */
export interface SharedPick {
  expertName: string;
  title: string;
  rating: number;
  reason: string;
  link: string;
}

/** The text copied when the expert shares a pick: the link, and the commission disclosed as everywhere else. */
export const shareText = (t: (key: StringKey, params?: Params) => string, pick: SharedPick): string =>
  t('studio.share.text', { name: pick.expertName, title: pick.title, rating: pick.rating, reason: pick.reason, link: pick.link });
