import type { Page } from 'playwright-core';
import type { BackupData } from '../../../utils/db/backup';
import { generateDataset } from '../../fixtures/generate-dataset';
import type { ExtensionSession } from '../../harness/chromium';
import { seedDatabase } from '../../harness/seed';
import type { BenchCase, BenchContext, MeasuredWithFloor } from '../figure';
import { FLOOR_PAGE, floorPainted } from '../floors/floor-pages';

/*
 * The expert page and the Picks tab (issue 14) with a heavy user's data, in the extension's real
 * database: one expert with 5,000 picks, and 500 followed experts with 50,000 picks between them.
 * Each figure runs from the navigation (the expert page, opened at its address as the overlay opens
 * it) or the click (the Picks tab in the popup) to the task after the frame that painted the first
 * rows of the list.
 */

const TIMEOUT = 30_000;
const EXPERT_PAGE_DATA = { experts: 1, recommendations: 5_000, saved: 0, cartLines: 0, seed: 14 };
const TIMELINE_DATA = { experts: 500, recommendations: 50_000, saved: 0, cartLines: 0, seed: 15 };

/** A dataset whose expert and pick ids carry `prefix`, so it does not merge into another one in the same database. */
function prefixed(data: BackupData, prefix: string): BackupData {
  return {
    ...data,
    experts: data.experts.map((expert) => ({ ...expert, id: `${prefix}${expert.id}`, displayName: `${prefix}${expert.displayName}` })),
    recommendations: data.recommendations.map((r) => ({ ...r, id: `${prefix}${r.id}`, expertId: `${prefix}${r.expertId}` })),
  };
}

const EXPERT_ID = 'ep-fp-00000000';
const seeded = new WeakMap<ExtensionSession, Promise<void>>();

/** The shared session with both datasets written once into the extension's database. */
async function seededSession(context: BenchContext): Promise<ExtensionSession> {
  const session = await context.chromium();
  if (!seeded.has(session)) {
    seeded.set(
      session,
      (async () => {
        await seedDatabase(session, prefixed(generateDataset(EXPERT_PAGE_DATA), 'ep-'));
        await seedDatabase(session, prefixed(generateDataset(TIMELINE_DATA), 'tl-'));
      })(),
    );
  }
  await seeded.get(session);
  return session;
}

/**
 * Installed before the page's own scripts: records, in `__haowuFirstRows`, the time (ms from
 * navigation start, or from the click on `startOn` when given) of the task after the frame that
 * first painted a row matching `rows`.
 */
function watchFirstRows({ rows, startOn }: { rows: string; startOn: string | null }) {
  const state = globalThis as unknown as { __haowuFirstRows?: number };
  let start = 0;
  let waiting = startOn === null;
  const observer = new MutationObserver(() => {
    if (!waiting || !document.querySelector(rows)) return;
    waiting = false;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (state.__haowuFirstRows = performance.now() - start)));
  });
  observer.observe(document, { childList: true, subtree: true });
  if (startOn !== null) {
    // Capturing on window: before the app's own click handler.
    window.addEventListener(
      'click',
      (event) => {
        if (!(event.target as Element).closest(startOn)) return;
        start = event.timeStamp;
        waiting = true;
      },
      true,
    );
  }
}

async function firstRows(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as unknown as { __haowuFirstRows?: number }).__haowuFirstRows, null, { timeout: TIMEOUT });
  return (await handle.jsonValue()) as number;
}

export const picksCases: BenchCase[] = [
  {
    // The full-tab page at the expert's address (options.html#expert=…), as the overlay's expert name
    // opens it: the app's shell, the expert page's code, the first answer (their newest picks, and the
    // products Haowu has seen for them) and the first rows of the virtual list. Every pick follows in a
    // second answer, checked to arrive but not timed.
    name: 'expert-page-5k-first-rows',
    unit: 'ms',
    budget: 300,
    floor: {
      what: "a static extension page that reads the expert's newest 40 picks (walking by-updatedAt newest first) and their products from Haowu's IndexedDB in one transaction and paints them as plain rows, from navigation start",
      ratio: 1.5,
    },
    measure: async (context) => {
      const session = await seededSession(context);
      const measured: MeasuredWithFloor = { samples: [], floor: [] };
      for (let run = 0; run < context.runs + 1; run++) {
        const floorPage = await session.openExtensionPage(`${FLOOR_PAGE}?kind=expert&rows=40&id=${encodeURIComponent(EXPERT_ID)}`);
        const floor = await floorPainted(floorPage, TIMEOUT);
        await floorPage.close();
        if (run > 0) measured.floor.push(floor);
        const page = await session.context.newPage();
        await page.addInitScript(watchFirstRows, { rows: 'section.expert-page .vlist__row', startOn: null });
        await page.goto(`chrome-extension://${session.extensionId}/options.html#expert=${encodeURIComponent(EXPERT_ID)}`);
        const time = await firstRows(page);
        // Then every pick arrives (searchable): the list holds all of the expert's live picks.
        // (Counts may be grouped, "4,650 of 4,650".)
        await page.waitForFunction(() => /^4[,\u00a0\u202f ]?\d\d\d of 4[,\u00a0\u202f ]?\d\d\d$/.test(document.querySelector('section.expert-page .count')?.textContent?.trim() ?? ''), null, { timeout: TIMEOUT });
        // The first run warms the browser's caches of the extension's files, as any use after the first does.
        if (run > 0) measured.samples.push(time);
        await page.close();
      }
      return measured;
    },
  },
  {
    // In the popup, the click on the Picks tab: its code and strings (their own chunk), one message
    // that walks the `by-updatedAt` index newest first until a page of picks of followed experts is
    // full, and the first rows. 500 followed experts, 50,000 picks (plus the other figure's).
    name: 'timeline-500-experts-50k-first-rows',
    unit: 'ms',
    budget: 300,
    floor: {
      what: "a static extension page where a click reads everyone's newest 60 picks (by-updatedAt newest first) and their products from Haowu's IndexedDB in one transaction and paints them as plain rows, from the click",
      ratio: 1.5,
    },
    measure: async (context) => {
      const session = await seededSession(context);
      const measured: MeasuredWithFloor = { samples: [], floor: [] };
      for (let run = 0; run < context.runs + 1; run++) {
        const floorPage = await session.openExtensionPage(`${FLOOR_PAGE}?kind=timeline&rows=60&on=click`);
        await floorPage.waitForLoadState('networkidle');
        await floorPage.click('#floor-go');
        const floor = await floorPainted(floorPage, TIMEOUT);
        await floorPage.close();
        if (run > 0) measured.floor.push(floor);
        const page = await session.context.newPage();
        await page.addInitScript(watchFirstRows, { rows: '#panel-picks .vlist__row', startOn: '#tab-picks' });
        await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
        await page.getByRole('tab', { name: 'Picks' }).waitFor();
        // The Saved tab loads its list first; the user clicks once the popup settled.
        await page.waitForLoadState('networkidle');
        await page.getByRole('tab', { name: 'Picks' }).click();
        const time = await firstRows(page);
        if ((await page.locator('#panel-picks article.pick').count()) === 0) throw new Error('the Picks tab showed no pick');
        if (run > 0) measured.samples.push(time);
        await page.close();
      }
      return measured;
    },
  },
];
