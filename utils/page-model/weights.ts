// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 222 pages, 159 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
  // title: bias, h1, h2or3, emphasis, docTitleOverlap, docTitleCovers, ogTitleOverlap, inLink, inChrome, early, nearCart, hasMoney, wrapsHeading
  title: [0, 2.61, -0.39, -0.11, 2.77, 2.34, 1.52, -0.98, -0.73, 0.83, 0.27, -0.76, -0.25],
  // price: bias, priceName, saleName, oldName, inLink, inChrome, nearCart, nearTitle, afterTitle, firstAfterTitle, perUnitWords, zero, hasCents, oldWords, pairedHigher, pairedLower, inCards
  price: [0, 2.37, 0.77, -0.9, -1.47, -0.53, 0.18, 0.78, -0.21, 2.42, -0.07, -0.37, 0.16, -0.28, 0, 0, -2.33],
  // page: bias, cart, cartMany, quantityInput, titleScore, titleMatchesDoc, h1Count1, loosePrices, pathHome, pathListing, pathProduct, bestPriceScore, bestPriceInCards, article
  page: [-2.99, 2.11, -1.43, 0.35, 1.99, 1.44, -0.5, -0.61, -1.04, -0.87, 1.34, 2.33, -1.35, -1.35],
  priceFloor: 2.271,
};
