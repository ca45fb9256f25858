// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 78 pages, 61 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: 0,
    h1: 2.019,
    h2or3: -0.271,
    emphasis: 0,
    titleName: 0.051,
    docTitleOverlap: 3.565,
    docTitleCovers: 2.861,
    inLink: -1.257,
    inChrome: -0.987,
    early: 0.793,
    lengthOk: 0.003,
    nearCart: 0.239,
    hasMoney: -0.746,
    wrapsHeading: -0.526
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
    bias: -3.275,
    cart: 2.623,
    cartMany: -1.403,
    quantityInput: 1.507,
    titleScore: 1.052,
    titleMatchesDoc: 0.971,
    h1Count1: -0.447,
    pricesInLinks: 0,
    priceCount: 0,
    loosePrices: -0.595,
    pathHome: -0.496,
    pathListing: -0.89,
    pathProduct: 1.819,
    searchQuery: -0.233,
    bestPriceScore: 1.656
  },
  priceFloor: 2.327
} as const;
