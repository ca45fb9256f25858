import * as common from './strings/common';
import * as errors from './strings/errors';
import * as launcher from './strings/launcher';
import * as overlay from './strings/overlay';
import * as priceTrackingSettings from './strings/price-tracking-settings';
import * as popup from './strings/popup';
import * as recommend from './strings/recommend';
import * as sync from './strings/sync';
import type { StringTables } from './translate';

/**
 * The strings Haowu's own pages (popup, options, checkout) draw at first. The Studio, the expert
 * page and the Picks tab load their tables with their code (components/popup/lazy.tsx), and the
 * welcome page adds its own, so the popup's first load carries none of them (popup-gzip budget).
 * Only this module, never ./strings.ts (every table), is imported at run time by those pages.
 */
export const POPUP_STRINGS: StringTables = {
  en: { ...common.en, ...errors.en, ...launcher.en, ...overlay.en, ...popup.en, ...sync.en, ...recommend.en, ...priceTrackingSettings.en },
  zh: { ...common.zh, ...errors.zh, ...launcher.zh, ...overlay.zh, ...popup.zh, ...sync.zh, ...recommend.zh, ...priceTrackingSettings.zh },
};
