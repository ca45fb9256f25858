import type { SavedPage } from '../db/saved';
import { request } from '../messaging/client';
import { ok, type Result } from '../messaging/result';
import { readSavedHere } from './saved-here';

/*
 * The popup reads the Saved tab's first rows as its first module runs (entrypoints/popup/
 * ask-first-rows.ts), before the rest of its code is evaluated and the shell is rendered; the Saved tab
 * takes that answer when it mounts. Read asked from the tab's effect (after the shell's first paint),
 * the rows came a round trip and a frame later than the shell could have drawn them (issue 19,
 * popup-saved-rows-5000). They are read in the popup's own page, from the database, as the floor reads
 * (./saved-here.ts): no round trip through the service worker, which may first have to start. Where
 * that read cannot be made, the background is asked (`listSaved`), as before.
 */

/**
 * Rows painted from one indexed page (`listSaved`) before the whole list arrives: more than the popup
 * shows. With thousands of items the whole list is megabytes of messages, read after these are painted.
 */
export const SAVED_FIRST_PAGE = 12;

let early: Promise<Result<SavedPage>> | undefined;

const ask = (): Promise<Result<SavedPage>> => request('listSaved', { limit: SAVED_FIRST_PAGE });
const read = async (): Promise<Result<SavedPage>> => {
  const here = await readSavedHere(SAVED_FIRST_PAGE);
  return here ? ok(here) : ask();
};

/** The popup's first module: reads the newest page now (once). */
export function askSavedFirstRows(): void {
  early ??= read();
}

/** The Saved tab: the page read early, taken once; read now when there is none (the full tab, a retry). */
export function takeSavedFirstRows(): Promise<Result<SavedPage>> {
  const taken = early ?? read();
  early = undefined;
  return taken;
}
