// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 256 pages, 178 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
  // title: bias, h1, h2or3, docTitleOverlap, docTitleCovers, ogTitleOverlap, inLink, inChrome, early, nearCart, hasMoney, wrapsHeading
  title: [0, 2.64, -0.43, 2.73, 2.28, 1.55, -0.98, -0.75, 0.81, 0.33, -0.74, -0.26],
  // price: bias, priceName, saleName, oldName, inLink, inChrome, nearCart, nearTitle, afterTitle, firstAfterTitle, perUnitWords, zero, oldWords, inCards
  price: [0, 2.28, 1.29, -0.66, -1.17, -0.94, 0.21, 0.76, -0.27, 2.71, -0.29, -0.24, -0.24, -2.29],
  // page: bias, cart, cartMany, quantityInput, titleScore, titleMatchesDoc, h1Count1, loosePrices, pathHome, pathListing, pathProduct, bestPriceScore, bestPriceInCards, article
  page: [-3.15, 1.96, -0.96, 0.47, 1.86, 1.28, -0.49, -0.47, -0.88, -1.02, 1.43, 2.52, -2.05, -1.31],
  priceFloor: 2.391,
};
