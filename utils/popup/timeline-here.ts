import type { HaowuDb } from '../db/open';
import { readTimeline, type TimelineInputs } from '../db/pick-pages';
import { request } from '../messaging/client';
import { ok } from '../messaging/result';
import { openDbHere } from './db-here';
import { readTimelineWith, type TimelineReader } from './timeline-first-page';

/*
 * The Picks tab reads its pages in the popup's own page, from Haowu's database (the background's, the
 * same origin), with the background's own read (`readTimeline`: the same rules, rows and marks): no
 * message to the background and back and no copy of the page between them (issue 19: the round trip
 * and the background's turn were much of the time over the floor, which reads in its own page too).
 * Reads only; every write still goes through the background. The settings, followed collections and
 * last look come from the background beside the read (`getTimelineContext`: collections are checked
 * with the schema's zod, which the popup never loads). The connection opens when the tab's code loads
 * (after the Saved tab's first rows), so a click does not wait for it.
 *
 * The page never creates or upgrades the database, and when it cannot read there (./db-here.ts), or
 * any read here fails, the tab asks the background as before (utils/popup/timeline-first-page.ts).
 */

/** The settings, followed collections and last look, from the background; a failure is thrown (the background then reads the page). */
async function inputsFromBackground(): Promise<TimelineInputs> {
  const answer = await request('getTimelineContext', undefined);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

/** The tab's reader over a connection opened here. */
export const readerOver =
  (db: HaowuDb, now: () => number = Date.now, inputs: () => Promise<TimelineInputs> = inputsFromBackground): TimelineReader =>
  async (query) =>
    ok(await readTimeline(db, query, { now: now(), rest: inputs() }));

let started = false;

/** Opens the connection (once) and, once it is open, has the Picks tab read through it. */
export function startReadingHere(): void {
  if (started) return;
  started = true;
  void openDbHere(() => readTimelineWith(null)).then((db) => {
    if (db) readTimelineWith(readerOver(db));
  });
}
