import { openDB } from 'idb';
import type { DB_NAME, DB_VERSION, HaowuDb } from '../db/open';
import { readTimeline, type TimelineInputs } from '../db/pick-pages';
import type { HaowuSchema } from '../db/schema';
import { request } from '../messaging/client';
import { ok } from '../messaging/result';
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
 * The page never creates or upgrades the database: it opens the version this code was built for, and
 * when the database is missing, at another version, or closing for an upgrade, the tab asks the
 * background as before; so does any read here that fails (utils/popup/timeline-first-page.ts).
 */

// open.ts's name and version, by their literal types (a value import would bring open.ts's upgrade
// code, the schema and zod's full build into the popup's chunks): the compiler fails here if they change.
const NAME: typeof DB_NAME = 'haowu';
const VERSION: typeof DB_VERSION = 6;

/** Haowu's database at this code's version, or null when it is not there as such; never created or upgraded here. */
export async function openDbHere(onClose: () => void, name: string = NAME): Promise<HaowuDb | null> {
  let db: HaowuDb | null = null;
  try {
    db = await openDB<HaowuSchema>(name, VERSION, {
      // Creating or upgrading is the background's (utils/db/open.ts): aborted, the database stays as it
      // was (the open then fails, as expected: so does the transaction's own promise).
      upgrade: (_database, _oldVersion, _newVersion, tx) => {
        tx.done.catch(() => undefined);
        tx.abort();
      },
      // Another context upgrades: this connection must not hold it up.
      blocking: () => {
        db?.close();
        onClose();
      },
      terminated: onClose,
    });
    return db;
  } catch {
    return null;
  }
}

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
