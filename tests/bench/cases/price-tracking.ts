import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleForPage } from '../../harness/page-bundle';
import { FIXTURE_PAGES } from '../../harness/paths';
import type { BenchCase } from '../figure';

/*
 * Price tracking (issue 17): reading the price from a served 1 MB product page in the background,
 * and drawing a 100-point history.
 */

/** The chrome.* calls made inside the extension's service worker below (run there by playwright). */
declare const chrome: {
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]>; sendMessage(message: unknown): Promise<unknown> };
  offscreen: { createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>; closeDocument(): Promise<void> };
};

const AMAZON_URL = 'https://www.amazon.com/Node-js-Right-Way-Server-Side-JavaScript/dp/1937785734';

/** The real Amazon page (836 KB) grown to 1 MiB with more of the same kind of markup before </body>. */
function oneMegabytePage(): string {
  const page = readFileSync(join(FIXTURE_PAGES, 'amazon-1937785734.html'), 'utf8');
  const block = '<div class="a-section a-spacing-small"><span class="a-size-base a-color-secondary">Customers who viewed this item also viewed</span><a class="a-link-normal" href="/dp/B000000000">A related book, paperback</a></div>\n';
  const missing = 1024 * 1024 - Buffer.byteLength(page);
  const filler = block.repeat(Math.max(0, Math.ceil(missing / block.length)));
  return page.replace('</body>', `${filler}</body>`);
}

export const priceTrackingCases: BenchCase[] = [
  {
    name: 'price-check-read-1mb',
    unit: 'ms',
    budget: 20,
    measure: async ({ chromium, runs }) => {
      const session = await chromium();
      const html = oneMegabytePage();
      await session.serve([{ url: AMAZON_URL, html }]);
      const worker = await session.background();
      // The very slimming code the background runs (utils/price-tracking/served-page.ts), in the worker.
      await worker.evaluate(await bundleForPage('utils/price-tracking/slim-page.ts', '__haowuSlim'));
      // In the extension's service worker, as a background check reads a page: the served page is
      // fetched once (no cookies); then, timed, what Haowu does with its text: scripts and styles left
      // out, the rest handed to the offscreen document (Haowu's own, created as the checks create it),
      // which parses it with DOMParser and runs the store readers, and answers with the product.
      // The fetch is not timed: it goes through the harness's route, a round trip to this process.
      return worker.evaluate(
        async ({ url, runs }) => {
          const slim = (globalThis as unknown as { __haowuSlim: { slimServedPage: (html: string) => string } }).__haowuSlim.slimServedPage;
          const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
          if (contexts.length === 0) await chrome.offscreen.createDocument({ url: '/price-reader.html', reasons: ['DOM_PARSER'], justification: 'bench' });
          const text = await (await fetch(url, { credentials: 'omit', cache: 'no-store' })).text();
          if (text.length < 1_000_000) throw new Error(`the bench page is ${text.length} characters, not 1 MB`);
          const times: number[] = [];
          // Run -1 warms up (the document's code compiled), as a second check would find it.
          // (No inner named functions here: tsx would wrap them in a helper the worker does not have.)
          for (let run = -1; run < Math.max(runs, 10); run++) {
            const start = performance.now();
            const answer = (await chrome.runtime.sendMessage({ haowuOffscreen: 'read', html: slim(text), url })) as { product: { price: unknown } | null; reason: string | null } | undefined;
            if (!answer?.product?.price) throw new Error(`no price read from the bench page: ${answer?.reason}`);
            if (run >= 0) times.push(performance.now() - start);
          }
          await chrome.offscreen.closeDocument();
          return times;
        },
        { url: AMAZON_URL, runs },
      );
    },
  },
  {
    name: 'price-history-draw-100',
    unit: 'ms',
    budget: 16,
    measure: async ({ chromium, runs }) => {
      const session = await chromium();
      // Haowu's own page, with its stylesheet: the popup draws the chart there.
      const page = await session.openExtensionPage('popup.html');
      await page.evaluate(await bundleForPage('tests/bench/price-history-entry.tsx', '__haowuHistory'));
      const samples = await page.evaluate(
        ({ runs }) => {
          const bench = (globalThis as unknown as { __haowuHistory: typeof import('../price-history-entry') }).__haowuHistory;
          const now = Date.now();
          const view = bench.historyOf(100, now);
          const container = document.createElement('div');
          container.style.width = '480px';
          document.body.append(container);
          bench.drawHistory(container, view, now);
          bench.clear(container);
          const times: number[] = [];
          for (let run = 0; run < Math.max(runs, 10); run++) {
            times.push(bench.drawHistory(container, view, now));
            bench.clear(container);
          }
          if (!view.points.length) throw new Error('no history drawn');
          return times;
        },
        { runs },
      );
      await page.close();
      return samples;
    },
  },
];
