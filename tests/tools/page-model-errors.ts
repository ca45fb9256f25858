// `npx tsx tests/tools/page-model-errors.ts [--train-only] [--pages]`: what kind of mistake each wrong reading is, as
// counts per split (never per page: the heldout split is looked at only as totals). A wrong title is
// "too long" when the expected title is inside the one read (a store's suffix, a brand line, a code), "too
// short" when the one read is inside the expected one, "overlapping" when they share at least half the
// expected words, "another text" otherwise; each also by the reader that gave it. A wrong price is
// "higher" or "lower" than the expected one (a list price, a monthly rate, a price per unit), "×10ⁿ" when
// it is the expected amount with the decimal point moved, "another currency", "no price read", "a range"
// where one price is shown (or the reverse). A false product is counted by the reader that gave its title.
import { traceDetection } from '../../utils/detect-product';
import { loadedPageModel, providePageModel } from '../../utils/page-model/api';
import { readMoney } from '../../utils/page-model/money';
import { pageModelFields } from '../../utils/page-model/page-fields';
import type { Price } from '../../utils/product';
import { loadRealPages, storeGroup } from '../fixtures/real-pages/sidecar';
import { normaliseTitle, samePrice, withDocument } from './page-model-eval';

const words = (text: string) => new Set(normaliseTitle(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean));

export function titleMistake(found: string, expected: string): string {
  const [f, e] = [normaliseTitle(found), normaliseTitle(expected)];
  if (f.includes(e)) return 'too long';
  if (e.includes(f)) return 'too short';
  const [fw, ew] = [words(found), words(expected)];
  const shared = [...ew].filter((w) => fw.has(w)).length;
  if (ew.size && shared === ew.size) return 'all words, other order or extra';
  return ew.size && shared * 2 >= ew.size ? 'overlapping' : 'another text';
}

export function priceMistake(found: Price | null, expectedText: string, currency: string): string {
  if (!found) return 'no price read';
  if (found.currency !== currency) return 'another currency';
  const expected = readMoney(expectedText, currency, '', currency);
  if (!expected) return 'expected unreadable';
  if ((found.minMinor !== found.maxMinor) !== (expected.minMinor !== expected.maxMinor)) return found.minMinor !== found.maxMinor ? 'a range read, one shown' : 'one read, a range shown';
  const ratio = found.minMinor / expected.minMinor;
  if ([10, 100, 1000, 0.1, 0.01, 0.001].some((r) => Math.abs(ratio - r) < 1e-9)) return '×10ⁿ';
  return ratio > 1 ? 'higher' : 'lower';
}

// Per kind of mistake, the store groups it happened in: a count of pages and of stores.
type Tally = Map<string, string[]>;
function tally(into: Tally, key: string, group: string) {
  into.set(key, [...(into.get(key) ?? []), group]);
}
const show = (counts: Tally) =>
  [...counts].sort((a, b) => b[1].length - a[1].length).map(([k, groups]) => `${k} ${groups.length} (${new Set(groups).size} stores)`).join(', ') || 'none';

// `--pages`: also each wrong train page, with what was read and what was expected.
const listTrain = process.argv.includes('--pages');
const installed = loadedPageModel();
providePageModel(installed ?? pageModelFields);
for (const split of process.argv.includes('--train-only') ? (['train'] as const) : (['train', 'heldout'] as const)) {
  const titles = new Map<string, string[]>();
  const prices = new Map<string, string[]>();
  const falses = new Map<string, string[]>();
  let missed = 0;
  for (const page of loadRealPages(split)) {
    const { product, sources } = withDocument(page, (document, url) => traceDetection(document, url, { amazon: true, otherSites: true }));
    const expected = page.sidecar.expected;
    const group = storeGroup(page.sidecar.store);
    if (page.sidecar.kind !== 'product' || !expected) {
      if (product) tally(falses, sources.title ?? '?', group);
      continue;
    }
    if (!product) {
      missed += 1;
      continue;
    }
    if (listTrain && split === 'train' && normaliseTitle(product.title) !== normaliseTitle(expected.title)) console.log(`    ${page.name}: title ${JSON.stringify(product.title)} (${sources.title}), expected ${JSON.stringify(expected.title)}`);
    if (listTrain && split === 'train' && expected.price && !samePrice(product.price ?? null, expected.price, expected.currency!)) console.log(`    ${page.name}: price ${JSON.stringify(product.price)} (${sources.price}), expected ${expected.price}`);
    if (normaliseTitle(product.title) !== normaliseTitle(expected.title)) tally(titles, `${titleMistake(product.title, expected.title)} (${sources.title})`, group);
    if (expected.price && expected.currency) {
      if (!samePrice(product.price ?? null, expected.price, expected.currency)) tally(prices, `${priceMistake(product.price ?? null, expected.price, expected.currency)} (${sources.price ?? '-'})`, group);
    }
  }
  console.log(`${split}: not found ${missed}`);
  console.log(`  titles wrong: ${show(titles)}`);
  console.log(`  prices wrong: ${show(prices)}`);
  console.log(`  false products, by the title's reader: ${show(falses)}`);
}
