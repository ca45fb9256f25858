// `npx tsx tests/tools/train-page-model.ts`: fits the page model's weights (utils/page-model/weights.ts)
// on the real pages of the train split only (tests/fixtures/real-pages). The heldout split is never read here.
//
// `--cv [--folds 5]`: writes nothing; grouped cross-validation of the whole pipeline (structured data,
// reconciliation, the model) inside the train split: the train sites in folds that keep each store group
// whole (sister shops together, as the split does), each fold read with weights fitted on the others only.
// Prints found / title / price / false products per fold and overall. `--ablate` adds, for each
// reconciliation rule, what turning it off changes out of fold (pages and store groups won and lost).
// `--l2 title,price,page` sets the fits' penalties (default 0.01,0.01,0.005). `--drop a,b` fits without
// those features (their weights 0): with --cv, what each feature does out of fold.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RECONCILE_RULES, type ReconcileRule } from '../../utils/page-model/reconcile';
import { PAGE_FEATURES, PRICE_FEATURES, TITLE_FEATURES } from '../../utils/page-model/features';
import type { ModelWeights } from '../../utils/page-model/model';
import { crossValidatedWeights, DEFAULT_FIT, fitWeights, groupedFolds, pipelineOutcome, preparePage, type FitOptions, type PreparedPage } from './page-model-fit';
import { countsLine, realPages, type Outcome } from './page-model-eval';

// An unknown flag (or --help) must not fall through to the default, which rewrites weights.ts.
const FLAGS = { '--cv': false, '--folds': true, '--list': false, '--ablate': false, '--l2': true, '--drop': true } as const;
for (let i = 2; i < process.argv.length; i++) {
  const flag = process.argv[i]!;
  if (flag in FLAGS) {
    if (FLAGS[flag as keyof typeof FLAGS]) i++;
    continue;
  }
  const usage = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport ')[0]!.replace(/^\/\/ ?/gm, '');
  console.log(flag === '--help' || flag === '-h' ? usage : `Unknown argument ${flag}: nothing was written.\n\n${usage}`);
  process.exit(flag === '--help' || flag === '-h' ? 0 : 2);
}
const argument = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const l2 = argument('--l2')?.split(',').map(Number);
const drop = new Set(argument('--drop')?.split(','));
const options: FitOptions = { ...(l2 ? { titleL2: l2[0]!, priceL2: l2[1]!, pageL2: l2[2]! } : DEFAULT_FIT), drop };

const pages = realPages('train');
const prepared = pages.map(preparePage);
const products = pages.filter((page) => page.sidecar.kind === 'product');

const RULES: readonly ReconcileRule[] = RECONCILE_RULES;

if (process.argv.includes('--cv')) {
  const folds = groupedFolds(prepared, Number(argument('--folds') ?? 5));
  const weights = crossValidatedWeights(folds, options);
  const read = (off: ReadonlySet<ReconcileRule> = new Set()) => folds.map((fold, at) => fold.map((page) => pipelineOutcome(page, weights[at]!, off)));
  const outcomes = read();
  console.log(`grouped ${folds.length}-fold cross-validation on the train split (${prepared.length} pages, ${new Set(prepared.map((p) => p.group)).size} store groups), L2 ${JSON.stringify(options)}`);
  folds.forEach((fold, at) => console.log(`  fold ${at + 1} (${fold.length} pages, ${new Set(fold.map((p) => p.group)).size} groups): ${countsLine(outcomes[at]!)}`));
  console.log(`  all folds: ${countsLine(outcomes.flat())}`);
  const all = fitWeights(prepared, options);
  const inSample = prepared.map((page) => pipelineOutcome(page, all));
  console.log(`  fitted on all of train, read on train: ${countsLine(inSample)}`);
  if (process.argv.includes('--list')) {
    for (const o of outcomes.flat()) {
      const wrong = o.kind === 'product' ? !o.found || !o.titleRight || o.priceRight === false : o.found;
      if (wrong) console.log(`    ${o.name}: found ${o.found}, title ${o.titleRight}, price ${o.priceRight}`);
    }
  }
  if (process.argv.includes('--ablate')) {
    const groupOf = new Map(prepared.map((p) => [p.page.name, p.group]));
    const right = (o: Outcome) => ({ title: o.titleRight, price: o.priceRight === true, falseProduct: o.kind !== 'product' && o.found });
    const base = outcomes.flat();
    for (const rule of RULES) {
      const without = read(new Set([rule])).flat();
      const changes: string[] = [];
      const groupsHelped = new Set<string>();
      const groupsHurt = new Set<string>();
      without.forEach((o, i) => {
        const [a, b] = [right(base[i]!), right(o)];
        for (const field of ['title', 'price'] as const) {
          if (a[field] === b[field]) continue;
          (a[field] ? groupsHelped : groupsHurt).add(groupOf.get(o.name)!);
          changes.push(`${a[field] ? 'the rule reads right' : 'the rule makes wrong'} ${o.name} ${field}`);
        }
        if (a.falseProduct !== b.falseProduct) changes.push(`${o.name} false product ${a.falseProduct ? 'with' : 'without'} the rule`);
      });
      console.log(`  without ${rule}: ${countsLine(without)}; the rule helps ${groupsHelped.size} groups, hurts ${groupsHurt.size}`);
      for (const change of changes) console.log(`      ${change}`);
    }
  }
} else {
  const fitted: ModelWeights = fitWeights(prepared, options);
  const file = fileURLToPath(new URL('../../utils/page-model/weights.ts', import.meta.url));
  const row = (name: keyof ModelWeights & string, names: readonly string[]) => `  // ${name}: bias, ${names.join(', ')}\n  ${name}: [${(fitted[name] as readonly number[]).join(', ')}],`;
  writeFileSync(
    file,
    `// Written by \`npx tsx tests/tools/train-page-model.ts\` from the training pages (tests/fixtures/real-pages,
// split "train": ${pages.length} pages, ${products.length} of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
${row('title', TITLE_FEATURES)}
${row('price', PRICE_FEATURES)}
${row('page', PAGE_FEATURES)}
  priceFloor: ${fitted.priceFloor},
};
`,
  );
  console.log(`train split, the pipeline with the new weights: ${countsLine(prepared.map((page: PreparedPage) => pipelineOutcome(page, fitted)))}`);
}
