import * as common from './strings/common';
import * as overlay from './strings/overlay';
import type { StringTables } from './translate';

/** The strings the content script's overlay uses: common and overlay tables only. */
export const OVERLAY_STRINGS: StringTables = {
  en: { ...common.en, ...overlay.en },
  zh: { ...common.zh, ...overlay.zh },
};
