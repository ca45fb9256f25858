// Written by `npx tsx tests/tools/train-page-model.ts` from the training pages (tests/fixtures/real-pages,
// split "train": 78 pages, 61 of them product pages); edit by retraining, not by hand.
// Each score is bias + the sum of weight × feature (utils/page-model/features.ts).
export const WEIGHTS = {
  title: {
    bias: -3.626,
    h1: 1.346,
    h2or3: -0.607,
    titleName: 0.213,
    docTitleOverlap: 2.797,
    docTitleCovers: 1.647,
    inLink: -0.982,
    inChrome: -0.806,
    early: 0.038,
    lengthOk: -0.023,
    nearCart: 0.113,
    hasMoney: -0.698
  },
  price: {
    bias: -1.804,
    priceName: 0.975,
    saleName: 0.296,
    oldName: -0.911,
    inLink: -1.276,
    inChrome: -0.679,
    nearCart: 0.571,
    nearTitle: 0.886,
    afterTitle: -0.294,
    firstAfterTitle: 2.477,
    perUnitWords: -0.944,
    zero: -0.405,
    hasCents: 0.323,
    oldWords: -0.65,
    pairedHigher: -1.217,
    pairedLower: 0.007
  },
  page: {
    bias: -1.116,
    cart: 2.048,
    cartMany: -1.439,
    quantityInput: 1.277,
    titleScore: 0,
    titleMatchesDoc: 0.332,
    h1Count1: -0.985,
    pricesInLinks: 0,
    priceCount: 0,
    pathHome: -0.384,
    pathListing: -1.142,
    pathProduct: 2.096,
    searchQuery: -0.589,
    bestPriceScore: 0.355
  }
} as const;
