import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { putRecommendations } from '../../../utils/db/recommendations';
import type { ProductRecord, RecommendationRecord } from '../../../utils/db/schema';
import { readOwnPicks } from '../../../utils/expert/publish-own';
import { resetIndexedDb } from '../db/helpers';

/*
 * The records a publish reads: every own pick with its product, in one transaction. The products are
 * read with one range read when the store holds mostly them, else one request each; the same answer.
 */

const NOW = Date.UTC(2025, 5, 1);
const OWN = 'ed25519:00112233445566778899aabbccddeeff';
const OTHER = 'ed25519:ffeeddccbbaa99887766554433221100';
let db: HaowuDb;

beforeEach(async () => {
  resetIndexedDb();
  db = await openHaowuDb();
});

const product = (id: string): ProductRecord => ({
  key: `jd:${id}`,
  platform: 'jd',
  productId: id,
  canonicalUrl: `https://item.jd.com/${id}.html`,
  title: `Product ${id}`,
  imageUrl: null,
  shopName: `Shop ${id}`,
  storeDomain: 'jd.com',
  lastPrice: null,
  priceHistory: [],
  firstSeenAt: NOW,
  lastSeenAt: NOW,
  updatedAt: NOW,
});

const pick = (expertId: string, id: string, productId: string): RecommendationRecord => ({
  id,
  expertId,
  productKey: `jd:${productId}`,
  snapshot: { title: `Product ${productId}`, imageUrl: null, price: null },
  reason: 'Good value, and it lasts.',
  rating: 4,
  stockNote: null,
  tags: [],
  partnerLink: 'https://u.jd.com/abc',
  createdAt: NOW,
  updatedAt: NOW,
  expiresAt: null,
  deleted: false,
});

async function store(products: ProductRecord[], picks: RecommendationRecord[]) {
  const tx = db.transaction('products', 'readwrite');
  await Promise.all([...products.map((p) => tx.store.put(p)), tx.done]);
  await putRecommendations(db, picks);
}

const shape = (picks: Awaited<ReturnType<typeof readOwnPicks>>) =>
  picks.map(({ recommendation, product }) => [recommendation.id, product?.key ?? null, product?.shopName ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('readOwnPicks', () => {
  // Own picks for 100, 200 … 900 (800 has no product stored), and a tombstone.
  const own = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => pick(OWN, `p-${n}`, String(n * 100)));
  own.push({ ...pick(OWN, 'p-gone', '300'), deleted: true });
  const expected = [
    ...[1, 2, 3, 4, 5, 6, 7, 9].map((n) => [`p-${n}`, `jd:${n * 100}`, `Shop ${n * 100}`]),
    ['p-8', null, null],
    ['p-gone', 'jd:300', 'Shop 300'],
  ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('reads the products in one range read when the store holds mostly them', async () => {
    await store([1, 2, 3, 4, 5, 6, 7, 9].map((n) => product(String(n * 100))), [...own, pick(OTHER, 'x-1', '150')]);
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    expect(shape(await readOwnPicks(db, OWN))).toEqual(expected);
    expect(get).not.toHaveBeenCalled();
    expect(getAll.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'products')).toHaveLength(1);
  });

  it('reads them one by one when many other products lie between, with the same answer', async () => {
    // 400 other products (other experts' picks, visits) between the expert's first and last.
    const others = Array.from({ length: 400 }, (_, i) => product(String(101 + i * 2)));
    await store([...[1, 2, 3, 4, 5, 6, 7, 9].map((n) => product(String(n * 100))), ...others], own);
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    expect(shape(await readOwnPicks(db, OWN))).toEqual(expected);
    expect(getAll.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'products')).toHaveLength(0);
  });

  it('reads nothing more for an expert without picks', async () => {
    await store([product('100')], [pick(OTHER, 'x-1', '100')]);
    expect(await readOwnPicks(db, OWN)).toEqual([]);
  });
});
