import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportBackup, importBackup } from '../../../utils/db/backup';
import { openDB } from 'idb';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { getRecommendation } from '../../../utils/db/recommendations';
import { recordProductSeen } from '../../../utils/db/products';
import { CURRENCIES_WITH_NEW_DIGITS, convertStoredPrices, priceInCurrentDigits } from '../../../utils/db/price-digits';
import type { PurchaseRecord, UpgradeSchema } from '../../../utils/db/schema';
import { formatPrice } from '../../../utils/format-price';
import { detected, freshDb, resetIndexedDb } from './helpers';
import { RELEASED_VERSIONS, createLegacyDatabase } from './legacy';
import { recommendation } from './records';

const price = (currency: string, minor: number) => ({ currency, minMinor: minor, maxMinor: minor });

describe('prices stored with the old digits table', () => {
  it('changes for the currencies written without decimals that the old table gave two (or IQD three), and no other', () => {
    expect(CURRENCIES_WITH_NEW_DIGITS(Intl.supportedValuesOf('currency'))).toEqual([
      'AFN', 'ALL', 'BIF', 'COP', 'DJF', 'GNF', 'HUF', 'IDR', 'IQD', 'IRR', 'KMF', 'KPW', 'LAK', 'LBP', 'MGA', 'MMK', 'PKR', 'RWF', 'SLL', 'SOS', 'SYP', 'VUV', 'XPF', 'YER',
    ]);
  });

  it.each([
    [price('IDR', 1_500_000), price('IDR', 15_000)], // Rp 15.000, parsed as 15000.00
    [price('HUF', 1_299_000), price('HUF', 12_990)],
    [price('IQD', 25_000_000), price('IQD', 25_000)], // three digits before
    [{ currency: 'IDR', minMinor: 1_500_000, maxMinor: 1_750_000 }, { currency: 'IDR', minMinor: 15_000, maxMinor: 17_500 }],
  ])('%o becomes %o', (old, now) => expect(priceInCurrentDigits(old)).toEqual(now));

  it('leaves every other price as it is', () => {
    for (const same of [price('CNY', 19_900), price('JPY', 1500), price('KWD', 12_500), price('USD', 999), null]) expect(priceInCurrentDigits(same)).toBe(same);
  });

  it('rewrites products, picks and purchases in one transaction, so what is shown is what the page said', async () => {
    // The layout version 4's step ran on: one record per pick (version 5 moves them into chunks after).
    resetIndexedDb();
    await createLegacyDatabase('haowu-v4', RELEASED_VERSIONS.find((release) => release.version === 4)!, { products: [] });
    const legacy = await openDB<UpgradeSchema>('haowu-v4', 4);
    const db = legacy as unknown as HaowuDb;
    const site = { platform: 'site', productId: 'toko.co.id/K-1', key: 'site:toko.co.id/K-1', canonicalUrl: 'https://toko.co.id/k-1', storeDomain: 'toko.co.id' } as const;
    await recordProductSeen(db, detected({ ...site, price: price('IDR', 1_600_000) }), 1000);
    await recordProductSeen(db, detected({ ...site, price: price('IDR', 1_500_000) }), 2000);
    await recordProductSeen(db, detected(), 3000); // CNY: unchanged
    await legacy.put('recommendations', recommendation({ productKey: site.key, snapshot: { title: 'Ketel', imageUrl: null, price: price('IDR', 1_500_000) } }));
    const purchase: PurchaseRecord = {
      id: JSON.stringify([4000, site.key, '']),
      productKey: site.key,
      variant: '',
      store: 'toko.co.id',
      quantity: 1,
      title: 'Ketel',
      unitPrice: price('IDR', 1_500_000),
      viaRecommendationId: null,
      viaExpertId: null,
      boughtAt: 4000,
      updatedAt: 4000,
    };
    await db.put('purchases', purchase);
    const before = await db.get('products', 'tmall:600001');

    const tx = legacy.transaction(['products', 'recommendations', 'purchases'], 'readwrite');
    expect(await convertStoredPrices(tx)).toBe(3);
    await tx.done;

    const product = (await db.get('products', site.key))!;
    expect(product.lastPrice).toEqual(price('IDR', 15_000));
    expect(product.priceHistory.map((point) => point.price)).toEqual([price('IDR', 16_000), price('IDR', 15_000)]);
    expect(formatPrice(product.lastPrice!, 'en').replace(/\u00a0/g, ' ')).toBe('IDR 15,000');
    expect((await legacy.get('recommendations', 'rec-1'))!.snapshot.price).toEqual(price('IDR', 15_000));
    expect((await db.get('purchases', purchase.id))!.unitPrice).toEqual(price('IDR', 15_000));
    expect(await db.get('products', 'tmall:600001')).toEqual(before);
  });
});

describe('prices stored before are converted once', () => {
  /** The version 3 fixture, with its first product and pick priced in rupiah as the old parser stored them. */
  function v3WithRupiah() {
    const fixture = JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/db/v3.json'), 'utf8')) as { stores: Record<string, Record<string, unknown>[]> };
    const [product, ...products] = fixture.stores.products!;
    const [pick, ...picks] = fixture.stores.recommendations!;
    const old = { currency: 'IDR', minMinor: 1_500_000, maxMinor: 1_500_000 };
    return {
      ...fixture.stores,
      products: [{ ...product, lastPrice: old, priceHistory: [{ at: 1, price: old }] }, ...products],
      recommendations: [{ ...pick, snapshot: { ...(pick!.snapshot as object), price: old } }, ...picks],
    };
  }

  it('when a version 3 database is upgraded', async () => {
    resetIndexedDb();
    const stores = v3WithRupiah();
    await createLegacyDatabase('haowu', RELEASED_VERSIONS.find((release) => release.version === 3)!, stores);
    const db = await openHaowuDb();
    const product = (await db.get('products', stores.products[0]!.key as string))!;
    expect(product.lastPrice).toEqual(price('IDR', 15_000));
    expect(product.priceHistory[0]!.price).toEqual(price('IDR', 15_000));
    expect((await getRecommendation(db, stores.recommendations[0]!.id as string))!.snapshot.price).toEqual(price('IDR', 15_000));
    // The other records are as they were (CNY).
    expect((await db.get('products', stores.products[1]!.key as string))!.lastPrice).toEqual(stores.products[1]!.lastPrice);
    db.close();
  });

  it('when a backup of format 1 is imported, and not when one of today’s is', async () => {
    const db = await freshDb();
    const site = { platform: 'site', productId: 'toko.co.id/K-1', key: 'site:toko.co.id/K-1', canonicalUrl: 'https://toko.co.id/k-1', storeDomain: 'toko.co.id' } as const;
    await recordProductSeen(db, detected({ ...site, price: price('IDR', 15_000) }), 1000);
    const today = JSON.parse(JSON.stringify(await exportBackup(db, 2000, async () => ({}) as never))) as { version: number; products: { lastPrice: unknown; priceHistory: { price: unknown }[] }[] };
    const other = await freshDb();
    await importBackup(other, JSON.stringify(today));
    expect((await other.get('products', site.key))!.lastPrice).toEqual(price('IDR', 15_000));

    const formatOne = { ...today, version: 1, products: today.products.map((p) => ({ ...p, lastPrice: price('IDR', 1_500_000), priceHistory: p.priceHistory.map((point) => ({ ...point, price: price('IDR', 1_500_000) })) })) };
    delete (formatOne as Record<string, unknown>).schema;
    delete (formatOne as Record<string, unknown>).collections;
    delete (formatOne as Record<string, unknown>).settings;
    const third = await freshDb();
    await importBackup(third, JSON.stringify(formatOne));
    const product = (await third.get('products', site.key))!;
    expect(product.lastPrice).toEqual(price('IDR', 15_000));
    expect(product.priceHistory.map((point) => point.price)).toEqual([price('IDR', 15_000)]);
  });
});
