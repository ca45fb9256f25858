/**
 * In-app strings, English and Chinese, one table per area under ./strings/. The manifest's name and
 * description use `public/_locales` (browser.i18n); the UI uses these tables so the user can switch
 * language in settings without restarting the browser. `{name}` placeholders are filled by `translate`.
 */
import * as common from './strings/common';
import * as errors from './strings/errors';
import * as launcher from './strings/launcher';
import * as overlay from './strings/overlay';
import * as picks from './strings/picks';
import * as priceTracking from './strings/price-tracking';
import * as priceTrackingSettings from './strings/price-tracking-settings';
import * as popup from './strings/popup';
import * as recommend from './strings/recommend';
import * as settings from './strings/settings';
import * as studio from './strings/studio';
import * as sync from './strings/sync';
import * as welcome from './strings/welcome';
import type { StringTables } from './translate';

export const en = { ...common.en, ...errors.en, ...launcher.en, ...overlay.en, ...popup.en, ...sync.en, ...picks.en, ...recommend.en, ...studio.en, ...welcome.en, ...priceTracking.en, ...priceTrackingSettings.en, ...settings.en };
export type StringKey = keyof typeof en;
export const zh: Record<StringKey, string> = { ...common.zh, ...errors.zh, ...launcher.zh, ...overlay.zh, ...popup.zh, ...sync.zh, ...picks.zh, ...recommend.zh, ...studio.zh, ...welcome.zh, ...priceTracking.zh, ...priceTrackingSettings.zh, ...settings.zh };

/**
 * Every string, for tests and the types. Haowu's own pages load POPUP_STRINGS (./popup-strings.ts)
 * and add the Studio's, the expert page's and the Picks tab's tables when those load, so nothing
 * but types may be imported from here at run time in a page.
 */
export const ALL_STRINGS: StringTables = { en, zh };
