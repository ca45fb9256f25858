import type { Language } from '../i18n/translate';

/*
 * A pick's day as the panel's cards say it ("Jun 1, 2025", "2025年6月1日"): the text
 * `toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' })` gives in en-US and
 * zh-CN, put together here. A page's first Intl date format loads ICU's date data on the store page's
 * main thread, which the panel's first paint with its picks would wait for (issue 19; the same as for
 * prices, utils/format-price.ts). tests/unit/overlay/pick-date.test.ts holds it to Intl's text.
 */

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The day of `time` (ms since the epoch) in the browser's time zone, in `language`. */
export function pickDate(time: number, language: Language): string {
  const date = new Date(time);
  const [year, month, day] = [date.getFullYear(), date.getMonth(), date.getDate()];
  return language === 'zh' ? `${year}年${month + 1}月${day}日` : `${MONTHS_EN[month]} ${day}, ${year}`;
}
