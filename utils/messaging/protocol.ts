import { z } from 'zod';
import * as zm from 'zod/mini';
import type { ImportSummary } from '../db/backup';
import type { CartLineView } from '../db/cart';
import type { CheckoutLine } from '../db/checkout';
import type { Pick } from '../db/recommendations';
import type { SavedPage, SavedWithContext } from '../db/saved';
import {
  ExpertRecord,
  ProductKey,
  Quantity,
  SavedRecord,
  Variant,
  type CartRecord,
  type ProductRecord,
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
import type { FollowResult, RefreshResult } from '../feed/sync';
import type { Settings } from '../settings';
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

export const Payloads = {
  // Callable from content scripts (and extension pages).
  getPicksForProduct: z.object({ productKey: ProductKey }),
  recordProductSeen: ProductFromPage,
  getSavedState: z.object({ productKey: ProductKey }),
  toggleSaved: z.object({ productKey: ProductKey, note: z.string().max(1000).optional(), viaExpertId: Id.nullable().optional() }),
  restoreSaved: z.object({ item: SavedRecord }),
  addToCart: z.object({ productKey: ProductKey, quantity: Quantity, variant: Variant, recommendationId: Id.nullable().optional() }),
  getProductState: z.object({ productKey: ProductKey }),
  setExpertFollowed: z.object({ expertId: Id, followed: z.boolean() }),
  showPickCount: z.object({ count: z.number().int().min(0).max(9999) }),
  openHaowuTab: NoPayload,
  // The content script's first question on a product page: is what it read a valid product (it
  // carries no validator of its own)? Answers with the settings, which it has no storage code to read.
  checkProduct: ProductFromPage,
  // The overlay's view of the settings, and the two choices it offers: collapse for good, hide on this store.
  getSettings: NoPayload,
  collapseOverlay: NoPayload,
  hideOverlayOnStore: z.object({ store: z.string().min(1).max(253) }),
  // The panel's script into the sender's own tab and frame (taken from the sender, not the payload).
  loadOverlayPanel: NoPayload,
  // Expert mode (issue 6): only the local expert's own picks, only with expert mode on.
  saveOwnRecommendation: OwnRecommendationInput,
  deleteOwnRecommendation: z.object({ id: Id }),
  // Extension pages only.
  listSaved: z
    .object({
      limit: z.number().int().min(1).max(200).optional(),
      before: z.object({ savedAt: z.number().int().nonnegative(), productKey: ProductKey }).optional(),
    })
    .optional(),
  removeSaved: z.object({ productKey: ProductKey }),
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
  importIdentity: z.object({ json: z.string().max(256 * 1024) }),
  // Following feeds and collections (issue 6); handlers in feed-handlers.ts.
  followFeed: z.object({ url: z.string().max(MAX_URL_LENGTH) }),
  importFeedFile: z.object({ text: z.string().max(MAX_COLLECTION_BYTES) }),
  refreshFeeds: z.object({ expertId: Id.optional(), collectionId: z.string().min(1).max(MAX_URL_LENGTH + 10).optional() }),
  listFeedOverview: NoPayload,
  unfollowCollection: z.object({ collectionId: z.string().min(1).max(MAX_URL_LENGTH + 10) }),
} as const;
export type Payloads = typeof Payloads;
export type MessageName = keyof Payloads;

/** What each message answers with when it succeeds. */
export interface Values {
  getPicksForProduct: Pick[];
  recordProductSeen: ProductRecord;
  getSavedState: SavedRecord | null;
  toggleSaved: { saved: true; item: SavedRecord } | { saved: false; removed: SavedRecord };
  restoreSaved: { restored: boolean; item: SavedRecord };
  addToCart: CartRecord;
  getProductState: { saved: boolean; inCart: number };
  setExpertFollowed: ExpertRecord;
  showPickCount: { shown: boolean };
  openHaowuTab: { opened: true };
  checkProduct: Settings;
  getSettings: Settings;
  collapseOverlay: Settings;
  hideOverlayOnStore: Settings;
  loadOverlayPanel: { loaded: true };
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
  saveOwnRecommendation: RecommendationRecord;
  deleteOwnRecommendation: RecommendationRecord;
  getExpertProfile: OwnProfile | null;
  createExpertProfile: OwnProfile;
  updateExpertProfile: OwnProfile;
  publishFeed: PublishedFeed;
  exportIdentity: { filename: string; json: string; expertId: string };
  importIdentity: OwnProfile;
  followFeed: FollowResult;
  importFeedFile: FollowResult;
  refreshFeeds: RefreshResult[];
  listFeedOverview: FeedOverview;
  unfollowCollection: { collection: FollowedCollection; removedExperts: number };
}

export type ProtocolMap = { [M in MessageName]: (data: z.input<Payloads[M]>) => Result<Values[M]> };

export const CONTENT_MESSAGES = [
  'getPicksForProduct',
  'recordProductSeen',
  'getSavedState',
  'toggleSaved',
  'restoreSaved',
  'addToCart',
  'getProductState',
  'setExpertFollowed',
  'showPickCount',
  'openHaowuTab',
  'checkProduct',
  'getSettings',
  'collapseOverlay',
  'hideOverlayOnStore',
  'loadOverlayPanel',
  'saveOwnRecommendation',
  'deleteOwnRecommendation',
] as const;
export type ContentMessage = (typeof CONTENT_MESSAGES)[number];
export type PrivilegedMessage = Exclude<MessageName, ContentMessage>;

export { messaging, sendMessage, onMessage } from './messenger';
