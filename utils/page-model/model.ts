import { cleanText } from '../page-text';
import type { Price } from '../product';
import { PAGE_FEATURES, PRICE_FEATURES, readSignals, TITLE_FEATURES, type FeatureVector, type PageSignals, type PriceCandidate, type TitleCandidate } from './features';
import { pickImage } from './image';
import { WEIGHTS } from './weights';

/*
 * The page model: for an opt-in store's page with no structured product data, whether it shows one
 * product, and that product's title, price and picture, read from the page as rendered (README,
 * "When a page has no structured data"). Three linear scores over the features in features.ts: the
 * best title candidate, the best price candidate (struck-through prices never are candidates), and
 * whether the page is one product's page at all (listings, carts, search and home pages are not).
 */

/** A linear score's weights: the bias, then one weight per feature in the order of its *_FEATURES list (a short encoding: the model's script has a size budget). */
export type Weights = readonly number[];

export interface ModelWeights {
  title: Weights;
  price: Weights;
  page: Weights;
  /** The best price candidate is the product's price only when it scores above this (fitted, like the weights). */
  priceFloor: number;
}

/** bias + Σ weight × feature, over the named features. */
export function score<Names extends readonly string[]>(names: Names, weights: Weights, features: FeatureVector<Names>): number {
  let total = weights[0]!;
  names.forEach((name, at) => (total += weights[at + 1]! * features[name as Names[number]]));
  return total;
}

const best = <T>(items: readonly T[], scoreOf: (item: T) => number): { item: T; score: number } | null => {
  let top: { item: T; score: number } | null = null;
  for (const item of items) {
    const value = scoreOf(item);
    if (!top || value > top.score) top = { item, score: value };
  }
  return top;
};

export interface ModelProduct {
  title: string;
  price: Price | null;
  imageUrl: string | null;
}

export type ModelReading = { product: ModelProduct; notProduct?: undefined } | { product: null; notProduct: string };

/** What the model decided, with the chosen candidates (for training and `npm run detect`). */
export interface ModelTrace {
  reading: ModelReading;
  title: TitleCandidate | null;
  price: PriceCandidate | null;
  pageScore: number;
  /** The page offers a way to buy: a buy control or a quantity box. */
  buyable: boolean;
  /** Every price candidate for the chosen title, and the struck-through amounts: what reconciliation checks the structured price against. */
  prices: readonly PriceCandidate[];
  struckPrices: () => Price[];
}

export function tracePageModel(document: Document, url: URL, currency: string, weights: ModelWeights = WEIGHTS): ModelTrace {
  return traceSignals(readSignals(document, url, currency), document, url, weights);
}

/** The model's decision over a page's signals, read once (the trainer's cross-validation reuses them under many weights). */
export function traceSignals(signals: PageSignals | null, document: Document, url: URL, weights: ModelWeights = WEIGHTS): ModelTrace {
  if (!signals) return { reading: { product: null, notProduct: 'the page has no body' }, title: null, price: null, pageScore: -Infinity, buyable: false, prices: [], struckPrices: () => [] };
  const title = best(signals.titles, (candidate) => score(TITLE_FEATURES, weights.title, candidate.features));
  const prices = signals.pricesFor(title?.item.element ?? null);
  const price = best(prices, (candidate) => score(PRICE_FEATURES, weights.price, candidate.features));
  const pageFeatures = signals.pageFeatures(title?.item ?? null, title?.score ?? -5, price?.score ?? -5, price?.item ?? null);
  const pageScore = score(PAGE_FEATURES, weights.page, pageFeatures);
  const buyable = pageFeatures.cart === 1 || pageFeatures.quantityInput === 1;
  const chosen = { title: title?.item ?? null, price: price && price.score > weights.priceFloor ? price.item : null, pageScore, buyable, prices, struckPrices: signals.struckPrices };
  // Listings of many products are refused outright, whatever the score: many prices in product links, and
  // none outside a link that could be this page's own (rare in the training pages, so a rule, not a weight).
  if (signals.pricedCards >= 4 && (!chosen.price || chosen.price.features.inLink === 1)) {
    return { ...chosen, reading: { product: null, notProduct: `the page lists ${signals.pricedCards} priced products` } };
  }
  if (!title || pageScore <= 0) return { ...chosen, reading: { product: null, notProduct: `the page model sees no single product here (score ${pageScore.toFixed(2)})` } };
  const text = cleanText(title.item.text, 500);
  if (!text) return { ...chosen, reading: { product: null, notProduct: 'the page model found no title' } };
  // A picture the page declares for itself (og:image) is left to the OpenGraph reader, which names its source.
  const declaresImage = document.querySelector('meta[property="og:image"], meta[property="og:image:secure_url"]') !== null;
  const imageUrl = declaresImage ? null : pickImage(signals.body, title.item.element, text, url);
  return { ...chosen, reading: { product: { title: text, price: chosen.price?.price ?? null, imageUrl } } };
}

/** The product the page shows, read by the model, or why it sees none. Never throws on a broken page. */
export function readPageModel(document: Document, url: URL, currency: string): ModelReading {
  try {
    return tracePageModel(document, url, currency).reading;
  } catch (error) {
    return { product: null, notProduct: `the page model failed (${error instanceof Error ? error.message : String(error)})` };
  }
}
