import { beforeEach, describe, expect, it } from 'vitest';
import type { HaowuDb } from '../../../utils/db/open';
import { getProduct, recordProductSeen } from '../../../utils/db/products';
import { MAX_PRICE_HISTORY, ProductRecord } from '../../../utils/db/schema';
import { detected, freshDb } from './helpers';

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

const price = (minor: number) => ({ currency: 'CNY', minMinor: minor, maxMinor: minor });

describe('recordProductSeen', () => {
  it('stores a new product with one price point and first/last seen times', async () => {
    await recordProductSeen(db, detected(), 1000);
    const stored = await getProduct(db, 'tmall:600001');
    expect(ProductRecord.parse(stored)).toEqual(stored);
    expect(stored).toMatchObject({
      title: 'Linen shirt',
      lastPrice: price(19900),
      priceHistory: [{ at: 1000, price: price(19900) }],
      firstSeenAt: 1000,
      lastSeenAt: 1000,
    });
  });

  it('adds a price point only when the price changes', async () => {
    await recordProductSeen(db, detected(), 1000);
    await recordProductSeen(db, detected(), 2000);
    await recordProductSeen(db, detected({ price: price(17900) }), 3000);
    await recordProductSeen(db, detected({ price: null }), 4000);
    const stored = await getProduct(db, 'tmall:600001');
    expect(stored?.priceHistory).toEqual([
      { at: 1000, price: price(19900), source: 'visit' },
      { at: 3000, price: price(17900), source: 'visit' },
      { at: 4000, price: null, source: 'visit' },
    ]);
    expect(stored).toMatchObject({ firstSeenAt: 1000, lastSeenAt: 4000, lastPrice: null });
  });

  it('keeps the price history bounded, dropping the oldest points', async () => {
    for (let i = 0; i < MAX_PRICE_HISTORY + 5; i++) await recordProductSeen(db, detected({ price: price(1000 + i) }), i);
    const history = (await getProduct(db, 'tmall:600001'))!.priceHistory;
    expect(history).toHaveLength(MAX_PRICE_HISTORY);
    expect(history[0]!.at).toBe(5);
    expect(history.at(-1)!.price).toEqual(price(1000 + MAX_PRICE_HISTORY + 4));
  });

  it('keeps a known image and shop when a later visit could not read them', async () => {
    await recordProductSeen(db, detected(), 1000);
    await recordProductSeen(db, detected({ imageUrl: null, shopName: null, title: 'Linen shirt, new' }), 2000);
    expect(await getProduct(db, 'tmall:600001')).toMatchObject({
      imageUrl: 'https://img.alicdn.com/shirt.jpg',
      shopName: 'Linen House',
      title: 'Linen shirt, new',
    });
  });

  it('loses no price point when two tabs record the same product at once', async () => {
    await Promise.all([10, 20, 30, 40].map((minor, i) => recordProductSeen(db, detected({ price: price(minor) }), 1000 + i)));
    const stored = await getProduct(db, 'tmall:600001');
    expect(stored?.priceHistory.map((p) => p.price?.minMinor)).toEqual([10, 20, 30, 40]);
  });
});
