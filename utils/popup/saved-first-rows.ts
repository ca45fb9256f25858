import * as z from 'zod/mini';
import type { SavedPage } from '../db/saved';
import { request } from '../messaging/client';
import { ok, type Result } from '../messaging/result';
import { SAVED_FIRST_PAGE, readSavedHere, takeSavedReadEarly } from './saved-here';

export { SAVED_FIRST_PAGE };

/*
 * The Saved tab's first rows are read from the database in the popup's own page, as the floor reads
 * (./saved-here.ts): no round trip through the service worker, which may first have to start. The
 * popup's first script starts that read before the app's modules have loaded (entrypoints/
 * popup-first-rows.ts); the app's first module takes it (entrypoints/popup/ask-first-rows.ts), or
 * starts it where the script did not run, and the Saved tab takes the answer as it mounts. Where the
 * read cannot be made, or its rows are not of the shape below, the background is asked (`listSaved`),
 * as before. Asked from the tab's effect (after the shell's first paint), the rows came a round trip
 * and a frame later than the shell could have drawn them (issue 19, popup-saved-rows-5000).
 */

// What the first rows draw of each item (components/popup/SavedTab.tsx), checked with zod/mini, which
// the popup carries already: the schema's own zod (utils/db/schema.ts) is not loaded here (popup-gzip).
const FirstRow = z.object({
  saved: z.looseObject({ productKey: z.string(), savedAt: z.number(), note: z.string(), viaExpertId: z.nullable(z.string()) }),
  product: z.nullable(z.looseObject({ key: z.string(), title: z.string(), canonicalUrl: z.string(), platform: z.string(), storeDomain: z.string(), priceHistory: z.array(z.looseObject({ at: z.number() })) })),
});
const FirstRows = z.looseObject({ items: z.array(FirstRow) });

let early: Promise<Result<SavedPage>> | undefined;

const ask = (): Promise<Result<SavedPage>> => request('listSaved', { limit: SAVED_FIRST_PAGE });
/** The rows read here when they are of the expected shape, else the background's answer. */
const checked = async (read: Promise<SavedPage | null>): Promise<Result<SavedPage>> => {
  const here = await read;
  return here && FirstRows.safeParse(here).success ? ok(here) : ask();
};

/** The read in this page that `early` waits for (not the background's answer that may follow it). */
let readHere: Promise<unknown> | undefined;

/** The popup's first module: takes the first script's read, or starts one (once). */
export function askSavedFirstRows(): void {
  if (early) return;
  const read = takeSavedReadEarly() ?? readSavedHere(SAVED_FIRST_PAGE);
  readHere = read;
  early = checked(read);
}

/**
 * Settles when the read in this page that the popup's first module took is done (with rows or
 * without), never with the background's answer that may follow; at once when there is none.
 */
export const savedReadHereDone = (): Promise<unknown> => readHere ?? Promise.resolve();

/** The Saved tab: the page read early, taken once; read now when there is none (the full tab, a retry). */
export function takeSavedFirstRows(): Promise<Result<SavedPage>> {
  const taken = early ?? checked(takeSavedReadEarly() ?? readSavedHere(SAVED_FIRST_PAGE));
  early = undefined;
  return taken;
}
