import { validateProduct, type Detection } from '../detect-product';
import { readWithoutDomParser } from './light-read';
import { OFFSCREEN_CHANNEL, OffscreenAnswer, readServedPage, slimServedPage, type OffscreenRead } from './served-page';

/*
 * Chrome's service worker has no DOMParser. It first reads the page itself, over a light tree that
 * htmlparser2 builds where that tree is the one the browser's parser would build (light-read.ts): no
 * other process, no second parse. Where it cannot vouch for the tree, or reads no price, the page is
 * parsed in an offscreen document (chrome.offscreen, reason DOM_PARSER; the `offscreen` permission,
 * Chrome only, no install warning): the browser's own parser, the same readers. The document is
 * created for a round of checks when first needed and closed after it. Firefox's MV2 background page
 * has DOMParser and parses there.
 */

export const OFFSCREEN_PATH = '/price-reader.html';

interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}
interface ChromeGlobals {
  offscreen?: OffscreenApi;
  runtime: { getContexts?: (filter: { contextTypes: string[] }) => Promise<unknown[]> };
}
const chromeApi = (): ChromeGlobals | undefined => (globalThis as { chrome?: ChromeGlobals }).chrome;

/** Whether this background can parse HTML itself (Firefox's background page; tests). */
export const hasDomParser = (): boolean => typeof DOMParser !== 'undefined';

let opening: Promise<void> | null = null;

async function ensureOffscreen(): Promise<void> {
  const chrome = chromeApi();
  if (!chrome?.offscreen || !chrome.runtime.getContexts) throw new Error('this browser offers neither DOMParser nor offscreen documents');
  if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0) return;
  opening ??= chrome.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: ['DOM_PARSER'], justification: 'Read the price from product pages the user saved (background price checks).' })
    .finally(() => (opening = null));
  await opening;
}

/** Closes the offscreen document after a round of checks (nothing stays open between rounds). */
export async function closeOffscreen(): Promise<void> {
  const chrome = chromeApi();
  if (!chrome?.offscreen || !chrome.runtime.getContexts) return;
  if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length === 0) return;
  await chrome.offscreen.closeDocument().catch(() => {});
}

/** How long the background waits for the offscreen document's answer. */
const ANSWER_TIMEOUT_MS = 20_000;

let channel: BroadcastChannel | null = null;
const waiting = new Map<string, (answer: OffscreenAnswer) => void>();

function readerChannel(): BroadcastChannel {
  if (channel) return channel;
  channel = new BroadcastChannel(OFFSCREEN_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    const answer = OffscreenAnswer.safeParse(event.data);
    if (answer.success) waiting.get(answer.data.id)?.(answer.data);
  };
  return channel;
}

/** Posts a slimmed page to the offscreen document; its answer, or null when none came in time. */
function askOffscreen(html: string, url: string): Promise<OffscreenAnswer | null> {
  const id = crypto.randomUUID();
  const port = readerChannel();
  return new Promise((resolve) => {
    const done = (answer: OffscreenAnswer | null) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), ANSWER_TIMEOUT_MS);
    waiting.set(id, done);
    port.postMessage({ haowuOffscreen: 'read', id, html, url } satisfies OffscreenRead);
  });
}

/**
 * The product on a served page: parsed here when this background has DOMParser (Firefox); in Chrome's
 * service worker read over a light tree when it can vouch for that tree and reads a price there
 * (light-read.ts), else parsed in the offscreen document; validated here either way.
 */
export async function readPage(html: string, url: string): Promise<Detection> {
  // Only Firefox's background has DOMParser; Chrome's build leaves this reader out (FIREFOX is false
  // there at build time): it carries the page model, which Chrome's service worker would load and
  // evaluate at every start without ever running it (Chrome runs it in the offscreen document).
  if (import.meta.env.FIREFOX && hasDomParser()) return readServedPage(html, url);
  // Slimmed here, once: the light tree and the offscreen document both read the slimmed page.
  const slim = slimServedPage(html);
  const light = readWithoutDomParser(slim, url);
  if (light.detection) return light.detection;
  await ensureOffscreen();
  const answer = await askOffscreen(slim, url);
  if (!answer) return { product: null, reason: 'the offscreen document did not answer' };
  // The offscreen document is Haowu's own, but what it read came from a store's page: checked again.
  return answer.product ? validateProduct(answer.product) : { product: null, reason: String(answer.reason) };
}
