// `npx tsx tests/tools/page-model-figures.ts [--pages train] [--train-only]`: the real-page set's figures per split, as
// counts (found, title right, price right, product on other pages), for the whole pipeline (structured data,
// then the model) and for the model alone, over all pages and over the product pages without structured
// data. Heldout pages are only ever counted here; `--pages train` also lists the train split's misses.
import { loadRealPages } from '../fixtures/real-pages/sidecar';
import { countsLine as counts, modelTraces, pipelineOutcomes } from './page-model-eval';

const listSplit = process.argv.includes('--pages') ? process.argv[process.argv.indexOf('--pages') + 1] : null;
// `--train-only`: the heldout split is not even counted (it is looked at only a few times a round, as totals).
for (const split of process.argv.includes('--train-only') ? (['train'] as const) : (['train', 'heldout'] as const)) {
  const pages = loadRealPages(split);
  const noMarkup = new Set(pages.filter((p) => p.sidecar.expected?.hasStructuredData === 'none').map((p) => p.name));
  const pipeline = await pipelineOutcomes(pages);
  const model = (await modelTraces(pages)).map((r) => r.outcome);
  console.log(`${split} (${pages.length} pages)`);
  console.log(`  pipeline:              ${counts(pipeline)}`);
  console.log(`  pipeline, no markup:   ${counts(pipeline.filter((o) => noMarkup.has(o.name)))}`);
  console.log(`  model alone:           ${counts(model)}`);
  // The issue's goal names category, search, cart and home pages; "other" pages are articles, reviews and rentals.
  const kinds = [...new Set(pipeline.filter((o) => o.kind !== 'product').map((o) => o.kind))].sort();
  console.log(`  pipeline, products on: ${kinds.map((kind) => `${kind} ${pipeline.filter((o) => o.kind === kind && o.found).length}/${pipeline.filter((o) => o.kind === kind).length}`).join(', ')}`);
  if (split === listSplit && split === 'train') {
    for (const o of pipeline) {
      const wrong = o.kind === 'product' ? !o.found || !o.titleRight || o.priceRight === false : o.found;
      if (wrong) console.log(`    ${o.name}: found ${o.found}, title ${o.titleRight}, price ${o.priceRight}${noMarkup.has(o.name) ? ' (no markup)' : ''}`);
    }
  }
}
