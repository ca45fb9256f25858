import { listSaved, type SavedPage } from '../db/saved';
import { openDbHere } from './db-here';

/*
 * The Saved tab's first rows read in the popup's own page (./db-here.ts), with the background's own
 * read (`listSaved`: one readonly transaction, so a write the background makes meanwhile is either
 * wholly in the page or not at all, as in the background's answer). Null whenever that cannot be done
 * (no database at this code's version, a connection closing for an upgrade, a failed read): the app
 * then asks the background (./saved-first-rows.ts), which also checks the rows' shape.
 */

/** Rows painted from one indexed page (`listSaved`) before the whole list arrives: more than the popup shows. */
export const SAVED_FIRST_PAGE = 12;

/** The newest `limit` saved items as `listSaved` answers them, read here; null when they cannot be. */
export async function readSavedHere(limit: number, name?: string): Promise<SavedPage | null> {
  const db = await openDbHere(() => undefined, name);
  if (!db) return null;
  try {
    return await listSaved(db, { limit });
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** Where the popup's first script leaves its read for the app: two bundles of one page share only the window. */
const SLOT = Symbol.for('haowu.savedFirstRows');
type Slot = { [SLOT]?: Promise<SavedPage | null> };

/** The popup's first script (entrypoints/popup-first-rows.ts): starts reading the first rows now. */
export function readSavedFirstRowsEarly(): void {
  (globalThis as Slot)[SLOT] ??= readSavedHere(SAVED_FIRST_PAGE);
}

/** The app: the read the first script started, taken once; undefined when there is none. */
export function takeSavedReadEarly(): Promise<SavedPage | null> | undefined {
  const slot = globalThis as Slot;
  const early = slot[SLOT];
  delete slot[SLOT];
  return early;
}
