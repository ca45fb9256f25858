import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startSettingsRead } from '../../utils/overlay/settings-preload';

/*
 * The product page's first content script, at document_start on the same pages as the product page
 * script (wxt.config.ts): it only begins reading the stored settings, so the launcher can be drawn as
 * soon as the product is read (utils/overlay/settings-preload.ts, issue 19). It touches nothing of the
 * page. On the opt-in stores, registered at run time, the product page script reads them itself.
 */
export default defineUnlistedScript(() => {
  startSettingsRead();
});
