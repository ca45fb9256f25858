import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { putRecommendations } from '../../../utils/db/recommendations';
import type { ProductRecord, RecommendationRecord } from '../../../utils/db/schema';
import type { OwnPick } from '../../../utils/expert/publish-own';
import { resetIndexedDb } from '../db/helpers';

/*
 * The records a publish reads: every own pick with its product, in one transaction. The products are
 * read with one range read when the store holds mostly them, else one request each; the same answer.
 */

const NOW = Date.UTC(2025, 5, 1);
const OWN = 'ed25519:00112233445566778899aabbccddeeff';
const OTHER = 'ed25519:ffeeddccbbaa99887766554433221100';
let db: HaowuDb;
// A fresh module each test: it remembers the last dense range it read (see the repeated reads below).
let readOwnPicks: (db: HaowuDb, expertId: string) => Promise<OwnPick[]>;

beforeEach(async () => {
  resetIndexedDb();
  db = await openHaowuDb();
  vi.resetModules();
  ({ readOwnPicks } = await import('../../../utils/expert/publish-own'));
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

const shape = (picks: OwnPick[]) =>
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

  it('reads the last dense range again beside the chunks, and only keeps it while it covers the picks and is still dense', async () => {
    await store([1, 2, 3, 4, 5, 6, 7, 9].map((n) => product(String(n * 100))), [...own, pick(OTHER, 'x-1', '150')]);
    expect(shape(await readOwnPicks(db, OWN))).toEqual(expected);
    // Publishing again: the products' range read is asked for before the chunks answer, and no count.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const count = vi.spyOn(IDBObjectStore.prototype, 'count');
    expect(shape(await readOwnPicks(db, OWN))).toEqual(expected);
    expect(spy.mock.contexts.map((store) => (store as IDBObjectStore).name)).toEqual(['products', 'pickChunks']);
    expect(count).not.toHaveBeenCalled();
    // A pick of a product outside the range read: that read is not used; the answer is the same as a first read's.
    await store([product('950')], [pick(OWN, 'p-10', '950')]);
    expect(shape(await readOwnPicks(db, OWN))).toContainEqual(['p-10', 'jd:950', 'Shop 950']);
    // Many products added inside the range: it is no longer dense, so the picks' products are read one by one.
    await store(Array.from({ length: 400 }, (_, i) => product(String(101 + i * 2))), []);
    spy.mockClear();
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const again = await readOwnPicks(db, OWN);
    expect(shape(again)).toEqual([...expected, ['p-10', 'jd:950', 'Shop 950']].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(get.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'products')).toHaveLength(10);
    // The read started beside the chunks stopped at its limit: twice the products asked for then, and one.
    const early = spy.mock.calls.find((_, i) => (spy.mock.contexts[i] as IDBObjectStore).name === 'products');
    expect(early?.[1]).toBe(2 * 10 + 1);
  });

  it('reads nothing more for an expert without picks', async () => {
    await store([product('100')], [pick(OTHER, 'x-1', '100')]);
    expect(await readOwnPicks(db, OWN)).toEqual([]);
  });
});
