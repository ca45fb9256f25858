import { generateDataset } from '../../fixtures/generate-dataset';
import type { ExtensionSession } from '../../harness/chromium';
import { seedDatabase } from '../../harness/seed';
import type { BenchCase } from '../figure';
import { FLOOR_PAGE, floorPainted } from '../floors/floor-pages';

/*
 * The floor of the popup's "first saved rows painted with 5,000 saved items" figure (issue 19), kept
 * apart until that figure (popup-saved-rows-5000, being added to popup.ts) lands: a static extension
 * page that reads the newest saved items and their products from Haowu's IndexedDB and paints them,
 * from navigation start. Once it has landed, that figure takes `savedRowsFloor` as its floor, visited
 * in turn with the popup (floor, popup, floor, popup…), and this separate figure goes.
 */

// The popup figures' dataset (popup.ts): 5,000 saved items and 200 cart lines.
const POPUP_DATA = { experts: 100, recommendations: 5_000, saved: 5_000, cartLines: 200, seed: 8 };
const TIMEOUT = 15_000;
/** About as many rows as the popup's Saved list shows at once. */
const FIRST_ROWS = 20;

export const SAVED_ROWS_FLOOR_WHAT =
  "a static extension page that reads the newest 20 saved items (the saved store's by-savedAt index, newest first) and their products from Haowu's IndexedDB in one transaction and paints them as plain rows, from navigation start";

/** One visit of the floor page: ms from its navigation start to the task after the frame that painted the rows. */
export async function savedRowsFloor(session: ExtensionSession): Promise<number> {
  const page = await session.openExtensionPage(`${FLOOR_PAGE}?kind=saved&rows=${FIRST_ROWS}`);
  try {
    return await floorPainted(page, TIMEOUT);
  } finally {
    await page.close();
  }
}

const seeded = new WeakMap<ExtensionSession, Promise<void>>();

export const popupFloorCases: BenchCase[] = [
  {
    // Alone for now, budgeted at the popup figure's 300 ms: see above.
    name: 'popup-saved-rows-5000-floor',
    unit: 'ms',
    budget: 300,
    measure: async (context) => {
      const session = await context.chromiumBench();
      // The same records as popup.ts writes (merging them twice changes nothing).
      if (!seeded.has(session)) seeded.set(session, seedDatabase(session, generateDataset(POPUP_DATA)));
      await seeded.get(session);
      // The first visit (cold code cache, the database's first read) is not counted, as for the popup.
      await savedRowsFloor(session);
      const samples: number[] = [];
      for (let run = 0; run < context.runs; run++) samples.push(await savedRowsFloor(session));
      return samples;
    },
  },
];
