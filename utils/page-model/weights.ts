// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 155 pages, 130 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: 0,
    h1: 2.659,
    h2or3: -0.308,
    emphasis: 0,
    titleName: 0,
    docTitleOverlap: 3.202,
    docTitleCovers: 2.678,
    inLink: -1.111,
    inChrome: -0.8,
    early: 0.743,
    lengthOk: 0.025,
    nearCart: 0.331,
    hasMoney: -0.945,
    wrapsHeading: -0.335
  },
  price: {
    bias: 0,
    priceName: 1.811,
    saleName: 0.761,
    oldName: -1.538,
    inLink: -2.225,
    inChrome: -1.257,
    nearCart: 0.371,
    nearTitle: 1.212,
    afterTitle: 0.43,
    firstAfterTitle: 2.876,
    perUnitWords: 0,
    zero: -0.272,
    hasCents: 0.433,
    oldWords: -0.233,
    saleWords: 0.003,
    pairedHigher: -0.642,
    pairedLower: 0
  },
  page: {
    bias: -3.313,
    cart: 2.33,
    cartMany: -1.788,
    quantityInput: 1.013,
    titleScore: 1.851,
    titleMatchesDoc: 1.43,
    h1Count1: -0.205,
    pricesInLinks: 0,
    priceCount: 0,
    loosePrices: -1.52,
    pathHome: -1.274,
    pathListing: -0.868,
    pathProduct: 1.417,
    searchQuery: -0.33,
    bestPriceScore: 1.796
  },
  priceFloor: 2.52
} as const;
