import * as common from './strings/common';
import * as overlay from './strings/overlay';
import * as recommend from './strings/recommend';
import type { StringTables } from './translate';

/** The strings the content script's overlay uses: common, overlay and the Recommend form's tables only. */
export const OVERLAY_STRINGS: StringTables = {
  en: { ...common.en, ...overlay.en, ...recommend.en },
  zh: { ...common.zh, ...overlay.zh, ...recommend.zh },
};
