import type { IDBPTransaction, StoreNames } from 'idb';
import { minorDigits } from '../currency-digits';
import type { Price } from '../product';
import type { UpgradeSchema } from './schema';

/*
 * Prices stored before currency digits had one source (utils/currency-digits.ts) were parsed with a
 * shorter table in which every currency not listed had two digits. For 23 currencies written without
 * decimals (IDR, HUF, COP, PKR, …) those records hold hundredths, and for IQD thousandths: 100× and
 * 1000× what they mean now. The old parser multiplied by exactly that power of ten, so dividing by it
 * gives the amount the page showed. Every other currency is unchanged.
 *
 * Records this applies to: products (lastPrice, priceHistory), recommendations (snapshot price) and
 * purchases (unitPrice), once when the database is upgraded to version 4 (utils/db/open.ts) and when a
 * backup of format 1 is imported (utils/db/backup.ts). A recommendation from a feed is stored again from
 * the feed at each refresh: a feed signed by an older Haowu still carries the old units until its
 * expert publishes again.
 */

/** The digits of the old parser table (utils/price.ts until this change). Frozen: never edit. */
const OLD_DIGITS: Readonly<Record<string, number>> = {
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3, IQD: 3, LYD: 3,
};

/** What one old minor unit is worth in today's minor units: 1 for most currencies, 1/100 for IDR. */
const oldToNew = (currency: string): number => 10 ** (minorDigits(currency) - (OLD_DIGITS[currency] ?? 2));

/** A price stored with the old table, in today's minor units (the same object when nothing changes). */
export function priceInCurrentDigits<P extends Price | null>(price: P): P {
  if (price === null) return price;
  const factor = oldToNew(price.currency);
  if (factor === 1) return price;
  return { ...price, minMinor: Math.round(price.minMinor * factor), maxMinor: Math.round(price.maxMinor * factor) };
}

/** The currencies whose stored prices change (for tests and the README). */
export const CURRENCIES_WITH_NEW_DIGITS = (codes: readonly string[]): string[] => codes.filter((code) => oldToNew(code) !== 1);

type PriceStores = 'products' | 'recommendations' | 'purchases';
const PRICE_STORES: readonly PriceStores[] = ['products', 'recommendations', 'purchases'];

type RecordOf<S extends StoreNames<UpgradeSchema>> = UpgradeSchema[S]['value'];

/** A record of `store` with its prices in today's minor units: the same object when nothing changes. */
export function withCurrentPriceDigits<S extends StoreNames<UpgradeSchema>>(store: S, record: RecordOf<S>): RecordOf<S> {
  if (store === 'products') {
    const product = record as RecordOf<'products'>;
    const lastPrice = priceInCurrentDigits(product.lastPrice);
    const priceHistory = product.priceHistory.map((point) => {
      const price = priceInCurrentDigits(point.price);
      return price === point.price ? point : { ...point, price };
    });
    const same = lastPrice === product.lastPrice && priceHistory.every((point, i) => point === product.priceHistory[i]);
    return (same ? product : { ...product, lastPrice, priceHistory }) as RecordOf<S>;
  }
  if (store === 'recommendations') {
    const pick = record as RecordOf<'recommendations'>;
    const price = priceInCurrentDigits(pick.snapshot.price);
    return (price === pick.snapshot.price ? pick : { ...pick, snapshot: { ...pick.snapshot, price } }) as RecordOf<S>;
  }
  if (store === 'purchases') {
    const purchase = record as RecordOf<'purchases'>;
    const unitPrice = priceInCurrentDigits(purchase.unitPrice);
    return (unitPrice === purchase.unitPrice ? purchase : { ...purchase, unitPrice }) as RecordOf<S>;
  }
  return record;
}

/**
 * Rewrites every stored price into today's minor units, in `tx` (the database upgrade to version 4, or
 * a readwrite transaction over the three stores). Run it once per database: it cannot tell converted
 * from old. Returns how many records changed.
 */
export async function convertStoredPrices<Stores extends StoreNames<UpgradeSchema>>(
  tx: IDBPTransaction<UpgradeSchema, (Stores | PriceStores)[], 'readwrite' | 'versionchange'>,
): Promise<number> {
  let changed = 0;
  for (const name of PRICE_STORES) {
    for (let cursor = await tx.objectStore(name).openCursor(); cursor; cursor = await cursor.continue()) {
      const record = withCurrentPriceDigits(name, cursor.value);
      if (record !== cursor.value) {
        await cursor.update(record);
        changed++;
      }
    }
  }
  return changed;
}
