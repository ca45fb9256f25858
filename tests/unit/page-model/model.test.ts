import { describe, expect, it, vi } from 'vitest';
import { readMoney } from '../../../utils/page-model/money';
import { readPageModel, tracePageModel } from '../../../utils/page-model/model';
import { createPageModel, pageModelFields } from '../../../utils/page-model/page-fields';
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
    const fields = pageModelFields(page(PRODUCT, 'Blue Kettle 1.7 l | Kettles Example'), url, match, null);
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

  it('takes $ as the peso of a Spanish-speaking country’s page, and of a peso shop’s domain', () => {
    expect(readMoney('$ 19.990', 'USD', 'es-CL')).toEqual({ currency: 'CLP', minMinor: 19990, maxMinor: 19990 });
    expect(readMoney('$ 1.234,50', 'USD', 'es-AR')).toEqual({ currency: 'ARS', minMinor: 123450, maxMinor: 123450 });
    expect(readMoney('$ 19.990', 'CLP', 'es')?.currency).toBe('CLP');
    expect(readMoney('$19.99', 'USD', 'es')?.currency).toBe('USD');
  });
});

describe('the model runs once per page', () => {
  it('answers again from memory for the same document and address, with or without structured fields, and runs anew after a navigation', () => {
    const model = vi.fn(tracePageModel);
    const run = createPageModel(model);
    const document = page(PRODUCT, 'Blue Kettle 1.7 l | Kettles Example');
    const alone = run(document, url, match, null);
    expect(run(document, url, match, null)).toEqual(alone);
    // The content script re-reads a page while it settles: each reading reconciles its structured data with the model's one reading.
    const structured = { title: 'Blue Kettle', price: { currency: 'EUR', minMinor: 4999, maxMinor: 4999 }, imageUrl: null, shopName: null };
    expect(run(document, url, match, structured)).toMatchObject({ title: 'Blue Kettle 1.7 l', price: { minMinor: 3999 } });
    expect(model).toHaveBeenCalledTimes(1);
    run(document, new URL('https://www.kettles.example.de/products/other'), match, null);
    expect(model).toHaveBeenCalledTimes(2);
  });

  it('says why it read nothing when the page breaks it, and leaves structured fields as they are', () => {
    const run = createPageModel(() => {
      throw new Error('broken page');
    });
    const document = page(PRODUCT);
    expect(run(document, url, match, null)).toEqual({ notProduct: 'the page model failed (broken page)' });
    const structured = { title: 'Blue Kettle', price: null, imageUrl: null, shopName: null };
    expect(run(document, url, match, structured)).toBe(structured);
  });
});

describe('what the training pages taught the model (issue 18)', () => {
  const shop = new URL('https://www.shop.example.hr/ulosci-po-mjeri-380');

  it('drops an item code set in the heading ("Код: 73556") from the title', () => {
    const body = `<main><h1><span>Холодильник BEKO RCSK 310M20S</span> <span class="element-article">Код: 73556</span></h1><span class="price">131 990 тг.</span><button>В корзину</button></main>`;
    const reading = readPageModel(page(body, 'Холодильник BEKO RCSK 310M20S по выгодной цене'), new URL('https://www.mechta.example.kz/product/beko/'), 'KZT');
    expect(reading.product?.title).toBe('Холодильник BEKO RCSK 310M20S');
  });

  it('takes a buy link labelled by one verb ("Kupi") as the buy control', () => {
    const body = `<main><h1>Ortopedski ulošci po mjeri</h1><div class="offer-price"><span class="pricenew">270,00 Kn</span> <span class="priceold">540,00 Kn</span></div><form action="/service/kupi"><a class="cta" href="#">Kupi</a></form></main>`;
    const reading = readPageModel(page(body, 'eKlinika'), shop, 'EUR');
    expect(reading.product).toMatchObject({ title: 'Ortopedski ulošci po mjeri', price: { currency: 'HRK', minMinor: 27000 } });
  });

  it('reads the name from bold text the <title> names when the page has no heading, and a <title> the page put in its body', () => {
    const body = `<title>City By The Sea [DVD] online at Movies Example</title><table><tr><td><font size="4"><b>City By The Sea [DVD]</b></font> <b>(2002)</b><br>A detective's story.</td>
      <td><form action="/cart/add"><input type="number" name="qty" value="1"><b><i>Was $14.99</i></b> <b>$13.49</b> <input type="submit" value="Add to cart"></form></td></tr></table>`;
    const reading = readPageModel(new DOMParser().parseFromString(`<html><body>${body}</body></html>`, 'text/html'), new URL('https://www.movies.example/product.asp?sku=D37860'), 'USD');
    expect(reading.product).toMatchObject({ title: 'City By The Sea [DVD]', price: { currency: 'USD', minMinor: 1349 } });
  });

  it('takes "Our Price" over "List Price", and a saving beside the price does not make it a list price', () => {
    const body = `<main><h1>Student Visas: How to Come</h1><div>List Price: $29.99</div><div>Our Price: $25.49</div><div>Save: $4.50 (15%)</div><form action="/cart"><button>Add to cart</button></form></main>`;
    const reading = readPageModel(page(body, 'Student Visas: How to Come | Books Example'), new URL('https://www.books.example/product/48BB18A0'), 'USD');
    expect(reading.product?.price).toEqual({ currency: 'USD', minMinor: 2549, maxMinor: 2549 });
  });

  it('reads cents set in superscript ($39<sup>99</sup>) as cents, in either decimal mark, and a footnote digit as no cents', () => {
    const at = (price: string, currency: string) =>
      readPageModel(page(`<main><h1>Blue Kettle</h1><div class="price">${price}</div><form action="/cart"><button>Add to cart</button></form></main>`, 'Blue Kettle | Kettles'), url, currency).product?.price;
    expect(at('$39<sup>99</sup>', 'USD')).toEqual({ currency: 'USD', minMinor: 3999, maxMinor: 3999 });
    expect(at('$1,299<sup>95</sup>', 'USD')).toEqual({ currency: 'USD', minMinor: 129995, maxMinor: 129995 });
    expect(at('1.299<sup>95</sup> €', 'EUR')).toEqual({ currency: 'EUR', minMinor: 129995, maxMinor: 129995 });
    expect(at('39,<sup>99</sup> €', 'EUR')).toEqual({ currency: 'EUR', minMinor: 3999, maxMinor: 3999 });
    expect(at('$39<sup>1</sup>', 'USD')).toEqual({ currency: 'USD', minMinor: 3900, maxMinor: 3900 });
  });
});
