import type { Page } from 'playwright-core';
import { bundleForPage } from '../../harness/page-bundle';
import type { BenchCase, BenchContext } from '../figure';
import { inFreshProfile } from '../fresh-profile';

type DbModule = typeof import('../db-entry');
declare const __haowuBench: DbModule;

// The sizes issue 4 names: 100,000 recommendations from 500 experts, 5,000 saved items.
const LARGE = { experts: 500, recommendations: 100_000, saved: 5_000, cartLines: 200, seed: 42 };
const BACKUP = { experts: 100, recommendations: 10_000, saved: 500, cartLines: 50, seed: 7 };

let loaded: Promise<Page> | undefined;

/** One extension page with the large dataset in its database, shared by the lookup figures. */
function pageWithLargeDataset(context: BenchContext): Promise<Page> {
  loaded ??= (async () => {
    const session = await context.chromium();
    const page = await session.openExtensionPage('popup.html');
    await page.evaluate(await bundleForPage('tests/bench/db-entry.ts', '__haowuBench'));
    await page.evaluate(async (size) => {
      const db = await __haowuBench.openHaowuDb({ name: 'haowu-bench' });
      await __haowuBench.deleteAllData(db);
      await __haowuBench.mergeData(db, __haowuBench.generateDataset(size));
      db.close();
    }, LARGE);
    return page;
  })();
  return loaded;
}

/** The 10,000-recommendation backup file, exported once from a database holding the dataset. */
async function backupText(context: BenchContext): Promise<string> {
  const session = await context.chromium();
  const page = await session.openExtensionPage('popup.html');
  await page.evaluate(await bundleForPage('tests/bench/db-entry.ts', '__haowuBench'));
  const text = await page.evaluate(async (size) => {
    const source = await __haowuBench.openHaowuDb({ name: 'haowu-bench-source' });
    await __haowuBench.deleteAllData(source);
    await __haowuBench.mergeData(source, __haowuBench.generateDataset(size));
    const exported = JSON.stringify(await __haowuBench.exportBackup(source));
    await __haowuBench.deleteAllData(source);
    source.close();
    return exported;
  }, BACKUP);
  await page.close();
  return text;
}

export const databaseCases: BenchCase[] = [
  {
    name: 'db-picks-for-product',
    unit: 'ms',
    budget: 2,
    measure: async (context) => {
      const page = await pageWithLargeDataset(context);
      return page.evaluate(async (runs) => {
        const db = await __haowuBench.openHaowuDb({ name: 'haowu-bench' });
        const keys = (await db.getAllKeys('products', undefined, 500)) as string[];
        const times: number[] = [];
        for (let run = 0; run < Math.max(runs, 50); run++) {
          const key = keys[(run * 7919) % keys.length]!;
          const start = performance.now();
          const picks = await __haowuBench.getPicksForProduct(db, key);
          times.push(performance.now() - start);
          if (picks.length === 0 && run === 0) throw new Error(`no picks for ${key}: the dataset did not load`);
        }
        db.close();
        return times;
      }, context.runs);
    },
  },
  {
    name: 'db-newest-50-saved',
    unit: 'ms',
    budget: 10,
    measure: async (context) => {
      const page = await pageWithLargeDataset(context);
      return page.evaluate(async (runs) => {
        const db = await __haowuBench.openHaowuDb({ name: 'haowu-bench' });
        const times: number[] = [];
        for (let run = 0; run < Math.max(runs, 20); run++) {
          const start = performance.now();
          const page = await __haowuBench.listSaved(db, { limit: 50 });
          times.push(performance.now() - start);
          if (page.items.length !== 50) throw new Error(`expected 50 saved items, got ${page.items.length}`);
        }
        db.close();
        return times;
      }, context.runs);
    },
  },
  {
    // Each run in a browser profile of its own: IndexedDB keeps one LevelDB per origin, and the
    // compaction of what earlier runs (and the large dataset above) wrote would otherwise slow the
    // next run. A user imports once, typically into a new browser; the samples stay independent.
    name: 'db-import-10k-backup',
    unit: 'ms',
    budget: 1000,
    measure: async (context) => {
      const text = await backupText(context);
      const samples: number[] = [];
      for (let run = 0; run < Math.min(context.runs, 5); run++) {
        samples.push(await inFreshProfile((page) => page.evaluate(async ({ text, expected }) => {
          const target = await __haowuBench.openHaowuDb({ name: 'haowu-bench-import' });
          const start = performance.now();
          const summary = await __haowuBench.importBackup(target, text);
          const time = performance.now() - start;
          target.close();
          if (summary.recommendations.added !== expected) throw new Error(`imported ${summary.recommendations.added} recommendations`);
          return time;
        }, { text, expected: BACKUP.recommendations })));
      }
      return samples;
    },
  },
];
