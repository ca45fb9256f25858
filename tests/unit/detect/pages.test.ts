import { describe, expect, it } from 'vitest';
import { detectProduct } from '../../../utils/detect-product';
import { DetectedProduct } from '../../../utils/product';
import { pageNames, parsePage, readPage, readSidecar } from './load-page';

// Sidecar price strings of the real pages ("5499.00-6799.00", "$15.98") as the Price they mean.
function expectedPrice(text: unknown, currency: unknown) {
  if (text === null || text === undefined) return null;
  const amounts = String(text)
    .split('-')
    .map((part) => Math.round(Number(part.replace(/[^\d.]/g, '')) * 100));
  return { currency, minMinor: Math.min(...amounts), maxMinor: Math.max(...amounts) };
}

const real = pageNames().filter((name) => readSidecar(name).source_repo);
const handMade = pageNames().filter((name) => readSidecar(name).source === 'hand-made');

describe('real store pages give exactly their sidecar values', () => {
  it('has the five shared real pages', () => expect(real).toHaveLength(5));

  for (const name of real) {
    it(name, () => {
      const sidecar = readSidecar(name);
      const expected = sidecar.expected!;
      const product = detectProduct(parsePage(readPage(name)), new URL(sidecar.url), { amazon: true, otherSites: true });
      if (expected.isProductPage === false) {
        expect(product).toBeNull();
        return;
      }
      expect(product).not.toBeNull();
      expect(DetectedProduct.safeParse(product).success).toBe(true);
      expect(product).toMatchObject({
        platform: expected.platform,
        productId: expected.productId,
        key: `${String(expected.platform)}:${String(expected.productId)}`,
        title: expected.title,
        shopName: expected.shopName,
        price: expectedPrice(expected.price, expected.currency),
      });
      if ('image' in expected) expect(product!.imageUrl).toBe(expected.image);
    });
  }
});

describe('hand-made pages for every URL form and layout', () => {
  it('covers every store, positives and negatives', () => {
    const platforms = new Set(handMade.map((name) => readSidecar(name).expected?.platform));
    expect([...platforms].sort()).toEqual(['amazon', 'jd', 'pinduoduo', 'site', 'taobao', 'tmall', 'weidian', undefined].sort());
    expect(handMade.filter((name) => name.startsWith('negative-')).length).toBeGreaterThanOrEqual(20);
  });

  for (const name of handMade) {
    it(name, () => {
      const sidecar = readSidecar(name);
      const product = detectProduct(parsePage(readPage(name)), new URL(sidecar.url), sidecar.options);
      if (sidecar.expected === null) {
        expect(product).toBeNull();
        return;
      }
      expect(product).toEqual({ ...sidecar.expected, key: `${String(sidecar.expected.platform)}:${String(sidecar.expected.productId)}` });
    });
  }
});
