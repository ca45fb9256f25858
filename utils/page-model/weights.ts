// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 65 pages, 53 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: -3.448,
    h1: 1.464,
    h2or3: -0.64,
    titleName: 0.094,
    docTitleOverlap: 2.712,
    docTitleCovers: 1.6,
    inLink: -0.983,
    inChrome: -0.848,
    early: -0.007,
    lengthOk: 0.002,
    nearCart: 0.104,
    hasMoney: -0.757
  },
  price: {
    bias: -1.75,
    priceName: 0.692,
    saleName: 0.45,
    oldName: -1.366,
    inLink: -1.539,
    inChrome: -0.446,
    nearCart: 0.47,
    nearTitle: 0.952,
    afterTitle: -0.216,
    firstAfterTitle: 2.411,
    perUnitWords: -0.993,
    zero: -0.395,
    hasCents: 0.247
  },
  page: {
    bias: -1.163,
    cart: 2.263,
    cartMany: -1.34,
    quantityInput: 1.334,
    titleScore: 0,
    titleMatchesDoc: 0.54,
    h1Count1: -1.732,
    pricesInLinks: 0,
    priceCount: 0,
    pathHome: -0.384,
    pathListing: -0.881,
    pathProduct: 2.772,
    searchQuery: 0,
    bestPriceScore: 0.271
  }
} as const;
