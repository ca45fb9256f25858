import { z } from 'zod';

/** Stores Haowu reads product pages from. `site` is any store with schema.org product data (opt-in). */
export const Platform = z.enum(['tmall', 'taobao', 'jd', 'weidian', 'pinduoduo', 'amazon', 'site']);
export type Platform = z.infer<typeof Platform>;

/** ISO 4217 code. Amounts are integers in the currency's minor unit (fen, cents) to avoid float drift. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 currency code');

/** One price, or a low–high range (minMinor < maxMinor) when the page shows a range across variants. */
export const Price = z
  .object({
    currency: Currency,
    minMinor: z.number().int().nonnegative(),
    maxMinor: z.number().int().nonnegative(),
  })
  .refine((price) => price.minMinor <= price.maxMinor, 'the low end of a price range must not exceed the high end');
export type Price = z.infer<typeof Price>;

export const HttpsUrl = z.url({ protocol: /^https$/ });

/** What `detectProduct` reads from a product page. Everything here comes from an untrusted page. */
export const DetectedProduct = z.object({
  platform: Platform,
  /** The store's own id (item id, SKU, ASIN; for `site`, the registrable domain plus the page's product id). */
  productId: z.string().min(1).max(200),
  /** `platform:productId`, the key the database and feeds use. */
  key: z.string().min(3).max(220),
  /** The product's URL with tracking parameters removed. */
  canonicalUrl: HttpsUrl,
  title: z.string().min(1).max(500),
  price: Price.nullable(),
  imageUrl: HttpsUrl.nullable(),
  shopName: z.string().min(1).max(200).nullable(),
  /** The store's registrable domain, e.g. `tmall.com`, `jd.hk`, `example-shop.de`. */
  storeDomain: z.string().min(3).max(253),
});
export type DetectedProduct = z.infer<typeof DetectedProduct>;
