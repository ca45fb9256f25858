import { describe, expect, it, vi } from 'vitest';
import { loadedPageModel, providePageModel } from '../../../utils/page-model/api';
import { readMoney } from '../../../utils/page-model/money';
import { readPageModel } from '../../../utils/page-model/model';
import { pageModelFields } from '../../../utils/page-model/page-fields';
import type { UrlMatch } from '../../../utils/stores/store';

const page = (body: string, title = ''): Document => new DOMParser().parseFromString(`<html lang="en"><head><title>${title}</title></head><body>${body}</body></html>`, 'text/html');

const PRODUCT = `
  <header><nav><a href="/">Home</a><a href="/cart">Cart (0)</a></nav></header>
  <main>
    <div class="gallery"><img src="/img/kettle-large.jpg" alt="Blue Kettle 1.7 l" width="800" height="800"></div>
    <div class="product-info">
      <h1 class="product-title">Blue Kettle 1.7 l</h1>
      <div class="price-box"><del class="old-price">€ 49,99</del> <span class="price">€ 39,99</span></div>
      <form action="/cart/add"><input name="quantity" type="number" value="1"><button type="submit">Add to cart</button></form>
    </div>
  </main>
  <aside class="related"><h2>You may also like</h2><a href="/p/2"><img src="/img/2.jpg">Red Kettle <span>€ 29,99</span></a></aside>`;

const card = (n: number) => `<li class="card"><a href="/products/item-${n}"><img src="/img/${n}.jpg" width="300" height="300"><h3>Kettle model ${n}</h3><span class="price">€ ${n}9,99</span></a><button class="add-to-cart">Add to cart</button></li>`;
const LISTING = `<main><h1>Kettles</h1><ul class="grid">${Array.from({ length: 12 }, (_, n) => card(n + 1)).join('')}</ul></main>`;

const url = new URL('https://www.kettles.example.de/products/blue-kettle');
const match: UrlMatch = { platform: 'site', productId: null, canonicalUrl: url.href, storeDomain: 'kettles.example.de', currency: 'EUR' };

describe('the page model', () => {
  it('reads the heading, the price beside the cart button (not the struck-through one) and the gallery picture', () => {
    const reading = readPageModel(page(PRODUCT, 'Blue Kettle 1.7 l | Kettles Example'), url, 'EUR');
    expect(reading.product).toEqual({ title: 'Blue Kettle 1.7 l', price: { currency: 'EUR', minMinor: 3999, maxMinor: 3999 }, imageUrl: 'https://www.kettles.example.de/img/kettle-large.jpg' });
  });

  it('sees no single product on a listing of many', () => {
    const reading = readPageModel(page(LISTING, 'Kettles | Kettles Example'), new URL('https://www.kettles.example.de/collections/kettles'), 'EUR');
    expect(reading.product).toBeNull();
  });

  it('sees no product on a page without a heading or price', () => {
    expect(readPageModel(page('<p>Welcome</p>'), new URL('https://www.kettles.example.de/'), 'EUR').product).toBeNull();
  });

  it('leaves the picture to OpenGraph when the page declares one (its reader names its source)', () => {
    const document = page(PRODUCT, 'Blue Kettle 1.7 l | Kettles Example');
    const meta = document.createElement('meta');
    meta.setAttribute('property', 'og:image');
    meta.setAttribute('content', 'https://cdn.example/k.jpg');
    document.head.append(meta);
    expect(readPageModel(document, url, 'EUR').product?.imageUrl).toBeNull();
  });

  it('gives an other store page fields named by the address, as other-site.ts does', () => {
    const fields = pageModelFields(page(PRODUCT, 'Blue Kettle 1.7 l | Kettles Example'), url, match);
    expect(fields).toMatchObject({ productId: 'kettles.example.de/products/blue-kettle', canonicalUrl: url.href, title: 'Blue Kettle 1.7 l', shopName: null });
  });

  it('reads page text as text: markup in a heading is never interpreted', () => {
    const reading = readPageModel(page(PRODUCT.replace('Blue Kettle 1.7 l</h1>', '&lt;img src=x onerror=alert(1)&gt;</h1>'), '<img src=x onerror=alert(1)> | Shop'), url, 'EUR');
    expect(reading.product?.title).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('prices as shops write them', () => {
  it.each([
    ['131 990 тг.', 'KZT', 13199000],
    ['270,00 Kn', 'HRK', 27000],
    ['173,34 Lei', 'RON', 17334],
    ['1,679 ₪', 'ILS', 167900],
    ['99 ر.س', 'SAR', 9900],
    ['Rs 635,000', 'PKR', 635000], // PKR has no minor unit in utils/currency-digits.ts
    ['30,000원~', 'KRW', 30000],
    ['CHF 2.25', 'CHF', 225],
  ])('%s is %s %d', (text, currency, minor) => {
    expect(readMoney(text, currency === 'PKR' ? 'PKR' : 'USD', '')).toEqual({ currency, minMinor: minor, maxMinor: minor });
  });

  it('reads a range as its two ends', () => {
    expect(readMoney('352,00 – 376,45 б.р.', 'USD', '')).toEqual({ currency: 'BYN', minMinor: 35200, maxMinor: 37645 });
  });

  it('takes $ as the dollar of the page language’s country', () => {
    expect(readMoney('$210', 'USD', 'zh-TW')?.currency).toBe('TWD');
  });
});

describe('the model runs once per page', () => {
  it('answers again from memory for the same document and address, and runs anew after a navigation', () => {
    const model = vi.fn(() => ({ notProduct: 'nothing' }));
    providePageModel(model);
    const run = loadedPageModel()!;
    const document = page('<h1>x</h1>');
    run(document, url, match);
    run(document, url, match);
    expect(model).toHaveBeenCalledTimes(1);
    run(document, new URL('https://www.kettles.example.de/products/other'), match);
    expect(model).toHaveBeenCalledTimes(2);
  });
});
