// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 190 pages, 153 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: 0,
    h1: 2.598,
    h2or3: -0.369,
    emphasis: -0.111,
    docTitleOverlap: 2.774,
    docTitleCovers: 2.299,
    ogTitleOverlap: 1.513,
    inLink: -0.999,
    inChrome: -0.748,
    early: 0.789,
    lengthOk: 0.02,
    nearCart: 0.27,
    hasMoney: -0.785,
    wrapsHeading: -0.259
  },
  price: {
    bias: 0,
    priceName: 2.192,
    saleName: 0.892,
    oldName: -0.895,
    inLink: -1.378,
    inChrome: -0.768,
    nearCart: 0.269,
    nearTitle: 0.734,
    afterTitle: -0.203,
    firstAfterTitle: 2.545,
    perUnitWords: -0.002,
    zero: -0.337,
    hasCents: 0.196,
    oldWords: -0.274,
    saleWords: 0.027,
    pairedHigher: 0,
    pairedLower: 0,
    inCards: -2.218
  },
  page: {
    bias: -3.074,
    cart: 1.84,
    cartMany: -1.463,
    quantityInput: 0.49,
    titleScore: 2.474,
    titleMatchesDoc: 1.098,
    h1Count1: -0.424,
    loosePrices: -0.835,
    pathHome: -1.288,
    pathListing: -1.173,
    pathProduct: 1.412,
    bestPriceScore: 1.726,
    bestPriceInCards: -1.294
  },
  priceFloor: 2.413
} as const;
