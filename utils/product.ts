// zod/mini: the popup and Haowu's other pages validate with these, and they ship zod/mini only
// (classic zod is larger). The background's classic schemas compose these (z.nullable(Price), …).
// The content script ships no validator: the background checks what it reads (utils/read-product.ts).
import * as z from 'zod/mini';

/** Stores Haowu reads product pages from. `site` is any store with schema.org product data (opt-in). */
export const Platform = z.enum(['tmall', 'taobao', 'jd', 'weidian', 'pinduoduo', 'amazon', 'site']);
export type Platform = z.infer<typeof Platform>;

/** ISO 4217 code. Amounts are integers in the currency's minor unit (fen, cents) to avoid float drift. */
export const Currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 currency code'));

const MinorUnits = z.number().check(z.int(), z.nonnegative());

/** One price, or a low–high range (minMinor < maxMinor) when the page shows a range across variants. */
export const Price = z
  .object({ currency: Currency, minMinor: MinorUnits, maxMinor: MinorUnits })
  .check(z.refine((price) => price.minMinor <= price.maxMinor, 'the low end of a price range must not exceed the high end'));
export type Price = z.infer<typeof Price>;

export const HttpsUrl = z.url({ protocol: /^https$/ });

const Text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** What `detectProduct` reads from a product page. Everything here comes from an untrusted page. */
export const DetectedProduct = z.object({
  platform: Platform,
  /** The store's own id (item id, SKU, ASIN; for `site`, the registrable domain plus the page's product id). */
  productId: Text(1, 200),
  /** `platform:productId`, the key the database and feeds use. */
  key: Text(3, 220),
  /** The product's URL with tracking parameters removed. */
  canonicalUrl: HttpsUrl,
  title: Text(1, 500),
  price: z.nullable(Price),
  imageUrl: z.nullable(HttpsUrl),
  shopName: z.nullable(Text(1, 200)),
  /** The store's registrable domain, e.g. `tmall.com`, `jd.hk`, `example-shop.de`. */
  storeDomain: Text(3, 253),
});
export type DetectedProduct = z.infer<typeof DetectedProduct>;
