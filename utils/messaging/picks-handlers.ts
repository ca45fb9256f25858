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

/** The staleness inputs but `now`: read beside the database read, which awaits them only at its end. */
async function staleness(db: HaowuDb): Promise<Omit<StalenessContext, 'now'>> {
  const [settings, collections] = await Promise.all([getSettings(), listCollections(db)]);
  return { refreshHours: settings.feedRefreshHours, collections };
}

/** The expert page, the Picks tab and sync's state (extension pages only). */
export const picksHandlers: HandlerMap<PicksMessage> = {
  getExpertPage: async ({ expertId, limit }, { db, now }) => {
    const database = await db();
    return readExpertPage(database, expertId, { now: now(), rest: staleness(database) }, limit);
  },
  listTimeline: async (query, { db, now }) => {
    const database = await db();
    const rest = Promise.all([staleness(database), getPicksLastSeen()]).then(([context, lastSeenAt]) => ({ ...context, lastSeenAt }));
    return readTimeline(database, query, { now: now(), rest });
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
