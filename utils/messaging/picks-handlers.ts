import { setExpertOnProductPages } from '../db/experts';
import { addPickToCart, listFollowing, readExpertPage, readTimeline, savePick } from '../db/picks';
import { markPicksSeen } from '../picks/last-seen';
import { stalenessInputs, timelineContext, timelineInputs } from '../picks/timeline-context';
import { listPending, readSyncStatus } from '../sync/service';
import type { HandlerMap } from './handler';

export type PicksMessage =
  | 'getExpertPage'
  | 'listTimeline'
  | 'getTimelineContext'
  | 'listFollowing'
  | 'savePick'
  | 'addPickToCart'
  | 'setExpertOnProductPages'
  | 'markPicksSeen'
  | 'listSyncPending'
  | 'getSyncStatus';

/** The expert page, the Picks tab and sync's state (extension pages only). */
export const picksHandlers: HandlerMap<PicksMessage> = {
  getExpertPage: async ({ expertId, limit }, { db, now }) => {
    const database = await db();
    return readExpertPage(database, expertId, { now: now(), rest: stalenessInputs(database) }, limit);
  },
  listTimeline: async (query, { db, now }) => {
    const database = await db();
    return readTimeline(database, query, timelineContext(database, now()));
  },
  // The popup reads the tab's pages in its own page, with these from here (utils/popup/timeline-here.ts).
  getTimelineContext: async (_, { db }) => timelineInputs(await db()),
  listFollowing: async (_, { db }) => listFollowing(await db()),
  savePick: async ({ recommendationId }, { db, now }) => savePick(await db(), recommendationId, now()),
  addPickToCart: async ({ recommendationId }, { db, now }) => addPickToCart(await db(), recommendationId, now()),
  setExpertOnProductPages: async ({ expertId, shown }, { db, now }) => setExpertOnProductPages(await db(), expertId, shown, now()),
  // Never later than now: a page cannot push "last looked" into the future and hide what comes next.
  markPicksSeen: async ({ at }, { now }) => ({ lastSeenAt: await markPicksSeen(Math.min(at, now())) }),
  listSyncPending: async () => listPending(),
  getSyncStatus: async () => readSyncStatus(),
};
