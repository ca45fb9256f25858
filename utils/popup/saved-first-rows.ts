import type { SavedPage } from '../db/saved';
import { request } from '../messaging/client';
import type { Result } from '../messaging/result';

/*
 * The popup asks for the Saved tab's first rows as its first module runs (entrypoints/popup/
 * ask-first-rows.ts), before the rest of its code is evaluated and the shell is rendered, so the
 * background reads them meanwhile; the Saved tab takes that answer when it mounts. Asked from the
 * tab's effect (after the shell's first paint), the rows came a round trip and a frame later than
 * the shell could have drawn them (issue 19, popup-saved-rows-5000).
 */

/**
 * Rows painted from one indexed page (`listSaved`) before the whole list arrives: more than the popup
 * shows. With thousands of items the whole list is megabytes of messages, read after these are painted.
 */
export const SAVED_FIRST_PAGE = 12;

let early: Promise<Result<SavedPage>> | undefined;

const ask = (): Promise<Result<SavedPage>> => request('listSaved', { limit: SAVED_FIRST_PAGE });

/** The popup's first module: asks for the newest page now (once). */
export function askSavedFirstRows(): void {
  early ??= ask();
}

/** The Saved tab: the page asked for early, taken once; asked now when there is none (the full tab, a retry). */
export function takeSavedFirstRows(): Promise<Result<SavedPage>> {
  const taken = early ?? ask();
  early = undefined;
  return taken;
}
