import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { benchMark } from '../../utils/bench-mark';
import { request } from '../../utils/messaging/client';
import { fail, ok, type Result } from '../../utils/messaging/result';
import { withRetry } from '../../utils/messaging/retry';
import { toContent } from '../../utils/messaging/to-content';
import { trackArrivals, watchUrlChanges, watchUserIntent } from '../../utils/overlay/page-navigation';
import type { ProductPageView } from '../../utils/overlay/page-view';
import { launcherHints } from '../../utils/overlay/launcher-hint';
import { loadedPanel, panelProvided, type OverlayPanel } from '../../utils/overlay/panel-api';
import { expectedAccepted } from '../../utils/overlay/early-launcher';
import { createProductPageController, type ProductPageBackend } from '../../utils/overlay/product-page-controller';
import { loadedPageModel } from '../../utils/page-model/api';
import type { DetectedProduct } from '../../utils/product';
import type { ProductCandidate } from '../../utils/read-product';
import type { DetectOptions } from '../../utils/stores/store';
import { mayBeOtherStore } from '../../utils/stores/other-site';
import { domainsOfPage, type DomainOf } from '../../utils/stores/site-domain';
import { watchProduct } from '../../utils/watch-product';
// Inlined and given to the shadow root: no web-accessible CSS file for sites to probe, no fetch before
// the launcher paints, and it works on opt-in hosts registered at run time.
import launcherCss from './style.css?inline';

/*
 * The content script of every partner-store page (declared in the manifest by wxt.config.ts, and
 * registered at run time on the opt-in stores the user turned on). It is built as a plain script, not
 * with WXT's defineContentScript: WXT's content-script context announces itself to the page with a
 * postMessage and a DOM event, and stops when the page sends one back, so a page could detect Haowu
 * and switch it off. Nothing here is visible to the page until a product is shown.
 */

const backend: ProductPageBackend = {
  // The candidate goes unvalidated: the background checks it (this script carries no validator).
  open: (product, arrival) => withRetry(() => request('openProductPage', { product: product as DetectedProduct, arrival })),
  close: () => request('closeProductPage', undefined),
  act: (name, data) => withRetry(() => request(name, data as never) as Promise<Result<ProductPageView>>),
  loadPanel: async () => {
    const present = loadedPanel();
    if (present) return ok(present);
    // The first opening on this page asks the background to add the panel's script to it; the panel
    // mounts as that script runs, before the background's answer comes back.
    const answered = withRetry(() => request('loadOverlayPanel', undefined)).then((loaded): Result<OverlayPanel> => {
      if (!loaded.ok) return loaded;
      const panel = loadedPanel();
      return panel ? ok(panel) : fail({ code: 'not-found', message: 'the panel did not start' });
    });
    return Promise.race([panelProvided().then((panel) => ok(panel)), answered]);
  },
  openHaowuTab: (at) => withRetry(() => request('openHaowuTab', at)),
  priceHistory: (productKey) => withRetry(() => request('getPriceHistory', { productKey })),
};

/**
 * How other stores are named on this page: the Public Suffix List is larger than this script may be,
 * so the background names the page's registrable domain, asked once and only on a page that no partner
 * store or Amazon owns. Undefined (no other store detected) when it cannot answer.
 */
async function otherStoreDomains(): Promise<DomainOf | undefined> {
  if (!mayBeOtherStore(location.hostname)) return undefined;
  const answer = await withRetry(() => request('pageStoreDomain', undefined));
  return answer.ok ? domainsOfPage(answer.value.host, answer.value.domain) : undefined;
}

export default defineUnlistedScript(() => {
  benchMark('haowu:content-start');
  const hint = launcherHints();
  /** How this page's products are read, once the page's store naming is known (otherStoreDomains). */
  let detect: DetectOptions | null = null;
  const expectAccepted = (candidate: ProductCandidate) => detect !== null && expectedAccepted(candidate, new URL(location.href), detect);
  // Listeners only once a product is found and about to be sent to the background (which pushes only
  // to a tab that asked), or shown without being sent (the keyboard command may ask for it): other pages
  // cost a URL check only, and the launcher's first frame does not wait for them.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    // Answering only for the product shown: a page that moved on lets the background forget it.
    toContent.onMessage('productPageChanged', ({ data }) => {
      if (!controller.pushed(data)) throw new Error('this page does not show that product');
    });
    toContent.onMessage('toggleOverlay', () => void controller.togglePanel());
    toContent.onMessage('openRecommendForm', () => void controller.openRecommendForm());
  };
  const controller = createProductPageController({ document, backend, css: launcherCss, languages: () => navigator.languages, hint, expectAccepted, beforeAsking: listen, mark: benchMark });

  const arrivalOf = trackArrivals(watchUserIntent(window));
  void otherStoreDomains().then(async (domainOf) => {
    // The script runs on Amazon or another store only when the user turned it on (the background
    // registers it there), so every detector may run; partner hosts match their own store first.
    const pageDetect: DetectOptions = { amazon: true, otherSites: true, domainOf };
    // An other store's page: the background adds the page model (utils/page-model/api.ts) before the page
    // is first read, so the product shown and recorded is already reconciled with what the page shows
    // (never the markup's list price first, then the price on the page). Once per page; never on partner
    // stores or Amazon (domainOf is only set where neither owns the host). Without it (refused, failed)
    // the structured data alone is read.
    if (domainOf && !loadedPageModel()) await request('loadPageModel', undefined);
    detect = pageDetect;
    watchProduct({
      document,
      detect: pageDetect,
      currentUrl: () => new URL(location.href),
      onUrlChange: (listener) => watchUrlChanges(window, listener),
      onProduct: (candidate) => {
        const arrival = arrivalOf(candidate);
        void controller.show(candidate, arrival);
        if (candidate && arrival === 'page') listen();
      },
    });
  });
});
