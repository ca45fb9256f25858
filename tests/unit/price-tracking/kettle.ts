import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectedProduct, Price } from '../../../utils/product';

/*
 * The product the price-tracking tests check (unit and e2e, Chromium and Firefox): a kettle on another
 * store, whose served page states its price in schema.org JSON-LD (tests/fixtures/pages/hand-site-json-ld.html).
 */

export const KETTLE_HOST = 'www.example-shop.de';
export const KETTLE_PATH = '/produkte/wasserkocher-blau?color=blau';
export const KETTLE_URL = `https://${KETTLE_HOST}${KETTLE_PATH}`;
export const KETTLE_KEY = 'site:example-shop.de/WK-17-BL';

const PAGE = readFileSync(join(__dirname, '../../fixtures/pages/hand-site-json-ld.html'), 'utf8');
/** The kettle's page stating `price` (as written in its JSON-LD, e.g. "44.90"), or no price (null). */
export const kettlePage = (price: string | null): string => (price === null ? PAGE.replace('"price":"49.90",', '') : PAGE.replace('"price":"49.90"', `"price":"${price}"`));

export const eur = (minor: number): Price => ({ currency: 'EUR', minMinor: minor, maxMinor: minor });

export const kettle: DetectedProduct = {
  platform: 'site',
  productId: 'example-shop.de/WK-17-BL',
  key: KETTLE_KEY,
  canonicalUrl: KETTLE_URL,
  title: 'Wasserkocher Blau 1,7 l',
  price: eur(4990),
  imageUrl: null,
  shopName: null,
  storeDomain: 'example-shop.de',
};

/** The kettle seen at 49.90 at `at` and saved then with an alert on any drop: the e2e tests' database. */
export const savedKettleRecords = (at: number) => ({
  products: [
    {
      key: KETTLE_KEY,
      platform: 'site' as const,
      productId: kettle.productId,
      canonicalUrl: KETTLE_URL,
      title: kettle.title,
      imageUrl: null,
      shopName: null,
      storeDomain: kettle.storeDomain,
      lastPrice: eur(4990),
      priceHistory: [{ at, price: eur(4990), source: 'visit' as const }],
      firstSeenAt: at,
      lastSeenAt: at,
      updatedAt: at,
    },
  ],
  saved: [{ productKey: KETTLE_KEY, savedAt: at, note: '', viaExpertId: null, priceAlert: { kind: 'any' as const }, updatedAt: at }],
});
