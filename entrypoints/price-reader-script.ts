// Must stay the first import: see utils/zod-jitless.ts.
import '../utils/zod-jitless';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { OFFSCREEN_CHANNEL, OffscreenRead, readSlimmedPage, type OffscreenAnswer } from '../utils/price-tracking/served-page';

/*
 * Chrome's offscreen document for background price checks (utils/price-tracking/offscreen-reader.ts):
 * parses a served product page (slimmed by the background) with the browser's DOMParser and runs
 * Haowu's store readers on it. It listens on a BroadcastChannel, which only the extension's own origin
 * can join (no web page, no content script), and answers there. Loaded by
 * entrypoints/price-reader/index.html as a self-contained script (an unlisted script, Chrome only).
 */
export default defineUnlistedScript({
  include: ['chrome'],
  main() {
    const channel = new BroadcastChannel(OFFSCREEN_CHANNEL);
    channel.onmessage = (event: MessageEvent) => {
      const request = OffscreenRead.safeParse(event.data);
      if (!request.success) return;
      let answer: Pick<OffscreenAnswer, 'product' | 'reason'>;
      try {
        answer = readSlimmedPage(request.data.html, request.data.url);
      } catch (error) {
        // Answered anyway, so the background does not wait for nothing.
        answer = { product: null, reason: `the page could not be read: ${String(error)}` };
      }
      const { product, reason } = answer;
      channel.postMessage({ haowuOffscreen: 'answer', id: request.data.id, product, reason } satisfies OffscreenAnswer);
    };
  },
});
