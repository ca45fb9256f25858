// `npx tsx tests/tools/train-page-model.ts`: fits the page model's weights (utils/page-model/weights.ts)
// on the real pages of the train split only (tests/fixtures/real-pages). The heldout split is never read here.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PAGE_FEATURES, PRICE_FEATURES, readSignals, TITLE_FEATURES, type FeatureVector } from '../../utils/page-model/features';
import { score, type ModelWeights, type Weights } from '../../utils/page-model/model';
import { WEIGHTS } from '../../utils/page-model/weights';
import { matchStoreUrl } from '../../utils/read-product';
import { registrableDomainOf } from '../../utils/registrable-domain';
import { modelTraces, normaliseTitle, ratesOf, realPages, samePrice, withDocument } from './page-model-eval';

type Example = { x: number[]; y: 0 | 1; weight: number };

/**
 * Logistic regression by gradient descent with an L2 penalty: small data (tens of pages), so the penalty
 * keeps weights modest and the fit stable. Each page's examples weigh 1 in all (a page with 300 price
 * candidates does not outvote one with 3).
 */
function fitLogistic(examples: readonly Example[], names: readonly string[], signs: Partial<Record<string, 1 | -1>>, l2 = 0.005, steps = 4000, rate = 0.5): number[] {
  const features = names.length;
  const w = new Array<number>(features + 1).fill(0);
  const total = examples.reduce((sum, e) => sum + e.weight, 0);
  for (let step = 0; step < steps; step++) {
    const gradient = new Array<number>(features + 1).fill(0);
    for (const { x, y, weight } of examples) {
      const z = w[0]! + x.reduce((sum, value, i) => sum + value * w[i + 1]!, 0);
      const error = (1 / (1 + Math.exp(-z)) - y) * weight;
      gradient[0]! += error;
      x.forEach((value, i) => (gradient[i + 1]! += error * value));
    }
    for (let i = 0; i <= features; i++) w[i]! -= rate * (gradient[i]! / total + (i > 0 ? l2 * w[i]! : 0));
    // What a feature means fixes the sign of its weight (a price in a link never speaks for it): with tens
    // of pages, a feature the training pages happen to show only one way must not learn the opposite.
    names.forEach((name, i) => {
      const sign = signs[name];
      if (sign && Math.sign(w[i + 1]!) === -sign) w[i + 1] = 0;
    });
  }
  return w;
}

type Group = { x: number[][]; right: boolean[] };

/**
 * The title and the price are each one candidate of a page's many: fitted as a ranking (a softmax over each
 * page's candidates, maximising the chance of the right ones), not as independent yes/no examples, so the
 * weights learn what makes the right candidate beat the others on its own page. Every page weighs 1; the
 * bias is meaningless in a ranking and stays 0 (the price floor, fitted after, says when the best is good enough).
 */
function fitRanking(groups: readonly Group[], names: readonly string[], signs: Partial<Record<string, 1 | -1>>, l2 = 0.01, steps = 3000, rate = 0.5): number[] {
  const w = new Array<number>(names.length + 1).fill(0);
  for (let step = 0; step < steps; step++) {
    const gradient = new Array<number>(names.length + 1).fill(0);
    for (const { x, right } of groups) {
      const z = x.map((row) => row.reduce((sum, value, i) => sum + value * w[i + 1]!, 0));
      const top = Math.max(...z);
      const e = z.map((value) => Math.exp(value - top));
      const all = e.reduce((a, b) => a + b, 0);
      const good = e.reduce((a, b, i) => a + (right[i] ? b : 0), 0);
      x.forEach((row, j) => {
        const coefficient = e[j]! / all - (right[j] ? e[j]! / good : 0);
        row.forEach((value, i) => (gradient[i + 1]! += coefficient * value));
      });
    }
    for (let i = 1; i <= names.length; i++) w[i]! -= rate * (gradient[i]! / groups.length + l2 * w[i]!);
    names.forEach((name, i) => {
      const sign = signs[name];
      if (sign && Math.sign(w[i + 1]!) === -sign) w[i + 1] = 0;
    });
  }
  return w;
}

const vector = <Names extends readonly string[]>(names: Names, features: FeatureVector<Names>): number[] => names.map((name) => features[name as Names[number]] as number);
const asWeights = (names: readonly string[], w: number[]): Weights => Object.fromEntries([['bias', round(w[0]!)], ...names.map((name, i) => [name, round(w[i + 1]!)])]) as Weights;
const round = (value: number) => Math.round(value * 1000) / 1000;
const currencyOf = (url: URL) => matchStoreUrl(url, { amazon: true, otherSites: true, domainOf: registrableDomainOf })?.match.currency ?? 'USD';

const pages = realPages('train');
const products = pages.filter((page) => page.sidecar.kind === 'product');

// 1. Titles: which candidate is the expected title.
const titleGroups: Group[] = [];
for (const page of products) {
  withDocument(page, (document, url) => {
    const candidates = readSignals(document, url, currencyOf(url))?.titles ?? [];
    const right = candidates.filter((c) => normaliseTitle(c.text) === normaliseTitle(page.sidecar.expected!.title));
    if (!right.length) return;
    titleGroups.push({ x: candidates.map((c) => vector(TITLE_FEATURES, c.features)), right: candidates.map((c) => right.includes(c)) });
  });
}
const title = asWeights(TITLE_FEATURES, fitRanking(titleGroups, TITLE_FEATURES, { h1: 1, docTitleOverlap: 1, docTitleCovers: 1, titleName: 1, inLink: -1, inChrome: -1, hasMoney: -1, wrapsHeading: -1 }));

/** The title candidate the fitted title weights choose, as the model does. */
const bestTitle = <T extends { features: FeatureVector<typeof TITLE_FEATURES> }>(candidates: readonly T[], weights: Weights): T | null =>
  candidates.reduce<T | null>((top, c) => (!top || score(TITLE_FEATURES, weights, c.features) > score(TITLE_FEATURES, weights, top.features) ? c : top), null);

// 2. Prices, near the title the fitted title weights choose.
const priceGroups: Group[] = [];
for (const page of products) {
  const expected = page.sidecar.expected!;
  if (!expected.price || !expected.currency) continue;
  withDocument(page, (document, url) => {
    const signals = readSignals(document, url, currencyOf(url));
    if (!signals) return;
    const chosen = bestTitle(signals.titles, title);
    const candidates = signals.pricesFor(chosen?.element ?? null);
    const right = candidates.filter((c) => samePrice(c.price, expected.price!, expected.currency!));
    if (!right.length) return;
    priceGroups.push({ x: candidates.map((c) => vector(PRICE_FEATURES, c.features)), right: candidates.map((c) => right.includes(c)) });
  });
}
const price = asWeights(PRICE_FEATURES, fitRanking(priceGroups, PRICE_FEATURES, { priceName: 1, saleName: 1, saleWords: 1, nearCart: 1, nearTitle: 1, firstAfterTitle: 1, oldName: -1, inLink: -1, inChrome: -1, perUnitWords: -1, zero: -1, oldWords: -1, pairedHigher: -1, pairedLower: 1 }));

// 2b. How high the best price's score must be for the page to have that price: the floor that reads the most
// product pages right (the expected price on priced pages, none on the others); of equals, the highest.
const bestPrices: { score: number; right: boolean; priced: boolean }[] = [];
for (const page of products) {
  const expected = page.sidecar.expected!;
  withDocument(page, (document, url) => {
    const signals = readSignals(document, url, currencyOf(url));
    if (!signals) return;
    const chosen = bestTitle(signals.titles, title);
    const top = signals.pricesFor(chosen?.element ?? null).reduce<{ s: number; c: ReturnType<typeof signals.pricesFor>[number] } | null>((best, c) => {
      const s = score(PRICE_FEATURES, price, c.features);
      return !best || s > best.s ? { s, c } : best;
    }, null);
    if (!top) return;
    const priced = Boolean(expected.price && expected.currency);
    bestPrices.push({ score: top.s, priced, right: priced && samePrice(top.c.price, expected.price!, expected.currency!) });
  });
}
const floors = [...new Set(bestPrices.map((b) => round(b.score - 0.001)))].sort((a, b) => b - a);
let priceFloor = 0;
let mostRight = -1;
for (const floor of [0, ...floors]) {
  const right = bestPrices.filter((b) => (b.score > floor ? b.right : !b.priced)).length;
  if (right > mostRight || (right === mostRight && floor > priceFloor)) [priceFloor, mostRight] = [floor, right];
}

// 3. Is it one product's page, with the fitted title and price scores as two of the features.
const pageExamples: Example[] = [];
for (const page of pages) {
  withDocument(page, (document, url) => {
    const signals = readSignals(document, url, currencyOf(url));
    if (!signals) return;
    const titles = signals.titles.map((c) => ({ c, s: score(TITLE_FEATURES, title, c.features) })).sort((a, b) => b.s - a.s);
    const top = titles[0] ?? null;
    const prices = signals.pricesFor(top?.c.element ?? null).map((c) => score(PRICE_FEATURES, price, c.features));
    const features = signals.pageFeatures(top?.c ?? null, top?.s ?? -5, prices.length ? Math.max(...prices) : -5);
    // Both classes weigh the same in all: a product shown on a listing is worse than a product page missed.
    const product = page.sidecar.kind === 'product';
    pageExamples.push({ x: vector(PAGE_FEATURES, features), y: product ? 1 : 0, weight: 1 / (product ? products.length : pages.length - products.length) });
  });
}
const pageWeights = asWeights(PAGE_FEATURES, fitLogistic(pageExamples, PAGE_FEATURES, { cart: 1, quantityInput: 1, titleScore: 1, titleMatchesDoc: 1, pathProduct: 1, bestPriceScore: 1, cartMany: -1, pricesInLinks: -1, priceCount: -1, loosePrices: -1, pathHome: -1, pathListing: -1, searchQuery: -1 }));

const fitted: ModelWeights = { title, price, page: pageWeights, priceFloor };
const file = fileURLToPath(new URL('../../utils/page-model/weights.ts', import.meta.url));
writeFileSync(
  file,
  `// Written by \`npx tsx tests/tools/train-page-model.ts\` from the training pages (tests/fixtures/real-pages,
// split "train": ${pages.length} pages, ${products.length} of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = ${JSON.stringify(fitted, null, 2).replace(/"(\w+)":/g, '$1:')} as const;
`,
);
const before = ratesOf((await modelTraces(pages, WEIGHTS as unknown as ModelWeights)).map((r) => r.outcome));
const after = ratesOf((await modelTraces(pages, fitted)).map((r) => r.outcome));
console.log(`train split, the model alone: before ${JSON.stringify(before)}\nafter ${JSON.stringify(after)}`);
