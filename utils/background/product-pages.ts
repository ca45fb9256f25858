import { browser } from 'wxt/browser';
import { z } from 'zod';
import { cartRangeOf } from '../db/cart';
import type { HaowuDb } from '../db/open';
import { PICKS_READ_STORES, expertsOfProduct, picksInTransaction, type ExpertsTransaction, type PicksTransaction, type Pick as ExpertPick } from '../db/recommendations';
import type { ExpertRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { toContent } from '../messaging/to-content';
import { picksToShow } from '../overlay/order-picks';
import type { PageSettings, ProductPageView, ShownPick } from '../overlay/page-view';
import { listCollections } from '../feed/followed-collections';
import { expertStaleSince, needsCollections, type StalenessCollection } from '../feed/staleness';
import { overlayWanted } from '../overlay/store-visibility';
import { DetectedProduct } from '../product';
import { getSettings, type Settings } from '../settings';

/*
 * The product pages open in the browser, as the background knows them: which tab and frame shows
 * which product. A content script registers its page with one message (openProductPage) and gets the
 * whole view back; every action from that page then acts on the product registered for its own tab
 * and frame (taken from the sender, never from the payload), and when data changes anywhere (the
 * popup, another tab, a feed refresh, settings) the background pushes the new view to each page that
 * shows an affected product. The registry is mirrored to storage.session, which survives the service
 * worker being stopped while idle but not the browser, so pushes still reach pages opened before.
 */

export interface PageRef {
  tabId: number;
  frameId: number;
}

const RegisteredPage = z.object({ tabId: z.number().int(), frameId: z.number().int(), product: DetectedProduct });
type RegisteredPage = z.infer<typeof RegisteredPage>;

const SESSION_KEY = 'productPages';

export interface ProductPagesDeps {
  db: () => Promise<HaowuDb>;
  now: () => number;
  settings?: () => Promise<Settings>;
  /** Sends a view to a page; false when no content script there answers (the page is gone). */
  push?: (page: PageRef, view: ProductPageView) => Promise<boolean>;
  setBadge?: (tabId: number, count: number) => Promise<void>;
  session?: { get: (key: string) => Promise<Record<string, unknown>>; set: (items: Record<string, unknown>) => Promise<void> };
}

/** Which pages a change concerns: the pages of these products, or every page. */
export type PageChange = { productKeys: readonly string[] } | 'all';

const refKey = ({ tabId, frameId }: PageRef) => `${tabId}/${frameId}`;

export const pageSettings = ({ language, theme, expertMode, overlayCollapsed }: Settings): PageSettings => ({ language, theme, expertMode, overlayCollapsed });

/** The followed collections as staleness needs them; read only when a pick's expert depends on one. */
export type CollectionsReader = () => Promise<readonly StalenessCollection[]>;

/**
 * Each pick with `staleSince` when its expert's feed has not refreshed for more than twice the
 * refresh interval (utils/feed/staleness.ts): the page shows it as it is told.
 */
export async function withStaleness(picks: readonly (ExpertPick & { expert: ExpertRecord })[], settings: Pick<Settings, 'feedRefreshHours'>, now: number, collections: CollectionsReader): Promise<ShownPick[]> {
  const read = needsCollections(picks.map((pick) => pick.expert)) ? await collections() : [];
  const since = new Map<string, number | null>();
  return picks.map((pick) => {
    if (!since.has(pick.expert.id)) since.set(pick.expert.id, expertStaleSince(pick.expert, read, settings.feedRefreshHours, now));
    const stale = since.get(pick.expert.id);
    return stale === null || stale === undefined ? pick : { ...pick, staleSince: stale };
  });
}

/**
 * Everything a product page draws, decided here once: visibility, which picks (not those of experts
 * switched off for product pages) and their order, whether each is stale, saved and cart state.
 */
export async function productPageView(db: HaowuDb, product: DetectedProduct, settings: Settings, now: number, collections: CollectionsReader = () => listCollections(db)): Promise<ProductPageView> {
  const shown = overlayWanted(settings, product);
  if (!shown) return { product, shown, settings: pageSettings(settings), picks: [], saved: false, inCart: 0 };
  // One read transaction for the picks, the saved item and the cart lines: each transaction is a round
  // trip to the browser's storage, and the launcher waits for this answer.
  // The experts' whole records come beside the picks (their chunks carry only cards): the page shows
  // whether each is verified here, and staleness reads their feed status.
  const tx = db.transaction([...PICKS_READ_STORES, 'saved', 'cart'], 'readonly');
  const [picks, records, saved, lines] = await Promise.all([
    picksInTransaction(tx as unknown as PicksTransaction, product.key, now),
    expertsOfProduct(tx as unknown as ExpertsTransaction, product.key),
    tx.objectStore('saved').get(product.key),
    tx.objectStore('cart').getAll(cartRangeOf(product.key)),
  ]);
  await tx.done;
  const inCart = lines.reduce((sum, line) => sum + line.quantity, 0);
  const withRecords = picks.flatMap((pick) => {
    const expert = records.get(pick.expert.id);
    return expert ? [{ ...pick, expert }] : [];
  });
  const visible = await withStaleness(picksToShow(withRecords, product, now), settings, now, collections);
  return { product, shown, settings: pageSettings(settings), picks: visible, saved: saved !== undefined, inCart };
}

export const badgeText = (count: number): string => (count > 0 ? String(Math.min(count, 99)) + (count > 99 ? '+' : '') : '');

async function setBadgeInBrowser(tabId: number, count: number): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ tabId, text: badgeText(count) });
}

async function pushToContentScript(page: PageRef, view: ProductPageView): Promise<boolean> {
  try {
    await toContent.sendMessage('productPageChanged', view, { tabId: page.tabId, frameId: page.frameId });
    return true;
  } catch {
    return false;
  }
}

export interface ProductPages {
  /** Registers `product` as what `page` shows and returns its view; sets the tab's badge. */
  open: (page: PageRef, product: DetectedProduct) => Promise<ProductPageView>;
  /** The page left product pages (in-page navigation): forget it and clear the badge. */
  close: (page: PageRef) => Promise<boolean>;
  /** The product `page` registered; refuses when it registered none or another one. */
  productOf: (page: PageRef, expectedKey: string) => Promise<DetectedProduct>;
  /** The current view of `page`'s product (after an action the page asked for). */
  viewOf: (page: PageRef, expectedKey: string) => Promise<ProductPageView>;
  /** Recomputes and pushes the view of every page a change concerns (but `except`, which has its answer). */
  changed: (change: PageChange, except?: PageRef) => Promise<void>;
  forgetTab: (tabId: number) => Promise<void>;
}

export function createProductPages(deps: ProductPagesDeps): ProductPages {
  const { db, now, settings = getSettings, push = pushToContentScript, setBadge = setBadgeInBrowser } = deps;
  const session = deps.session ?? browser.storage.session;
  const pages = new Map<string, RegisteredPage>();

  // Pages registered before the service worker last stopped, read once; bad entries are dropped.
  const loaded = (async () => {
    try {
      const stored = (await session.get(SESSION_KEY))[SESSION_KEY];
      for (const entry of Array.isArray(stored) ? stored : []) {
        const parsed = RegisteredPage.safeParse(entry);
        if (parsed.success) pages.set(refKey(parsed.data), parsed.data);
      }
    } catch (error) {
      console.warn('[haowu] could not read the open product pages', error);
    }
  })();

  let saving: Promise<void> = Promise.resolve();
  const persist = () => {
    const snapshot = [...pages.values()];
    saving = saving.then(() => session.set({ [SESSION_KEY]: snapshot })).catch((error: unknown) => console.warn('[haowu] could not keep the open product pages', error));
    return saving;
  };

  const badge = async (page: PageRef, count: number) => {
    // The toolbar belongs to the tab's top document; a frame's product does not speak for it.
    if (page.frameId !== 0) return;
    await setBadge(page.tabId, count).catch((error: unknown) => console.warn('[haowu] could not set the badge', error));
  };

  const registered = async (page: PageRef, expectedKey: string): Promise<RegisteredPage> => {
    await loaded;
    const entry = pages.get(refKey(page));
    if (!entry || entry.product.key !== expectedKey) {
      throw new HaowuError('stale-page', 'page.stale');
    }
    return entry;
  };

  // The database and the settings are read side by side: a woken worker opens both at once.
  const viewFor = async (product: DetectedProduct, current?: Settings) => {
    const [database, known] = await Promise.all([db(), current ?? settings()]);
    return productPageView(database, product, known, now());
  };

  return {
    async open(page, product) {
      await loaded;
      pages.set(refKey(page), { ...page, product });
      const view = await viewFor(product);
      // Not awaited: the answer (and the launcher) waits only for what the page draws.
      void persist();
      void badge(page, view.shown ? view.picks.length : 0);
      return view;
    },
    async close(page) {
      await loaded;
      const existed = pages.delete(refKey(page));
      await Promise.all([persist(), badge(page, 0)]);
      return existed;
    },
    productOf: async (page, expectedKey) => (await registered(page, expectedKey)).product,
    viewOf: async (page, expectedKey) => viewFor((await registered(page, expectedKey)).product),
    async changed(change, except) {
      await loaded;
      const keys = change === 'all' ? null : new Set(change.productKeys);
      const skip = except ? refKey(except) : null;
      const affected = [...pages.values()].filter((entry) => refKey(entry) !== skip && (keys === null || keys.has(entry.product.key)));
      if (affected.length === 0) return;
      const current = await settings();
      const gone: RegisteredPage[] = [];
      await Promise.all(
        affected.map(async (entry) => {
          const view = await viewFor(entry.product, current);
          if (!(await push(entry, view))) return void gone.push(entry);
          await badge(entry, view.shown ? view.picks.length : 0);
        }),
      );
      if (gone.length === 0) return;
      for (const entry of gone) pages.delete(refKey(entry));
      await persist();
    },
    async forgetTab(tabId) {
      await loaded;
      let removed = false;
      for (const [key, entry] of pages) if (entry.tabId === tabId) removed = pages.delete(key) || removed;
      if (removed) await persist();
    },
  };
}
