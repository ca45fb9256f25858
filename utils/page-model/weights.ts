// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 290 pages, 181 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature, the weights in the order of the feature lists in
// utils/page-model/features.ts (named in the comments).
import type { ModelWeights } from './model';

export const WEIGHTS: ModelWeights = {
  // title: bias, h1, h2or3, docTitleOverlap, docTitleCovers, ogTitleOverlap, inLink, inChrome, early, hasMoney
  title: [0, 2.64, -0.43, 2.72, 2.27, 1.54, -0.98, -0.74, 0.81, -0.81],
  // price: bias, priceName, saleName, oldName, inLink, inChrome, nearTitle, firstAfterTitle, perUnitWords, oldWords, inCards
  price: [0, 2.09, 1.3, -0.63, -1.12, -0.93, 0.65, 2.8, -0.27, -0.23, -2.24],
  // page: bias, cart, cartMany, quantityInput, titleScore, titleMatchesDoc, h1Count1, loosePrices, pathHome, pathListing, pathProduct, bestPriceScore, bestPriceInCards, article
  page: [-2.74, 1.95, -1.02, 0.49, 1.69, 0.96, -0.59, -0.42, -1.45, -0.75, 1.46, 2.51, -1.95, -1.43],
  priceFloor: 2.831,
};
