// `npx tsx tests/tools/page-model-figures.ts [--pages train]`: the real-page set's figures per split, as
// counts (found, title right, price right, product on other pages), for the whole pipeline (structured data,
// then the model) and for the model alone, over all pages and over the product pages without structured
// data. Heldout pages are only ever counted here; `--pages train` also lists the train split's misses.
import { loadRealPages } from '../fixtures/real-pages/sidecar';
import { modelTraces, pipelineOutcomes, type Outcome } from './page-model-eval';

function counts(outcomes: readonly Outcome[]): string {
  const products = outcomes.filter((o) => o.kind === 'product');
  const priced = products.filter((o) => o.priceRight !== null);
  const others = outcomes.filter((o) => o.kind !== 'product');
  const share = (part: number, whole: number) => (whole ? ` (${((100 * part) / whole).toFixed(1)} %)` : '');
  const found = products.filter((o) => o.found).length;
  const titles = products.filter((o) => o.titleRight).length;
  const prices = priced.filter((o) => o.priceRight).length;
  const falses = others.filter((o) => o.found).length;
  return `found ${found}/${products.length}${share(found, products.length)}, title ${titles}${share(titles, products.length)}, price ${prices}/${priced.length}${share(prices, priced.length)}, false ${falses}/${others.length}`;
}

const listSplit = process.argv.includes('--pages') ? process.argv[process.argv.indexOf('--pages') + 1] : null;
for (const split of ['train', 'heldout'] as const) {
  const pages = loadRealPages(split);
  const noMarkup = new Set(pages.filter((p) => p.sidecar.expected?.hasStructuredData === 'none').map((p) => p.name));
  const pipeline = await pipelineOutcomes(pages);
  const model = (await modelTraces(pages)).map((r) => r.outcome);
  console.log(`${split} (${pages.length} pages)`);
  console.log(`  pipeline:              ${counts(pipeline)}`);
  console.log(`  pipeline, no markup:   ${counts(pipeline.filter((o) => noMarkup.has(o.name)))}`);
  console.log(`  model alone:           ${counts(model)}`);
  if (split === listSplit && split === 'train') {
    for (const o of pipeline) {
      const wrong = o.kind === 'product' ? !o.found || !o.titleRight || o.priceRight === false : o.found;
      if (wrong) console.log(`    ${o.name}: found ${o.found}, title ${o.titleRight}, price ${o.priceRight}${noMarkup.has(o.name) ? ' (no markup)' : ''}`);
    }
  }
}
