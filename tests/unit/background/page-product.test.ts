import { describe, expect, it } from 'vitest';
import { productNotOfPage } from '../../../utils/background/page-product';
import type { DetectedProduct } from '../../../utils/product';
import { matchStoreUrl } from '../../../utils/detect-product';
import { ALL_STORES } from '../../../utils/stores/all-stores';

/** The product a content script reads on `url`, as far as the URL says it. */
function productAt(url: string, overrides: Partial<DetectedProduct> = {}): DetectedProduct {
  const { match } = matchStoreUrl(new URL(url), { amazon: true, otherSites: true })!;
  const productId = match.productId ?? `${match.storeDomain}:kettle-1`;
  return {
    platform: match.platform,
    productId,
    key: `${match.platform}:${productId}`,
    canonicalUrl: match.canonicalUrl,
    title: 'A product',
    price: null,
    imageUrl: null,
    shopName: null,
    storeDomain: match.storeDomain,
    ...overrides,
  };
}

describe('a product belongs to the page that sent it', () => {
  const examples = ALL_STORES.flatMap((store) => store.examples.product);

  it.each(examples)('accepts what the page at %s reads', (url) => {
    expect(productNotOfPage(productAt(url), url)).toBeNull();
  });

  it('refuses another product, another store, or an address elsewhere', () => {
    const page = 'https://detail.tmall.com/item.htm?id=605258110430';
    const own = productAt(page);
    expect(productNotOfPage({ ...own, productId: '1', key: 'tmall:1' }, page)).toMatch(/not the one this page shows/);
    expect(productNotOfPage({ ...own, canonicalUrl: 'https://evil.example/item.htm?id=605258110430' }, page)).toMatch(/not on this page’s store/);
    expect(productNotOfPage({ ...own, canonicalUrl: 'https://item.taobao.com/item.htm?id=605258110430' }, page)).toMatch(/not on this page’s store/);
    expect(productNotOfPage({ ...own, platform: 'jd', key: 'jd:605258110430' }, page)).toMatch(/not the one this page shows/);
    expect(productNotOfPage({ ...own, key: 'tmall:other' }, page)).toMatch(/key/);
    expect(productNotOfPage(own, 'https://detail.tmall.com/')).toMatch(/not a product page/);
    expect(productNotOfPage(own, undefined)).toMatch(/did not come from a store page/);
    expect(productNotOfPage(own, 'not a url')).toMatch(/not a product page/);
  });

  it('keeps a shop of another store on its own domain', () => {
    const page = 'https://www.kettles.co.uk/products/kettle-1';
    const own = productAt(page);
    expect(productNotOfPage(own, page)).toBeNull();
    expect(productNotOfPage({ ...own, canonicalUrl: 'https://shop.kettles.co.uk/kettle-1' }, page)).toBeNull();
    expect(productNotOfPage({ ...own, canonicalUrl: 'https://www.other-shop.co.uk/kettle-1' }, page)).toMatch(/not on this page’s store/);
    expect(productNotOfPage({ ...own, canonicalUrl: 'https://detail.tmall.com/item.htm?id=1' }, page)).toMatch(/not on this page’s store/);
  });
});
