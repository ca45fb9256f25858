import { setExpertOnProductPages } from '../db/experts';
import type { HaowuDb } from '../db/open';
import { addPickToCart, listFollowing, readExpertPage, readTimeline, savePick, type StalenessContext } from '../db/picks';
import { listCollections } from '../feed/followed-collections';
import { getPicksLastSeen, markPicksSeen } from '../picks/last-seen';
import { getSettings } from '../settings';
import { listPending, readSyncStatus } from '../sync/service';
import type { HandlerMap } from './handler';

export type PicksMessage =
  | 'getExpertPage'
  | 'listTimeline'
  | 'listFollowing'
  | 'savePick'
  | 'addPickToCart'
  | 'setExpertOnProductPages'
  | 'markPicksSeen'
  | 'listSyncPending'
  | 'getSyncStatus';

async function staleness(db: HaowuDb, now: number): Promise<StalenessContext> {
  const [settings, collections] = await Promise.all([getSettings(), listCollections(db)]);
  return { now, refreshHours: settings.feedRefreshHours, collections };
}

/** The expert page, the Picks tab and sync's state (extension pages only). */
export const picksHandlers: HandlerMap<PicksMessage> = {
  getExpertPage: async ({ expertId, limit }, { db, now }) => readExpertPage(await db(), expertId, await staleness(await db(), now()), limit),
  listTimeline: async (query, { db, now }) => {
    const [context, lastSeenAt] = await Promise.all([staleness(await db(), now()), getPicksLastSeen()]);
    return readTimeline(await db(), query, { ...context, lastSeenAt });
  },
  listFollowing: async (_, { db }) => listFollowing(await db()),
  savePick: async ({ recommendationId }, { db, now }) => savePick(await db(), recommendationId, now()),
  addPickToCart: async ({ recommendationId }, { db, now }) => addPickToCart(await db(), recommendationId, now()),
  setExpertOnProductPages: async ({ expertId, shown }, { db, now }) => setExpertOnProductPages(await db(), expertId, shown, now()),
  // Never later than now: a page cannot push "last looked" into the future and hide what comes next.
  markPicksSeen: async ({ at }, { now }) => ({ lastSeenAt: await markPicksSeen(Math.min(at, now())) }),
  listSyncPending: async () => listPending(),
  getSyncStatus: async () => readSyncStatus(),
};
