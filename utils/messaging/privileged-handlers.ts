import { backupFileName, deleteAllData, exportBackup, importBackup } from '../db/backup';
import { addToCart, listCart, removeCartLine, updateCartLine } from '../db/cart';
import { exportCartCsv, exportSavedCsv } from '../db/csv';
import { listCheckout, listPurchases, markBought } from '../db/checkout';
import { followExpert, listFollowedExperts, listFollowedWithPickCounts, setExpertFollowed, unfollowExpert } from '../db/experts';
import { listOwnPicks } from '../db/recommendations';
import { createExpertProfile, exportOwnIdentity, getOwnProfile, importOwnIdentity, updateExpertProfile } from '../expert/profile';
import { publishOwnFeed } from '../expert/publish-own';
import { listAllSaved, listSaved, removeSaved, restoreSaved, setSavedNote } from '../db/saved';
import { deleteOwnRecommendation, saveOwnRecommendation } from '../expert/own-recommendations';
import { publishHandlers } from '../publish/handlers';
import { forgetPublishing } from '../publish/store';
import { resetSettings } from '../settings';
import { feedHandlers, forgetFeedState } from './feed-handlers';
import { picksHandlers } from './picks-handlers';
import { priceTrackingHandlers } from '../price-tracking/handlers';
import type { HandlerMap } from './handler';
import type { PrivilegedMessage } from './protocol';

// Excel reads a CSV as the system code page unless it starts with a BOM; Chinese titles need UTF-8.
const BOM = '\uFEFF';
const day = (now: number) => new Date(now).toISOString().slice(0, 10);

/** Only Haowu's own pages (popup, options) may call these; handleMessage checks the sender. */
export const privilegedHandlers: HandlerMap<PrivilegedMessage> = {
  listSaved: async (page, { db }) => listSaved(await db(), page ?? {}),
  removeSaved: async ({ productKey }, { db }) => ({ removed: await removeSaved(await db(), productKey) }),
  // Undo of a removal; never replaces an item saved again meanwhile.
  restoreSaved: async ({ item }, { db }) => restoreSaved(await db(), item),
  addToCart: async ({ productKey, quantity, variant, recommendationId }, { db, now }) =>
    addToCart(await db(), { productKey, quantity, variant, viaRecommendationId: recommendationId ?? null }, now()),
  setExpertFollowed: async ({ expertId, followed }, { db, now }) => setExpertFollowed(await db(), expertId, followed, now()),
  saveOwnRecommendation: async (input, { db, now }) => saveOwnRecommendation(await db(), input, now()),
  deleteOwnRecommendation: async ({ id }, { db, now }) => deleteOwnRecommendation(await db(), id, now()),
  listCart: async (_, { db }) => listCart(await db()),
  updateCartLine: async ({ productKey, variant, quantity }, { db, now }) => updateCartLine(await db(), [productKey, variant], quantity, now()),
  removeCartLine: async ({ productKey, variant }, { db }) => ({ removed: await removeCartLine(await db(), [productKey, variant]) }),
  listFollowedExperts: async (_, { db }) => listFollowedExperts(await db()),
  followExpert: async (profile, { db, now }) => followExpert(await db(), profile, now()),
  unfollowExpert: async ({ expertId }, { db, now }) => unfollowExpert(await db(), expertId, now()),
  exportBackup: async (_, { db, now }) => ({ filename: backupFileName(now()), json: JSON.stringify(await exportBackup(await db(), now()), null, 1) }),
  exportCsv: async ({ which }, { db, now }) => ({
    filename: `haowu-${which}-${day(now())}.csv`,
    csv: BOM + (which === 'saved' ? await exportSavedCsv(await db()) : await exportCartCsv(await db())),
  }),
  importBackup: async ({ json }, { db }) => importBackup(await db(), json),
  deleteAllData: async (_, { db }) => {
    await deleteAllData(await db());
    await forgetFeedState();
    // The publishing target and its secret live in their own database (utils/publish/store.ts).
    await forgetPublishing();
    await resetSettings();
    return { deleted: true };
  },
  listAllSaved: async (_, { db }) => listAllSaved(await db()),
  setSavedNote: async ({ productKey, note }, { db, now }) => setSavedNote(await db(), productKey, note, now()),
  listCheckout: async (_, { db, now }) => listCheckout(await db(), now()),
  markBought: async ({ lines }, { db, now }) => markBought(await db(), lines.map((line) => [line.productKey, line.variant]), now()),
  listPurchases: async (_, { db }) => listPurchases(await db()),
  listExpertSummaries: async (_, { db }) => listFollowedWithPickCounts(await db()),
  listOwnPicks: async (_, { db }) => listOwnPicks(await db()),
  // Expert identity: the key stays in the background; only the explicit backup exports it.
  getExpertProfile: async (_, { db, now }) => getOwnProfile(await db(), now()),
  createExpertProfile: async (input, { db, now }) => createExpertProfile(await db(), input, now()),
  updateExpertProfile: async (input, { db, now }) => updateExpertProfile(await db(), input, now()),
  publishFeed: async (_, { db, now }) => publishOwnFeed(await db(), now()),
  exportIdentity: async (_, { now }) => exportOwnIdentity(now()),
  importIdentity: async ({ json, takeOver }, { db, now }) => importOwnIdentity(await db(), json, now(), undefined, { takeOver }),
  ...feedHandlers,
  ...picksHandlers,
  ...publishHandlers,
  ...priceTrackingHandlers,
};
