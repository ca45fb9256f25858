import * as common from './strings/common';
import * as launcher from './strings/launcher';
import * as overlay from './strings/overlay';
import * as priceTracking from './strings/price-tracking';
import * as recommend from './strings/recommend';
import type { StringTables } from './translate';

/** The strings the overlay's panel uses: common, launcher, overlay and the Recommend form's tables only. */
export const OVERLAY_STRINGS: StringTables = {
  en: { ...common.en, ...launcher.en, ...overlay.en, ...recommend.en, ...priceTracking.en },
  zh: { ...common.zh, ...launcher.zh, ...overlay.zh, ...recommend.zh, ...priceTracking.zh },
};
