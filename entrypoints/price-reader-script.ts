// Must stay the first import: see utils/zod-jitless.ts.
import '../utils/zod-jitless';
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { OffscreenRead, readServedPage } from '../utils/price-tracking/served-page';

/*
 * Chrome's offscreen document for background price checks (utils/price-tracking/offscreen-reader.ts):
 * parses a served product page with the browser's DOMParser and runs Haowu's store readers on it.
 * It answers only Haowu's background (no tab, the extension's own origin), and nothing else. Loaded by
 * entrypoints/price-reader/index.html as a self-contained script (an unlisted script, Chrome only).
 */
export default defineUnlistedScript({
  include: ['chrome'],
  main() {
    const ownOrigin = browser.runtime.getURL('/');
    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      const request = OffscreenRead.safeParse(message);
      if (!request.success) return undefined;
      if (sender.id !== browser.runtime.id || sender.tab || (sender.url !== undefined && !sender.url.startsWith(ownOrigin))) return undefined;
      return Promise.resolve(readServedPage(request.data.html, request.data.url));
    });
  },
});
