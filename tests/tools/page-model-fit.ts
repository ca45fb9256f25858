import { createHash } from 'node:crypto';
import { detectProduct } from '../../utils/detect-product';
import { loadedPageModel, providePageModel } from '../../utils/page-model/api';
import { PAGE_FEATURES, PRICE_FEATURES, readSignals, TITLE_FEATURES, type FeatureVector, type PageSignals, type PriceCandidate } from '../../utils/page-model/features';
import { score, traceSignals, type ModelWeights, type Weights } from '../../utils/page-model/model';
import { modelOnlyFields } from '../../utils/page-model/page-fields';
import { reconcile, type ReconcileRule } from '../../utils/page-model/reconcile';
import { storeGroup, type RealPage } from '../fixtures/real-pages/sidecar';
import { currencyOfPage, normaliseTitle, outcomeOf, samePrice, withDocument, type Outcome } from './page-model-eval';

/*
 * Fitting the page model's weights, and judging the whole pipeline (structured data, reconciliation, the
 * model) by grouped cross-validation: each fold's sites are read with weights fitted on the other folds
 * only, so a change is judged by how it does on training sites it was not fitted on (README, the page
 * model, "How it was made"). Pages are parsed and their signals read once; fits and readings reuse them.
 */

/** A page parsed once, with the model's signals read once (prices per chosen title kept). */
export interface PreparedPage {
  page: RealPage;
  /** The store's group (sister shops together): what a fold keeps whole. */
  group: string;
  document: Document;
  url: URL;
  signals: PageSignals | null;
}

export function preparePage(page: RealPage): PreparedPage {
  return withDocument(page, (document, url) => {
    const read = readSignals(document, url, currencyOfPage(url));
    const prices = new Map<Element | null, PriceCandidate[]>();
    const signals = read && {
      ...read,
      pricesFor: (title: Element | null) => {
        let found = prices.get(title);
        if (!found) prices.set(title, (found = read.pricesFor(title)));
        return found;
      },
    };
    return { page, group: storeGroup(page.sidecar.store), document, url, signals };
  });
}

/** How strongly each fit pulls weights towards 0 (L2), and how the page score is fitted. */
export interface FitOptions {
  titleL2: number;
  priceL2: number;
  pageL2: number;
  /** Features left out of the fits (their weights stay 0): what the trainer's `--drop` ablates. */
  drop?: ReadonlySet<string>;
}
export const DEFAULT_FIT: FitOptions = { titleL2: 0.01, priceL2: 0.01, pageL2: 0.005 };

type Example = { x: number[]; y: 0 | 1; weight: number };
type Group = { x: number[][]; right: boolean[] };
type Signs = Partial<Record<string, 1 | -1>>;

// What a feature means fixes the sign of its weight (a price in a link never speaks for it): with tens of
// pages, a feature the training pages happen to show only one way must not learn the opposite.
const TITLE_SIGNS: Signs = { h1: 1, docTitleOverlap: 1, docTitleCovers: 1, ogTitleOverlap: 1, inLink: -1, inChrome: -1, hasMoney: -1 };
const PRICE_SIGNS: Signs = { priceName: 1, saleName: 1, nearTitle: 1, firstAfterTitle: 1, oldName: -1, inLink: -1, inChrome: -1, perUnitWords: -1, oldWords: -1, inCards: -1 };
const PAGE_SIGNS: Signs = { cart: 1, quantityInput: 1, titleScore: 1, titleMatchesDoc: 1, pathProduct: 1, bestPriceScore: 1, cartMany: -1, loosePrices: -1, pathHome: -1, pathListing: -1, bestPriceInCards: -1, article: -1 };

const keepSigns = (w: number[], names: readonly string[], signs: Signs) =>
  names.forEach((name, i) => {
    const sign = signs[name];
    if (sign && Math.sign(w[i + 1]!) === -sign) w[i + 1] = 0;
  });

/**
 * Logistic regression by gradient descent with an L2 penalty: small data (tens of pages), so the penalty
 * keeps weights modest and the fit stable. Each class's examples weigh 1 in all.
 */
function fitLogistic(examples: readonly Example[], names: readonly string[], signs: Signs, l2: number, steps = 4000, rate = 0.5): number[] {
  const w = new Array<number>(names.length + 1).fill(0);
  const total = examples.reduce((sum, e) => sum + e.weight, 0);
  for (let step = 0; step < steps; step++) {
    const gradient = new Array<number>(names.length + 1).fill(0);
    for (const { x, y, weight } of examples) {
      let z = w[0]!;
      for (let i = 0; i < x.length; i++) z += x[i]! * w[i + 1]!;
      const error = (1 / (1 + Math.exp(-z)) - y) * weight;
      gradient[0]! += error;
      for (let i = 0; i < x.length; i++) gradient[i + 1]! += error * x[i]!;
    }
    for (let i = 0; i <= names.length; i++) w[i]! -= rate * (gradient[i]! / total + (i > 0 ? l2 * w[i]! : 0));
    keepSigns(w, names, signs);
  }
  return w;
}

/**
 * The title and the price are each one candidate of a page's many: fitted as a ranking (a softmax over each
 * page's candidates, maximising the chance of the right ones), so the weights learn what makes the right
 * candidate beat the others on its own page. Every page weighs 1; the bias is meaningless in a ranking and
 * stays 0 (the price floor, fitted after, says when the best is good enough).
 */
function fitRanking(groups: readonly Group[], names: readonly string[], signs: Signs, l2: number, steps = 3000, rate = 0.5): number[] {
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
        if (coefficient !== 0) row.forEach((value, i) => (gradient[i + 1]! += coefficient * value));
      });
    }
    for (let i = 1; i <= names.length; i++) w[i]! -= rate * (gradient[i]! / groups.length + l2 * w[i]!);
    keepSigns(w, names, signs);
  }
  return w;
}

let dropped: ReadonlySet<string> = new Set();
const vector = <Names extends readonly string[]>(names: Names, features: FeatureVector<Names>): number[] => names.map((name) => (dropped.has(name) ? 0 : (features[name as Names[number]] as number)));
// Two decimals: a score is a sum of a dozen weights, and each digit more costs the model's script bytes.
const asWeights = (w: number[]): Weights => w.map((value) => Math.round(value * 100) / 100);
const round = (value: number) => Math.round(value * 1000) / 1000;

/** The title candidate the title weights choose, as the model does. */
const bestTitle = (signals: PageSignals, weights: Weights) =>
  signals.titles.reduce<{ c: PageSignals['titles'][number]; s: number } | null>((top, c) => {
    const s = score(TITLE_FEATURES, weights, c.features);
    return !top || s > top.s ? { c, s } : top;
  }, null);

/** Fits the model's weights on the given pages (product pages and others). */
export function fitWeights(pages: readonly PreparedPage[], options: FitOptions = DEFAULT_FIT): ModelWeights {
  dropped = options.drop ?? new Set();
  const products = pages.filter((p) => p.page.sidecar.kind === 'product' && p.signals);

  // 1. Titles: which candidate is the expected title.
  const titleGroups: Group[] = [];
  for (const { page, signals } of products) {
    const candidates = signals!.titles;
    const right = candidates.map((c) => normaliseTitle(c.text) === normaliseTitle(page.sidecar.expected!.title));
    if (right.some(Boolean)) titleGroups.push({ x: candidates.map((c) => vector(TITLE_FEATURES, c.features)), right });
  }
  const title = asWeights(fitRanking(titleGroups, TITLE_FEATURES, TITLE_SIGNS, options.titleL2));

  // 2. Prices, near the title the fitted title weights choose.
  const priceGroups: Group[] = [];
  for (const { page, signals } of products) {
    const expected = page.sidecar.expected!;
    if (!expected.price || !expected.currency) continue;
    const candidates = signals!.pricesFor(bestTitle(signals!, title)?.c.element ?? null);
    const right = candidates.map((c) => samePrice(c.price, expected.price!, expected.currency!));
    if (right.some(Boolean)) priceGroups.push({ x: candidates.map((c) => vector(PRICE_FEATURES, c.features)), right });
  }
  const price = asWeights(fitRanking(priceGroups, PRICE_FEATURES, PRICE_SIGNS, options.priceL2));

  // 2b. How high the best price's score must be for the page to have that price: the floor that reads the most
  // product pages right (the expected price on priced pages, none on the others); of equals, the highest.
  const bestPrices: { score: number; right: boolean; priced: boolean }[] = [];
  for (const { page, signals } of products) {
    const expected = page.sidecar.expected!;
    let top: { s: number; c: PriceCandidate } | null = null;
    for (const c of signals!.pricesFor(bestTitle(signals!, title)?.c.element ?? null)) {
      const s = score(PRICE_FEATURES, price, c.features);
      if (!top || s > top.s) top = { s, c };
    }
    if (!top) continue;
    const priced = Boolean(expected.price && expected.currency);
    bestPrices.push({ score: top.s, priced, right: priced && samePrice(top.c.price, expected.price!, expected.currency!) });
  }
  const floors = [...new Set(bestPrices.map((b) => round(b.score - 0.001)))].sort((a, b) => b - a);
  let priceFloor = 0;
  let mostRight = -1;
  for (const floor of [0, ...floors]) {
    const right = bestPrices.filter((b) => (b.score > floor ? b.right : !b.priced)).length;
    if (right > mostRight || (right === mostRight && floor > priceFloor)) [priceFloor, mostRight] = [floor, right];
  }

  // 3. Is it one product's page, with the fitted title and price scores as two of the features.
  const examples: Example[] = [];
  const productCount = pages.filter((p) => p.page.sidecar.kind === 'product').length;
  for (const { page, signals } of pages) {
    if (!signals) continue;
    const top = bestTitle(signals, title);
    let best: { s: number; c: PriceCandidate } | null = null;
    for (const c of signals.pricesFor(top?.c.element ?? null)) {
      const s = score(PRICE_FEATURES, price, c.features);
      if (!best || s > best.s) best = { s, c };
    }
    const features = signals.pageFeatures(top?.c ?? null, top?.s ?? -5, best?.s ?? -5, best?.c ?? null);
    // Both classes weigh the same in all: a product shown on a listing is worse than a product page missed.
    const product = page.sidecar.kind === 'product';
    examples.push({ x: vector(PAGE_FEATURES, features), y: product ? 1 : 0, weight: 1 / (product ? productCount : pages.length - productCount) });
  }
  const pageWeights = asWeights(fitLogistic(examples, PAGE_FEATURES, PAGE_SIGNS, options.pageL2));
  return { title, price, page: pageWeights, priceFloor };
}

/** What the extension detects on a prepared page with these weights, reconciliation rules `off` left out. */
export function pipelineOutcome(prepared: PreparedPage, weights: ModelWeights, off: ReadonlySet<ReconcileRule> = new Set(), combine = reconcile): Outcome {
  const installed = loadedPageModel();
  let trace: ReturnType<typeof traceSignals> | undefined;
  providePageModel((document, url, match, structured) => {
    trace ??= traceSignals(prepared.signals, prepared.document, prepared.url, weights);
    return structured ? combine(structured, trace, off) : modelOnlyFields(trace, match);
  });
  try {
    return outcomeOf(prepared.page, detectProduct(prepared.document, prepared.url, { amazon: true, otherSites: true }));
  } finally {
    providePageModel(installed);
  }
}

/** What the model alone reads on a prepared page with these weights, whatever structured data it has. */
export function modelOutcome(prepared: PreparedPage, weights: ModelWeights): { outcome: Outcome; trace: ReturnType<typeof traceSignals> } {
  const trace = traceSignals(prepared.signals, prepared.document, prepared.url, weights);
  return { outcome: outcomeOf(prepared.page, trace.reading.product), trace };
}

/**
 * Folds that keep each store group whole: groups in the order of a fixed hash of their name, each put in
 * the fold with the fewest pages so far (so folds are about equal in pages, and adding pages moves few groups).
 */
export function groupedFolds(pages: readonly PreparedPage[], count: number): PreparedPage[][] {
  const byGroup = new Map<string, PreparedPage[]>();
  for (const page of pages) byGroup.set(page.group, [...(byGroup.get(page.group) ?? []), page]);
  const hash = (group: string) => createHash('sha256').update(`haowu-issue-18-cv-v1:${group}`).digest('hex');
  const folds: PreparedPage[][] = Array.from({ length: count }, () => []);
  for (const group of [...byGroup.keys()].sort((a, b) => (hash(a) < hash(b) ? -1 : 1))) {
    const smallest = folds.reduce((min, fold) => (fold.length < min.length ? fold : min));
    smallest.push(...byGroup.get(group)!);
  }
  return folds;
}

/** Per fold: the weights fitted on every other fold. */
export function crossValidatedWeights(folds: readonly PreparedPage[][], options: FitOptions = DEFAULT_FIT): ModelWeights[] {
  return folds.map((_, at) => fitWeights(folds.flatMap((fold, other) => (other === at ? [] : fold)), options));
}
