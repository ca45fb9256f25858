// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 78 pages, 61 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: 0,
    h1: 2.167,
    h2or3: -0.159,
    emphasis: -0.574,
    titleName: 0.194,
    docTitleOverlap: 3.499,
    docTitleCovers: 2.884,
    inLink: -1.218,
    inChrome: -0.916,
    early: 0.789,
    lengthOk: 0.004,
    nearCart: 0.273,
    hasMoney: -0.761,
    wrapsHeading: -0.506
  },
  price: {
    bias: 0,
    priceName: 1.759,
    saleName: 1.032,
    oldName: -2.038,
    inLink: -2.078,
    inChrome: -1.865,
    nearCart: 0.331,
    nearTitle: 0.937,
    afterTitle: 0.427,
    firstAfterTitle: 3.069,
    perUnitWords: -0.013,
    zero: -0.319,
    hasCents: 0.348,
    oldWords: -0.357,
    saleWords: 0,
    pairedHigher: -1.009,
    pairedLower: 0.666
  },
  page: {
    bias: -3.276,
    cart: 2.62,
    cartMany: -1.405,
    quantityInput: 1.505,
    titleScore: 1.012,
    titleMatchesDoc: 0.988,
    h1Count1: -0.451,
    pricesInLinks: 0,
    priceCount: 0,
    loosePrices: -0.585,
    pathHome: -0.493,
    pathListing: -0.888,
    pathProduct: 1.819,
    searchQuery: -0.222,
    bestPriceScore: 1.653
  },
  priceFloor: 2.327
} as const;
