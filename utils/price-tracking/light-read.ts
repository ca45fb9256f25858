import { explainDetection, matchStoreUrl, type Detection } from '../detect-product';
import { LightDocument } from './light-document';
import { buildLightTree } from './light-tree';
import { READ_EVERY_STORE } from './served-page';

/*
 * A check's fast path in Chrome's service worker (issue 17): the slimmed page read by the store readers
 * over a light tree (light-tree.ts, light-document.ts), without the offscreen document. It answers only
 * with a price; otherwise (a page whose tree it cannot vouch for, or no price read) the caller parses the
 * page with DOMParser in the offscreen document, as before. An other store's page (platform 'site') is
 * always declined: a visit reads it with the page model, its structured data reconciled with the page as
 * shown (utils/page-model/reconcile.ts), and so does the offscreen document (served-page.ts); the model
 * stays out of the service worker's light path, so that path would read the markup's price alone.
 */

export type LightReading = { detection: Detection; fallback: null } | { detection: null; fallback: string };

export function readWithoutDomParser(slimHtml: string, url: string): LightReading {
  let detection: Detection;
  try {
    const address = new URL(url);
    if (matchStoreUrl(address, READ_EVERY_STORE)?.match.platform === 'site') return { detection: null, fallback: 'an other store’s page is read with the page model, in the DOMParser reader' };
    const built = buildLightTree(slimHtml);
    if (!built.tree) return { detection: null, fallback: `the page's tree needs DOMParser: ${built.unsure}` };
    detection = explainDetection(new LightDocument(built.tree) as unknown as Document, address, READ_EVERY_STORE);
  } catch (error) {
    // Whatever goes wrong here (a page htmlparser2 chokes on, a selector css-select refuses), DOMParser still reads the page.
    return { detection: null, fallback: `the light tree failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!detection.product?.price) return { detection: null, fallback: `no price read without DOMParser (${detection.reason ?? 'a product without a price'})` };
  return { detection, fallback: null };
}
