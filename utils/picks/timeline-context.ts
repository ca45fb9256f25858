import type { HaowuDb } from '../db/open';
import type { LaterContext, StalenessContext, TimelineInputs } from '../db/picks';
import { listCollections } from '../feed/followed-collections';
import { getSettings } from '../settings';
import { getPicksLastSeen } from './last-seen';

/*
 * What the expert page and the Picks tab are read with besides their transaction: the staleness inputs
 * (settings, followed collections) and, for the tab, the last look. Read beside the database read,
 * which awaits them only for the experts' cards at its end (issue 19). The background's; the popup,
 * which reads the tab's pages in its own page, asks for them (`getTimelineContext`,
 * utils/popup/timeline-here.ts): collections are checked with the schema's zod, which the popup does
 * not load.
 */

/** The staleness inputs but `now`. */
export async function stalenessInputs(db: HaowuDb): Promise<Omit<StalenessContext, 'now'>> {
  const [settings, collections] = await Promise.all([getSettings(), listCollections(db)]);
  return { refreshHours: settings.feedRefreshHours, collections };
}

/** The staleness inputs and the last look. */
export async function timelineInputs(db: HaowuDb): Promise<TimelineInputs> {
  const [inputs, lastSeenAt] = await Promise.all([stalenessInputs(db), getPicksLastSeen()]);
  return { ...inputs, lastSeenAt };
}

/** The context a Picks tab page is read with, its inputs on their way. */
export const timelineContext = (db: HaowuDb, now: number): LaterContext<StalenessContext & TimelineInputs> => ({ now, rest: timelineInputs(db) });
