import { z } from 'zod';
import * as zm from 'zod/mini';
import type { ImportSummary } from '../db/backup';
import type { CartLineView } from '../db/cart';
import type { CheckoutLine } from '../db/checkout';
import type { ExpertPageData, TimelineInputs, TimelinePage } from '../db/picks';
import type { SavedPage, SavedWithContext } from '../db/saved';
import type { PendingFollow, SyncStatus } from '../sync/service';
import {
  ExpertRecord,
  ProductKey,
  Quantity,
  SavedRecord,
  Variant,
  type CartRecord,
  type PurchaseRecord,
  type RecommendationRecord,
} from '../db/schema';
import { DetectedProduct } from '../product';
import { OwnRecommendationInput } from '../expert/own-recommendations';
import { ProfileInput, type OwnProfile } from '../expert/profile';
import type { PublishedFeed } from '../expert/publish-own';
import type { FeedOverview } from '../feed/overview';
import type { FollowedCollection } from '../feed/followed-collections';
import { MAX_COLLECTION_BYTES, MAX_URL_LENGTH } from '../feed/limits';
import type { FollowPreview } from '../feed/preview';
import type { FollowResult, RefreshResult } from '../feed/sync';
import type { ProductPageView } from '../overlay/page-view';
import type { PriceTrackingView } from '../price-tracking/view';
import { PublishPayloads, type PublishValues } from '../publish/messages';
import type { Result } from './result';

/*
 * The one protocol between the background (which owns the database) and everything else. Each
 * message has a zod payload schema, checked by the background before any work, and a result type.
 * Which senders may call which message is decided in content-handlers.ts / privileged-handlers.ts.
 */

const Id = z.string().min(1).max(128);
/** A product as a content script read it from a page: the same schema as detectProduct's. */
const ProductFromPage = DetectedProduct.check(
  zm.refine((p) => p.key === `${p.platform}:${p.productId}`, { path: ['key'], message: 'must be "platform:productId" of this product' }),
);
const NoPayload = z.undefined();

// A product page's actions name the product they mean; the background acts only when that is the
// product registered for the sender's own tab and frame (utils/background/product-pages.ts).
const OnPage = { productKey: ProductKey };

export const Payloads = {
  // Callable from content scripts (and extension pages). One request when a product page opens:
  // the product as read (validated and tied to the sender's address here; the content script carries
  // no validator), and how the page came to show it. Answers with everything the page draws.
  openProductPage: z.object({ product: ProductFromPage, arrival: z.enum(['load', 'user']) }),
  // The page stopped showing a product (in-page navigation): forget it, clear the badge.
  closeProductPage: NoPayload,
  // What the launcher and the panel offer; each answers with the page's new view.
  saveProduct: z.object({ ...OnPage, viaExpertId: Id.nullable().optional() }),
  unsaveProduct: z.object(OnPage),
  addProductToCart: z.object({ ...OnPage, quantity: Quantity, variant: Variant, recommendationId: Id.nullable().optional() }),
  // Only an expert whose pick this page shows.
  followFromPage: z.object({ ...OnPage, expertId: Id, followed: z.boolean() }),
  // Expert mode (issue 6): the local expert's own pick of this page's product, only with expert mode on.
  saveOwnPickOnPage: OwnRecommendationInput.omit({ product: true }),
  deleteOwnPickOnPage: z.object({ ...OnPage, id: Id }),
  // The two choices the panel offers: collapse for good, hide on this page's store.
  collapseOverlay: z.object(OnPage),
  hideOverlayOnStore: z.object(OnPage),
  // Haowu's own page in a tab; at an expert's page only for an expert whose pick the sender's page shows.
  openHaowuTab: z.object({ ...OnPage, expertId: Id }).optional(),
  // The panel's script into the sender's own tab and frame (taken from the sender, not the payload).
  loadOverlayPanel: NoPayload,
  // The page model's script into the sender's own tab and frame, on an other store's page only (issue 18).
  loadPageModel: NoPayload,
  // The registrable domain of the sender's own page (Public Suffix List; the content script has none).
  pageStoreDomain: NoPayload,
  // The price history of the sender's own page's product, with the picks that page shows (issue 17).
  getPriceHistory: z.object(OnPage),
  // Extension pages only.
  listSaved: z
    .object({
      limit: z.number().int().min(1).max(200).optional(),
      before: z.object({ savedAt: z.number().int().nonnegative(), productKey: ProductKey }).optional(),
    })
    .optional(),
  removeSaved: z.object({ productKey: ProductKey }),
  restoreSaved: z.object({ item: SavedRecord }),
  addToCart: z.object({ productKey: ProductKey, quantity: Quantity, variant: Variant, recommendationId: Id.nullable().optional() }),
  setExpertFollowed: z.object({ expertId: Id, followed: z.boolean() }),
  // The Studio edits the expert's own picks of products Haowu already knows.
  saveOwnRecommendation: OwnRecommendationInput.omit({ product: true }),
  deleteOwnRecommendation: z.object({ id: Id }),
  listCart: NoPayload,
  updateCartLine: z.object({ productKey: ProductKey, variant: Variant, quantity: Quantity }),
  removeCartLine: z.object({ productKey: ProductKey, variant: Variant }),
  listFollowedExperts: NoPayload,
  followExpert: ExpertRecord.pick({ id: true, kind: true, displayName: true, bio: true, avatarUrl: true, feedUrl: true }),
  unfollowExpert: z.object({ expertId: Id }),
  exportBackup: NoPayload,
  exportCsv: z.object({ which: z.enum(['saved', 'cart']) }),
  importBackup: z.object({ json: z.string() }),
  deleteAllData: z.object({ confirm: z.literal('delete-all', 'deleting everything needs { confirm: "delete-all" }') }),
  // Popup and checkout page (issue 7).
  listAllSaved: NoPayload,
  setSavedNote: z.object({ productKey: ProductKey, note: z.string().max(1000) }),
  listCheckout: NoPayload,
  markBought: z.object({ lines: z.array(z.object({ productKey: ProductKey, variant: Variant })).min(1).max(1000) }),
  listPurchases: NoPayload,
  listExpertSummaries: NoPayload,
  listOwnPicks: NoPayload,
  // Expert mode (issue 6): anything touching the key.
  getExpertProfile: NoPayload,
  createExpertProfile: ProfileInput,
  updateExpertProfile: ProfileInput,
  publishFeed: NoPayload,
  exportIdentity: NoPayload,
  // takeOver: the user confirmed that the identity's own feed, followed here, becomes their profile.
  importIdentity: z.object({ json: z.string().max(256 * 1024), takeOver: z.boolean().optional() }),
  // Following feeds and collections (issue 6); handlers in feed-handlers.ts.
  // What following an address would follow (a feed, a collection, or the one a web page announces):
  // fetched and verified, nothing stored. followFeed then stores it; with the previewed expert's id,
  // a feed signed by any other key by then is refused.
  previewFollow: z.object({ url: z.string().max(MAX_URL_LENGTH) }),
  followFeed: z.object({ url: z.string().max(MAX_URL_LENGTH), expectedExpertId: Id.optional() }),
  importFeedFile: z.object({ text: z.string().max(MAX_COLLECTION_BYTES) }),
  refreshFeeds: z.object({ expertId: Id.optional(), collectionId: z.string().min(1).max(MAX_URL_LENGTH + 10).optional() }),
  listFeedOverview: NoPayload,
  unfollowCollection: z.object({ collectionId: z.string().min(1).max(MAX_URL_LENGTH + 10) }),
  // The expert page, the Picks tab and sync (issue 14); handlers in picks-handlers.ts.
  getExpertPage: z.object({ expertId: Id, limit: z.number().int().min(1).max(1000).optional() }),
  listTimeline: z.object({
    store: z.string().min(1).max(253).optional(),
    expertId: Id.optional(),
    before: z.tuple([z.number().int().nonnegative(), Id]).optional(),
    limit: z.number().int().min(1).max(500),
  }),
  getTimelineContext: NoPayload,
  listFollowing: NoPayload,
  savePick: z.object({ recommendationId: Id }),
  addPickToCart: z.object({ recommendationId: Id }),
  setExpertOnProductPages: z.object({ expertId: Id, shown: z.boolean() }),
  markPicksSeen: z.object({ at: z.number().int().nonnegative() }),
  listSyncPending: NoPayload,
  getSyncStatus: NoPayload,
  // Publishing the window to the expert's own storage (issue 13); schemas in utils/publish/messages.ts,
  // handlers in utils/publish/handlers.ts. The secret comes in, never goes out.
  getPublishTarget: PublishPayloads.getPublishTarget,
  savePublishTarget: PublishPayloads.savePublishTarget,
  forgetPublishSecret: PublishPayloads.forgetPublishSecret,
  removePublishTarget: PublishPayloads.removePublishTarget,
  publishWindow: PublishPayloads.publishWindow,
  buildWindowZip: PublishPayloads.buildWindowZip,
  // Price tracking (issue 17); handlers in utils/price-tracking/handlers.ts.
  getPriceTracking: z.object({ productKey: ProductKey }),
  setPriceAlert: z.object({ productKey: ProductKey, alert: SavedRecord.shape.priceAlert.unwrap().nullable() }),
  markPriceAlertsSeen: NoPayload,
} as const;
export type Payloads = typeof Payloads;
export type MessageName = keyof Payloads;

/** What each message answers with when it succeeds. */
export interface Values {
  openProductPage: ProductPageView;
  closeProductPage: { closed: boolean };
  saveProduct: ProductPageView;
  unsaveProduct: ProductPageView;
  addProductToCart: ProductPageView;
  followFromPage: ProductPageView;
  saveOwnPickOnPage: ProductPageView;
  deleteOwnPickOnPage: ProductPageView;
  collapseOverlay: ProductPageView;
  hideOverlayOnStore: ProductPageView;
  openHaowuTab: { opened: true };
  loadOverlayPanel: { loaded: true };
  loadPageModel: { loaded: true };
  pageStoreDomain: { host: string; domain: string | null };
  restoreSaved: { restored: boolean; item: SavedRecord };
  addToCart: CartRecord;
  setExpertFollowed: ExpertRecord;
  saveOwnRecommendation: RecommendationRecord;
  deleteOwnRecommendation: RecommendationRecord;
  listSaved: SavedPage;
  removeSaved: { removed: SavedRecord | null };
  listCart: CartLineView[];
  updateCartLine: CartRecord;
  removeCartLine: { removed: CartRecord | null };
  listFollowedExperts: ExpertRecord[];
  followExpert: ExpertRecord;
  unfollowExpert: { expert: ExpertRecord; removedRecommendations: number };
  exportBackup: { filename: string; json: string };
  exportCsv: { filename: string; csv: string };
  importBackup: ImportSummary;
  deleteAllData: { deleted: true };
  listAllSaved: SavedWithContext[];
  setSavedNote: SavedRecord;
  listCheckout: CheckoutLine[];
  markBought: { purchases: PurchaseRecord[]; missing: number };
  listPurchases: PurchaseRecord[];
  listExpertSummaries: { expert: ExpertRecord; picks: number }[];
  listOwnPicks: { expert: ExpertRecord; recommendations: RecommendationRecord[] }[];
  getExpertProfile: OwnProfile | null;
  createExpertProfile: OwnProfile;
  updateExpertProfile: OwnProfile;
  publishFeed: PublishedFeed;
  exportIdentity: { filename: string; json: string; expertId: string };
  importIdentity: OwnProfile;
  previewFollow: FollowPreview;
  followFeed: FollowResult;
  importFeedFile: FollowResult;
  refreshFeeds: RefreshResult[];
  listFeedOverview: FeedOverview;
  unfollowCollection: { collection: FollowedCollection; removedExperts: number };
  getExpertPage: ExpertPageData;
  listTimeline: TimelinePage;
  getTimelineContext: TimelineInputs;
  listFollowing: { id: string; displayName: string }[];
  savePick: { item: SavedRecord; added: boolean; productKey: string };
  addPickToCart: CartRecord;
  setExpertOnProductPages: ExpertRecord;
  markPicksSeen: { lastSeenAt: number };
  listSyncPending: PendingFollow[];
  getSyncStatus: SyncStatus | null;
  getPublishTarget: PublishValues['getPublishTarget'];
  savePublishTarget: PublishValues['savePublishTarget'];
  forgetPublishSecret: PublishValues['forgetPublishSecret'];
  removePublishTarget: PublishValues['removePublishTarget'];
  publishWindow: PublishValues['publishWindow'];
  buildWindowZip: PublishValues['buildWindowZip'];
  getPriceHistory: PriceTrackingView;
  getPriceTracking: PriceTrackingView;
  setPriceAlert: SavedRecord;
  markPriceAlertsSeen: { seen: true };
}

export type ProtocolMap = { [M in MessageName]: (data: z.input<Payloads[M]>) => Result<Values[M]> };

export const CONTENT_MESSAGES = [
  'openProductPage',
  'closeProductPage',
  'saveProduct',
  'unsaveProduct',
  'addProductToCart',
  'followFromPage',
  'saveOwnPickOnPage',
  'deleteOwnPickOnPage',
  'collapseOverlay',
  'hideOverlayOnStore',
  'openHaowuTab',
  'loadOverlayPanel',
  'loadPageModel',
  'pageStoreDomain',
  'getPriceHistory',
] as const;
export type ContentMessage = (typeof CONTENT_MESSAGES)[number];
export type PrivilegedMessage = Exclude<MessageName, ContentMessage>;

export { messaging, sendMessage, onMessage } from './messenger';
