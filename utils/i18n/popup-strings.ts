import * as common from './strings/common';
import * as errors from './strings/errors';
import * as priceTrackingSettings from './strings/price-tracking-settings';
import * as popup from './strings/popup';
import * as sync from './strings/sync';
import type { StringTables } from './translate';

/**
 * The strings Haowu's own pages (popup, options, checkout) draw at first. The Studio, the expert
 * page, the Picks tab and the Settings tab load their tables with their code (components/popup/lazy.tsx), and the
 * welcome page adds its own, so the popup's first load carries none of them (popup-gzip budget). The
 * overlay's and the Recommend form's tables come with the parts that draw pick cards or the form (the
 * Picks tab, the expert page, the Studio); tests/unit/bundles/string-tables.test.ts checks that every
 * key a page or part uses is in the tables it has.
 * Only this module, never ./strings.ts (every table), is imported at run time by those pages.
 */
export const POPUP_STRINGS: StringTables = {
  en: { ...common.en, ...errors.en, ...popup.en, ...sync.en, ...priceTrackingSettings.en },
  zh: { ...common.zh, ...errors.zh, ...popup.zh, ...sync.zh, ...priceTrackingSettings.zh },
};
