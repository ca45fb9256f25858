/**
 * In-app strings, English and Chinese, one table per area under ./strings/. The manifest's name and
 * description use `public/_locales` (browser.i18n); the UI uses these tables so the user can switch
 * language in settings without restarting the browser. `{name}` placeholders are filled by `translate`.
 */
import * as common from './strings/common';
import * as launcher from './strings/launcher';
import * as overlay from './strings/overlay';
import * as popup from './strings/popup';
import * as recommend from './strings/recommend';
import * as studio from './strings/studio';
import type { StringTables } from './translate';

export const en = { ...common.en, ...launcher.en, ...overlay.en, ...popup.en, ...recommend.en, ...studio.en };
export type StringKey = keyof typeof en;
export const zh: Record<StringKey, string> = { ...common.zh, ...launcher.zh, ...overlay.zh, ...popup.zh, ...recommend.zh, ...studio.zh };

/** Every string, for Haowu's own pages (popup, options, checkout). */
export const ALL_STRINGS: StringTables = { en, zh };
