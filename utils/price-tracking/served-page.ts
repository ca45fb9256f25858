import { z } from 'zod';
import { explainDetection, type Detection } from '../detect-product';
import { slimServedPage } from './slim-page';

export { slimServedPage } from './slim-page';

/*
 * Reading a product from a page's HTML as the server sent it (issue 17), with the same store readers
 * as on the page (utils/read-product.ts, utils/stores/*) and the same validation. Needs DOMParser: the
 * Firefox background page and Chrome's offscreen document have it; Chrome's service worker does not,
 * so there it goes through the offscreen document (offscreen-reader.ts). A parsed document runs no
 * script and loads nothing.
 */

/** At most this much HTML is read from a page (a product page is rarely over 2 MB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export function readServedPage(html: string, url: string): Detection {
  const document = new DOMParser().parseFromString(slimServedPage(html), 'text/html');
  // Every store reader: whether this product may be checked was decided before it was fetched.
  return explainDetection(document, new URL(url), { amazon: true, otherSites: true });
}

/** The message the background sends the offscreen document, and its answer. */
export const OffscreenRead = z.object({
  haowuOffscreen: z.literal('read'),
  html: z.string().max(MAX_PAGE_BYTES),
  url: z.url({ protocol: /^https$/ }),
});
export type OffscreenRead = z.infer<typeof OffscreenRead>;
