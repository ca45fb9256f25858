import type { Pick as ExpertPick } from '../db/recommendations';
import type { ExpertRecord } from '../db/schema';
import type { DetectedProduct } from '../product';
import type { Settings } from '../settings';

/*
 * What the background tells a product page: everything the launcher and the panel draw, computed in
 * one place (utils/background/product-pages.ts) and sent whole, in the answer to openProductPage, to
 * each action, and as a push when something changes elsewhere (another tab, the popup, a feed).
 */

/** The settings a product page needs; the rest (hidden stores, allowed sites…) never reaches a store page. */
export type PageSettings = Pick<Settings, 'language' | 'theme' | 'expertMode' | 'overlayCollapsed'>;

/**
 * A pick as the page shows it, with its expert's whole record (whether this browser verified their
 * feed: utils/expert/verified.ts). `staleSince`: the expert's feed has not refreshed successfully for
 * more than twice the refresh interval, and this is when it last did (utils/feed/staleness.ts,
 * decided in the background); absent while the picks are current.
 */
export type ShownPick = ExpertPick & { expert: ExpertRecord; staleSince?: number };

export interface ProductPageView {
  /** The product as the background validated it and tied it to the page's address. */
  product: DetectedProduct;
  /** Whether the user wants Haowu on this product's store; when false the page draws nothing. */
  shown: boolean;
  settings: PageSettings;
  /** The picks a shopper may see for this product, in display order (none when not shown). */
  picks: ShownPick[];
  saved: boolean;
  /** Quantity of this product in the cart, over all variants. */
  inCart: number;
}

/** How the page came to show this product: its own load, or an in-page navigation the user started. */
export type PageArrival = 'load' | 'user';

