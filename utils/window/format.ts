import type { Language } from '../i18n/translate';
import { cleanText } from './html';

/*
 * Small formatting rules of the window's pages. Everything here is deterministic for a given input,
 * so the same picks give the same files (and the same zip).
 */

const LOCALE: Record<Language, string> = { en: 'en-US', zh: 'zh-CN' };

/** The `lang` attribute: the Chinese window is written in simplified Chinese. */
export const htmlLang = (language: Language): string => LOCALE[language];

/** Open Graph's locale form (`zh_CN`). */
export const ogLocale = (language: Language): string => LOCALE[language].replace('-', '_');

const EXPERT_ID = /^ed25519:[0-9a-f]{32}$/;

export const isExpertId = (id: string): boolean => EXPERT_ID.test(id);

/** `ed25519:d052bfcf…` → `ed25519:d052…2f15`: enough to compare at a glance; the page also shows it whole. */
export { shortFingerprint as shortExpertId } from '../expert/short-fingerprint';

// Intl formatters are slow to make and a window formats thousands of dates: one per language and zone.
const dayFormats = new Map<string, { text: Intl.DateTimeFormat; iso: Intl.DateTimeFormat }>();

function dayFormat(language: Language, timeZone: string | undefined) {
  const key = `${language} ${timeZone ?? ''}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = {
      text: new Intl.DateTimeFormat(LOCALE[language], { timeZone, dateStyle: 'medium' }),
      // en-CA writes dates as YYYY-MM-DD, the form <time datetime> wants, in the same zone as the text.
      iso: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    dayFormats.set(key, format);
  }
  return format;
}

/** A day as the shopper reads it ("Mar 1, 2025", "2025年3月1日"), and its machine form for <time>. */
export function formatDay(ms: number, language: Language, timeZone: string | undefined): { text: string; iso: string } {
  const date = new Date(ms);
  const format = dayFormat(language, timeZone);
  const parts = format.iso.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { text: format.text.format(date), iso: `${part('year')}-${part('month')}-${part('day')}` };
}

/** `★★★★☆` for 4: screen readers get the accessible label instead (see the pick card). */
export const stars = (rating: number): string => '★'.repeat(rating) + '☆'.repeat(5 - rating);

/** A whole rating 1–5 whatever the record holds, so the stars always add up to five. */
export const clampRating = (rating: number): number => (Number.isFinite(rating) ? Math.min(5, Math.max(1, Math.round(rating))) : 1);

/** The text cleaned and cut to `max` code points with "…", for link previews (which cut long text anyway). */
export function preview(text: string, max: number): string {
  const points = Array.from(cleanText(text).replace(/\s+/g, ' ').trim());
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('').trimEnd()}…`;
}
