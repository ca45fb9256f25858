import { openDB } from 'idb';
import type { DB_NAME, DB_VERSION, HaowuDb } from '../db/open';
import type { HaowuSchema } from '../db/schema';

/*
 * Haowu's database opened in the popup's own page (the background's, the same origin), to read only:
 * the Saved tab's first rows (./saved-here.ts) and the Picks tab's pages (./timeline-here.ts) are read
 * here with the background's own read functions, with no message to the background and back (issue 19:
 * the round trip through the service worker was much of the time over the floor, which reads in its
 * own page too). Every write still goes through the background.
 *
 * The page never creates or upgrades the database: it opens the version this code was built for, and
 * when the database is missing, at another version, or closing for an upgrade, the caller asks the
 * background as before.
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
