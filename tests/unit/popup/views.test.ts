import { describe, expect, it } from 'vitest';
import type { CartRecord, ProductRecord } from '../../../utils/db/schema';
import { groupCartByStore, type CartEntry } from '../../../utils/popup/cart-view';
import { changeSinceSaved, priceWhenSaved, querySaved, type SavedEntry } from '../../../utils/popup/saved-view';
import { product } from './fixtures';

const cny = (minMinor: number, maxMinor = minMinor) => ({ currency: 'CNY', minMinor, maxMinor });

function saved(key: string, savedAt: number, productOverrides: Partial<ProductRecord> = {}): SavedEntry {
  return { saved: { productKey: key, savedAt, note: '', viaExpertId: null, updatedAt: savedAt }, product: product(key, productOverrides), expert: null };
}

describe('saved items', () => {
  const history = [
    { at: 10, price: cny(10000) },
    { at: 20, price: cny(9000) },
    { at: 30, price: cny(8000) },
  ];

  it('reads the price when saved from the history, and the change since', () => {
    const entry = saved('jd:1', 25, { priceHistory: history, lastPrice: cny(8000) });
    expect(priceWhenSaved(entry)).toEqual(cny(9000));
    expect(changeSinceSaved(entry)).toEqual({ direction: 'down', percent: 11 });
    expect(priceWhenSaved(saved('jd:2', 5, { priceHistory: history }))).toEqual(cny(10000));
  });

  const entries = [
    saved('tmall:1', 300, { title: 'Apple iPhone 11', shopName: '苏宁易购官方旗舰店', lastPrice: cny(549900) }),
    saved('jd:2', 200, { title: '华为 畅享6', lastPrice: cny(69900), priceHistory: [{ at: 100, price: cny(99900) }] }),
    saved('taobao:3', 100, { title: 'Keyboard case', lastPrice: null }),
    saved('site:shop.example:4', 400, { platform: 'site', storeDomain: 'shop.example', title: 'Tea pot', lastPrice: cny(12000) }),
  ];
  const keys = (list: SavedEntry[]) => list.map((entry) => entry.saved.productKey);

  it('searches title and shop, every word, ignoring case', () => {
    expect(keys(querySaved(entries, { text: 'iphone', store: '', sort: 'newest' }))).toEqual(['tmall:1']);
    expect(keys(querySaved(entries, { text: '苏宁', store: '', sort: 'newest' }))).toEqual(['tmall:1']);
    expect(keys(querySaved(entries, { text: 'apple 11', store: '', sort: 'newest' }))).toEqual(['tmall:1']);
    expect(keys(querySaved(entries, { text: 'apple 12', store: '', sort: 'newest' }))).toEqual([]);
  });

  it('searches the notes the user wrote too (issue 16: search ignored them)', () => {
    const noted = [...entries.slice(1), { ...entries[0]!, saved: { ...entries[0]!.saved, note: 'Gift for Mum, the black one' } }];
    expect(keys(querySaved(noted, { text: 'mum black', store: '', sort: 'newest' }))).toEqual(['tmall:1']);
  });

  it('filters by store, with other stores named by domain', () => {
    expect(keys(querySaved(entries, { text: '', store: 'jd', sort: 'newest' }))).toEqual(['jd:2']);
    expect(keys(querySaved(entries, { text: '', store: 'shop.example', sort: 'newest' }))).toEqual(['site:shop.example:4']);
  });

  it('sorts by newest, price both ways (unknown last) and biggest drop', () => {
    expect(keys(querySaved(entries, { text: '', store: '', sort: 'newest' }))).toEqual(['site:shop.example:4', 'tmall:1', 'jd:2', 'taobao:3']);
    expect(keys(querySaved(entries, { text: '', store: '', sort: 'price-low' }))).toEqual(['site:shop.example:4', 'jd:2', 'tmall:1', 'taobao:3']);
    expect(keys(querySaved(entries, { text: '', store: '', sort: 'price-high' }))).toEqual(['tmall:1', 'jd:2', 'site:shop.example:4', 'taobao:3']);
    expect(keys(querySaved(entries, { text: '', store: '', sort: 'biggest-drop' }))[0]).toBe('jd:2');
  });
});

describe('groupCartByStore', () => {
  const line = (key: string, store: string, quantity: number, addedAt: number): CartRecord => ({
    productKey: key,
    variant: '',
    store,
    quantity,
    addedAt,
    viaRecommendationId: null,
    updatedAt: addedAt,
  });
  const entry = (key: string, store: string, quantity: number, addedAt: number, lastPrice: ProductRecord['lastPrice']): CartEntry => ({
    line: line(key, store, quantity, addedAt),
    product: product(key, { lastPrice }),
    recommendation: null,
  });

  it('groups by store, newest store first, and totals quantities per currency', () => {
    const groups = groupCartByStore([
      entry('jd:1', 'jd', 2, 10, cny(1000)),
      entry('tmall:2', 'tmall', 1, 30, cny(500, 800)),
      entry('jd:3', 'jd', 1, 20, cny(250)),
      entry('jd:4', 'jd', 1, 5, { currency: 'USD', minMinor: 999, maxMinor: 999 }),
      entry('jd:5', 'jd', 3, 1, null),
    ]);
    expect(groups.map((group) => group.store)).toEqual(['tmall', 'jd']);
    expect(groups[0]!.subtotals).toEqual([{ currency: 'CNY', minMinor: 500, maxMinor: 800 }]);
    expect(groups[1]!.subtotals).toEqual([
      { currency: 'CNY', minMinor: 2250, maxMinor: 2250 },
      { currency: 'USD', minMinor: 999, maxMinor: 999 },
    ]);
    expect(groups[1]!.unpriced).toBe(1);
    expect(groups[1]!.entries.map((e) => e.line.productKey)).toEqual(['jd:3', 'jd:1', 'jd:4', 'jd:5']);
  });
});
