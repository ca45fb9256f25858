import { z } from 'zod';
import { explainDetection, type Detection } from '../detect-product';
import { loadedPageModel, providePageModel } from '../page-model/api';
import { pageModelFields } from '../page-model/page-fields';
import { slimServedPage } from './slim-page';

export { slimServedPage } from './slim-page';

/*
 * Reading a product from a page's HTML as the server sent it (issue 17), with the same store readers
 * as on the page (utils/read-product.ts, utils/stores/*) and the same validation. Needs DOMParser: the
 * Firefox background page and Chrome's offscreen document have it; Chrome's service worker does not,
 * so there it reads the page over a light tree where it can (light-read.ts) and otherwise goes through
 * the offscreen document (offscreen-reader.ts). A parsed document runs no script and loads nothing.
 */

/** At most this much HTML is read from a page (a product page is rarely over 2 MB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Every store reader: whether a product may be checked was decided before its page was fetched. */
export const READ_EVERY_STORE = { amazon: true, otherSites: true } as const;

/**
 * Parses a page already slimmed (slim-page.ts) and runs every store reader on it, an other store's
 * (platform 'site') with the page model as a visit runs it (utils/page-model/api.ts): other-site.ts
 * reconciles the structured data with the page as shown, so a check records the price a visit records
 * (the shown 5,95 €, not the markup's 4,92 € without VAT). Partner stores and Amazon never ask for the
 * model. It is installed only for this synchronous read, in this context's own global (the offscreen
 * document, Firefox's background page), and whatever was installed before is put back.
 */
export function readSlimmedPage(slimHtml: string, url: string): Detection {
  const document = new DOMParser().parseFromString(slimHtml, 'text/html');
  const before = loadedPageModel();
  providePageModel(before ?? pageModelFields);
  try {
    return explainDetection(document, new URL(url), READ_EVERY_STORE);
  } finally {
    providePageModel(before);
  }
}

/** Slims the served page, then reads it: what a background with DOMParser does. */
export const readServedPage = (html: string, url: string): Detection => readSlimmedPage(slimServedPage(html), url);

/**
 * Chrome's background and its offscreen document speak over this BroadcastChannel, not runtime
 * messages: a runtime message is serialized as JSON and relayed through the browser process, which
 * cost about 10 ms for a slimmed 1 MB page; a BroadcastChannel clones the string (about 1–3 ms). Only
 * the extension's own origin (its pages, service worker and offscreen document) can join it.
 */
export const OFFSCREEN_CHANNEL = 'haowu-price-reader';

/** The message the background posts to the offscreen document: a page already slimmed. */
export const OffscreenRead = z.object({
  haowuOffscreen: z.literal('read'),
  id: z.uuid(),
  html: z.string().max(MAX_PAGE_BYTES),
  url: z.url({ protocol: /^https$/ }),
});
export type OffscreenRead = z.infer<typeof OffscreenRead>;

/** Its answer, checked again in the background (validateProduct) because what was read came from a store's page. */
export const OffscreenAnswer = z.object({
  haowuOffscreen: z.literal('answer'),
  id: z.uuid(),
  product: z.unknown(),
  reason: z.string().nullable(),
});
export type OffscreenAnswer = z.infer<typeof OffscreenAnswer>;
