// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 222 pages, 159 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
  // title: bias, h1, h2or3, emphasis, docTitleOverlap, docTitleCovers, ogTitleOverlap, inLink, inChrome, early, nearCart, hasMoney, wrapsHeading
  title: [0, 2.61, -0.39, -0.11, 2.77, 2.34, 1.52, -0.98, -0.73, 0.83, 0.27, -0.76, -0.25],
  // price: bias, priceName, saleName, oldName, inLink, inChrome, nearCart, nearTitle, afterTitle, firstAfterTitle, perUnitWords, zero, hasCents, oldWords, pairedHigher, pairedLower, inCards
  price: [0, 2.18, 0.91, -0.87, -1.44, -0.51, 0.19, 0.78, -0.18, 2.48, -0.03, -0.35, 0.21, -0.28, 0, 0, -2.31],
  // page: bias, cart, cartMany, quantityInput, titleScore, titleMatchesDoc, h1Count1, loosePrices, pathHome, pathListing, pathProduct, bestPriceScore, bestPriceInCards, article
  page: [-2.96, 2.11, -1.31, 0.31, 2.01, 1.35, -0.56, -0.48, -1.05, -0.88, 1.38, 2.27, -1.55, -1.35],
  priceFloor: 2.362,
};
