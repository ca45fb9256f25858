import * as z from 'zod/mini';
import { listSaved, type SavedPage } from '../db/saved';
import { openDbHere } from './db-here';

/*
 * The Saved tab's first rows read in the popup's own page (./db-here.ts), with the background's own
 * read (`listSaved`: one readonly transaction, so a write the background makes meanwhile is either
 * wholly in the page or not at all, as in the background's answer). Null whenever that cannot be done
 * (no database at this code's version, a connection closing for an upgrade, a failed read, rows not of
 * the shape below): the caller then asks the background (./saved-first-rows.ts).
 */

// What the first rows draw of each item (components/popup/SavedTab.tsx), checked with zod/mini, which
// the popup carries already: the schema's own zod (utils/db/schema.ts) is not loaded here (popup-gzip).
const FirstRow = z.object({
  saved: z.looseObject({ productKey: z.string(), savedAt: z.number(), note: z.string(), viaExpertId: z.nullable(z.string()) }),
  product: z.nullable(z.looseObject({ key: z.string(), title: z.string(), canonicalUrl: z.string(), platform: z.string(), storeDomain: z.string(), priceHistory: z.array(z.looseObject({ at: z.number() })) })),
});
const FirstRows = z.looseObject({ items: z.array(FirstRow) });

/** The newest `limit` saved items as `listSaved` answers them, read here; null when they cannot be. */
export async function readSavedHere(limit: number, name?: string): Promise<SavedPage | null> {
  const db = await openDbHere(() => undefined, name);
  if (!db) return null;
  try {
    const page = await listSaved(db, { limit });
    return FirstRows.safeParse(page).success ? page : null;
  } catch {
    return null;
  } finally {
    db.close();
  }
}
