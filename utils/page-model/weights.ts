// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 285 pages, 181 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
  // title: bias, h1, h2or3, docTitleOverlap, docTitleCovers, ogTitleOverlap, inLink, inChrome, early, nearCart, hasMoney
  title: [0, 2.63, -0.43, 2.71, 2.27, 1.54, -0.98, -0.74, 0.81, 0.33, -0.81],
  // price: bias, priceName, saleName, oldName, inLink, inChrome, nearCart, nearTitle, firstAfterTitle, perUnitWords, oldWords, inCards
  price: [0, 2.24, 1.37, -0.67, -1.18, -0.97, 0.21, 0.77, 2.65, -0.28, -0.25, -2.31],
  // page: bias, cart, cartMany, quantityInput, titleScore, titleMatchesDoc, h1Count1, loosePrices, pathHome, pathListing, pathProduct, bestPriceScore, bestPriceInCards, article
  page: [-2.63, 1.89, -1.08, 0.44, 1.7, 0.9, -0.63, -0.42, -1.43, -0.88, 1.41, 2.54, -1.96, -1.47],
  priceFloor: 2.715,
};
