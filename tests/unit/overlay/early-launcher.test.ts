import { describe, expect, it } from 'vitest';
import { productNotOfPage } from '../../../utils/background/page-product';
import { Payloads } from '../../../utils/messaging/protocol';
import { expectedAccepted } from '../../../utils/overlay/early-launcher';
import type { DetectedProduct } from '../../../utils/product';
import { readProduct, type ProductCandidate } from '../../../utils/read-product';
import { registrableDomainOf } from '../../../utils/registrable-domain';
import type { DetectOptions } from '../../../utils/stores/store';
import { pageNames, parsePage, readPage, readSidecar } from '../detect/load-page';

/** What the background decides on openProductPage: the schema, then the product against the sender's address. */
const backgroundTakes = (product: ProductCandidate, pageUrl: URL): boolean =>
  Payloads.openProductPage.safeParse({ product, arrival: 'load' }).success && productNotOfPage(product as DetectedProduct, pageUrl.href) === null;

// Every page the test set reads a product from, read as the content script reads it.
const DETECT: DetectOptions = { amazon: true, otherSites: true, domainOf: registrableDomainOf };
const read = pageNames()
  .map((name) => ({ name, url: new URL(readSidecar(name).url) }))
  .map(({ name, url }) => ({ name, url, candidate: readProduct(parsePage(readPage(name)), url, DETECT).candidate }))
  .filter((page): page is { name: string; url: URL; candidate: ProductCandidate } => page.candidate !== null);

/** Ways a page can give the background something it refuses (or something odd it takes). */
const VARIANTS: [string, (product: ProductCandidate) => ProductCandidate][] = [
  ['as read', (product) => product],
  ['no title', (product) => ({ ...product, title: null })],
  ['an empty title', (product) => ({ ...product, title: '' })],
  ['a title too long', (product) => ({ ...product, title: 'x'.repeat(501) })],
  ['another product id', (product) => ({ ...product, productId: `${product.productId}9`, key: `${product.platform}:${product.productId}9` })],
  ['a key not of its id', (product) => ({ ...product, key: `${product.platform}:other` })],
  ['another store', (product) => ({ ...product, storeDomain: 'example.org' })],
  ['an http address', (product) => ({ ...product, canonicalUrl: product.canonicalUrl.replace('https:', 'http:') })],
  ['an address elsewhere', (product) => ({ ...product, canonicalUrl: 'https://evil.example/item.htm?id=1' })],
  ['not an address', (product) => ({ ...product, canonicalUrl: 'item.htm' })],
  ['an http image', (product) => ({ ...product, imageUrl: 'http://img.example/a.jpg' })],
  ['an empty shop name', (product) => ({ ...product, shopName: '' })],
  ['a shop name too long', (product) => ({ ...product, shopName: 's'.repeat(201) })],
  ['a lower-case currency', (product) => ({ ...product, price: { currency: 'cny', minMinor: 100, maxMinor: 100 } })],
  ['a reversed range', (product) => ({ ...product, price: { currency: 'CNY', minMinor: 200, maxMinor: 100 } })],
  ['a fractional minor unit', (product) => ({ ...product, price: { currency: 'CNY', minMinor: 1.5, maxMinor: 2 } })],
  ['a negative price', (product) => ({ ...product, price: { currency: 'CNY', minMinor: -1, maxMinor: 2 } })],
];

describe('the launcher before the background’s answer only where the background takes the product (issue 19)', () => {
  it('reads products from many real and hand-made pages of every kind of store', () => {
    expect(read.length).toBeGreaterThan(40);
    expect(new Set(read.map((page) => page.candidate.platform))).toEqual(new Set(['tmall', 'taobao', 'jd', 'weidian', 'pinduoduo', 'amazon', 'site']));
  });

  it.each(VARIANTS)('never expects the background to take what it refuses: %s', (_, variant) => {
    for (const { name, url, candidate } of read) {
      const product = variant(candidate);
      if (expectedAccepted(product, url, DETECT)) expect(backgroundTakes(product, url), name).toBe(true);
    }
  });

  it('expects it to take what it takes on the partner stores’ and Amazon’s pages, so their launcher paints early', () => {
    const taken = read.filter(({ url, candidate }) => candidate.platform !== 'site' && backgroundTakes(candidate, url));
    expect(taken.length).toBeGreaterThan(20);
    for (const { name, url, candidate } of taken) expect(expectedAccepted(candidate, url, DETECT), name).toBe(true);
  });

  it('waits for the answer on a page whose product is not the one its address names', () => {
    const tmall = read.find(({ candidate }) => candidate.platform === 'tmall')!;
    expect(expectedAccepted(tmall.candidate, tmall.url, DETECT)).toBe(true);
    const elsewhere = new URL(tmall.url);
    elsewhere.searchParams.set('id', '1');
    expect(expectedAccepted(tmall.candidate, elsewhere, DETECT)).toBe(false);
    expect(backgroundTakes(tmall.candidate, elsewhere)).toBe(false);
  });
});
