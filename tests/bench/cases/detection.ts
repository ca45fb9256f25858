import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PAGES } from '../../harness/paths';
import { bundleForPage } from '../../harness/page-bundle';
import type { BenchCase } from '../figure';

interface Sidecar {
  url: string;
}

/** The largest saved real page that has a sidecar (its URL): the worst case detection meets. */
function largestRealPage(): { file: string; url: string } {
  const pages = readdirSync(FIXTURE_PAGES)
    .filter((file) => file.endsWith('.html') && !file.startsWith('negative-'))
    .map((file) => ({ file, sidecar: join(FIXTURE_PAGES, file.replace(/\.html$/, '.json')) }))
    .filter(({ sidecar }) => {
      try {
        return statSync(sidecar).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => statSync(join(FIXTURE_PAGES, b.file)).size - statSync(join(FIXTURE_PAGES, a.file)).size);
  const largest = pages[0];
  if (!largest) throw new Error(`no real page with a .json sidecar in ${FIXTURE_PAGES}`);
  const sidecar = JSON.parse(readFileSync(largest.sidecar, 'utf8')) as Sidecar;
  return { file: largest.file, url: sidecar.url };
}

export const detectionCases: BenchCase[] = [
  {
    name: 'detect-largest-real-page',
    unit: 'ms',
    budget: 5,
    measure: async ({ chromium, runs }) => {
      const session = await chromium();
      const { file, url } = largestRealPage();
      await session.serve([{ url, file }]);
      const page = await session.context.newPage();
      await page.goto(url);
      await page.addScriptTag({ content: await bundleForPage('utils/detect-product.ts', '__haowuDetect') });
      const samples = await page.evaluate(
        ({ runs }) => {
          const { detectProduct } = (globalThis as unknown as { __haowuDetect: typeof import('../../../utils/detect-product') }).__haowuDetect;
          const all = { amazon: true, otherSites: true };
          const times: number[] = [];
          // One warm-up run so the figure is the steady state, as on a shopper's second product page.
          if (!detectProduct(document, new URL(location.href), all)) throw new Error('nothing detected on the benchmark page');
          for (let run = 0; run < Math.max(runs, 20); run++) {
            const start = performance.now();
            detectProduct(document, new URL(location.href), all);
            times.push(performance.now() - start);
          }
          return times;
        },
        { runs },
      );
      await page.close();
      return samples;
    },
  },
];
