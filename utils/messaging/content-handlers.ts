import { browser } from 'wxt/browser';
import { addToCart } from '../db/cart';
import { setExpertFollowed } from '../db/experts';
import { getRecommendation } from '../db/recommendations';
import { removeSaved, saveProduct } from '../db/saved';
import { HaowuError } from '../errors';
import { deleteOwnRecommendation, saveOwnRecommendation } from '../expert/own-recommendations';
import { injectOverlayPanel, injectPageModel } from '../background/inject-overlay-panel';
import { productNotOfPage } from '../background/page-product';
import type { PageRef } from '../background/product-pages';
import { storeIdOf } from '../overlay/store-visibility';
import { routeHash } from '../popup/route';
import { loadCheckState } from '../price-tracking/check-state';
import { buildPriceTrackingView, emptyPriceTrackingView } from '../price-tracking/view';
import { backgroundVisitDeps, recordVisit } from '../price-tracking/visit';
import type { DetectedProduct } from '../product';
import { registrableDomainOf } from '../registrable-domain';
import { getSettings, updateSettings } from '../settings';
import type { HandlerContext, HandlerMap } from './handler';
import type { ContentMessage } from './protocol';

/**
 * The tab and frame a content script speaks for, from the browser's sender record (never the
 * payload). Extension pages have no store page to act on.
 */
function pageOf({ sender }: HandlerContext): PageRef {
  const tabId = sender.tab?.id;
  if (tabId === undefined || !sender.url || sender.url.startsWith(browser.runtime.getURL(''))) {
    throw new HaowuError('forbidden', 'page.notStore');
  }
  return { tabId, frameId: sender.frameId ?? 0 };
}

/**
 * The address the browser holds for the sender's document now. For the top frame that is the tab's
 * URL: Chrome's `sender.url` stays the document's first address after the page's own
 * history.pushState, while `sender.tab.url` follows it (and a page can only pushState within its own
 * origin). A frame's own address is `sender.url`.
 */
const pageUrlOf = ({ sender }: HandlerContext): string | undefined => ((sender.frameId ?? 0) === 0 ? (sender.tab?.url ?? sender.url) : sender.url);

/** The product registered for the sender's page, which must be the one the action names. */
const pageProduct = (context: HandlerContext, productKey: string): Promise<DetectedProduct> => context.pages.productOf(pageOf(context), productKey);

const viewAfter = async (context: HandlerContext, productKey: string) => context.pages.viewOf(pageOf(context), productKey);

/**
 * What a content script on a store page may ask for. These can run on behalf of a compromised page,
 * so none of them exports, imports, deletes in bulk or touches expert keys, and each acts only on the
 * product the sender's own page registered (openProductPage), after checking that product against
 * the page's address. Every answer is the page's whole view, so the page never asks twice.
 */
export const contentHandlers: HandlerMap<ContentMessage> = {
  openProductPage: async ({ product }, context) => {
    const page = pageOf(context);
    const problem = productNotOfPage(product, pageUrlOf(context));
    if (problem) throw new HaowuError('invalid-input', 'page.notShown', { problem });
    const view = await context.pages.open(page, product);
    // Recorded (last price seen) only where the user wants Haowu, and at most a few times a minute
    // per tab: a page decides what its in-page navigations show. The content script opens a page
    // only on its load or after the user's own input (`arrival`); the page cannot send this message.
    // After the answer: the launcher waits for nothing it does not draw. A lower price than before
    // alerts under the saved item's rule, as a background check's would (price-tracking/visit.ts).
    if (view.shown && context.recordLimiter.allow(page.tabId, context.now())) {
      void (async () => recordVisit(await context.db(), product, context.now(), backgroundVisitDeps))().catch((error: unknown) =>
        console.warn('[haowu] could not record this product', error),
      );
    }
    return view;
  },
  closeProductPage: async (_, context) => ({ closed: await context.pages.close(pageOf(context)) }),
  saveProduct: async ({ productKey, viaExpertId }, context) => {
    await pageProduct(context, productKey);
    await saveProduct(await context.db(), productKey, { viaExpertId }, context.now());
    return viewAfter(context, productKey);
  },
  unsaveProduct: async ({ productKey }, context) => {
    await pageProduct(context, productKey);
    await removeSaved(await context.db(), productKey);
    return viewAfter(context, productKey);
  },
  addProductToCart: async ({ productKey, quantity, variant, recommendationId }, context) => {
    await pageProduct(context, productKey);
    await addToCart(await context.db(), { productKey, quantity, variant, viaRecommendationId: recommendationId ?? null }, context.now());
    return viewAfter(context, productKey);
  },
  followFromPage: async ({ productKey, expertId, followed }, context) => {
    const before = await viewAfter(context, productKey);
    // A page may only follow or unfollow an expert whose pick it shows.
    if (!before.picks.some((pick) => pick.expert.id === expertId && pick.expert.kind === 'feed')) {
      throw new HaowuError('forbidden', 'pick.notOnProduct');
    }
    await setExpertFollowed(await context.db(), expertId, followed, context.now());
    return viewAfter(context, productKey);
  },
  // Only the local expert's own picks, only in expert mode; no key is read or returned.
  saveOwnPickOnPage: async (input, context) => {
    const product = await pageProduct(context, input.productKey);
    await saveOwnRecommendation(await context.db(), { ...input, product }, context.now());
    return viewAfter(context, product.key);
  },
  deleteOwnPickOnPage: async ({ productKey, id }, context) => {
    await pageProduct(context, productKey);
    const db = await context.db();
    if ((await getRecommendation(db, id))?.productKey !== productKey) throw new HaowuError('not-found', 'pick.notThisProduct');
    await deleteOwnRecommendation(db, id, context.now());
    return viewAfter(context, productKey);
  },
  collapseOverlay: async ({ productKey }, context) => {
    await pageProduct(context, productKey);
    await updateSettings({ overlayCollapsed: true });
    return viewAfter(context, productKey);
  },
  hideOverlayOnStore: async ({ productKey }, context) => {
    // The store comes from the registered product, not from the page.
    const store = storeIdOf(await pageProduct(context, productKey));
    const { hiddenStores } = await getSettings();
    await updateSettings({ hiddenStores: [...new Set([...hiddenStores, store])] });
    return viewAfter(context, productKey);
  },
  // The host is the sender's own address (set by the browser), never a payload: a page learns nothing new.
  pageStoreDomain: async (_, context) => {
    pageOf(context);
    const address = pageUrlOf(context);
    const host = address && URL.canParse(address) ? new URL(address).hostname : '';
    return { host, domain: host ? registrableDomainOf(host) : null };
  },
  // The page's own product only, with the picks this page shows (not other experts'); no alert settings.
  getPriceHistory: async ({ productKey }, context) => {
    const view = await viewAfter(context, productKey);
    const [settings, state] = await Promise.all([getSettings(), loadCheckState()]);
    const history = await buildPriceTrackingView(await context.db(), productKey, { picks: view.picks, checksOn: settings.priceChecks, state, now: context.now(), withAlert: false });
    // Not recorded yet (a page is recorded a few times a minute at most): no history, today's price.
    return history ?? emptyPriceTrackingView(view.product, settings.priceChecks);
  },
  loadOverlayPanel: async (_, { sender }) => {
    await injectOverlayPanel(sender);
    return { loaded: true };
  },
  // The address is the sender's own (set by the browser): a partner store's page never gets the model.
  loadPageModel: async (_, context) => {
    pageOf(context);
    await injectPageModel(context.sender, pageUrlOf(context));
    return { loaded: true };
  },
  // Haowu's own page in a tab (saved items, cart); a content script cannot open extension pages itself.
  // At an expert's page only for an expert whose pick the sender's own page shows: a page cannot use
  // this to learn about, or open, any other expert.
  openHaowuTab: async (at, context) => {
    if (!at) {
      await browser.runtime.openOptionsPage();
      return { opened: true };
    }
    const view = await viewAfter(context, at.productKey);
    if (!view.picks.some((pick) => pick.expert.id === at.expertId && pick.expert.kind === 'feed')) {
      throw new HaowuError('forbidden', 'pick.notOnProduct');
    }
    await browser.tabs.create({ url: browser.runtime.getURL(`/options.html${routeHash({ kind: 'expert', expertId: at.expertId })}`) });
    return { opened: true };
  },
};
