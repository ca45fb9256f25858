import { describe, expect, it } from 'vitest';
import { pageAddress } from '../../../utils/canonical-url';
import { readJsonLdProduct } from '../../../utils/json-ld';
import { decodeHtmlEntities, parseLenientJson, relaxJson } from '../../../utils/lenient-json';
import { readOpenGraphProduct, readOpenGraphTags } from '../../../utils/open-graph';
import { productTitle } from '../../../utils/page-text';
import { slimServedPage } from '../../../utils/price-tracking/slim-page';
import { decimalText } from '../../../utils/structured-product';

const page = (head: string, body = '') => new DOMParser().parseFromString(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`, 'text/html');
const jsonLd = (...blocks: string[]) => page(blocks.map((block) => `<script type="application/ld+json">${block}</script>`).join(''));

describe('lenient JSON-LD', () => {
  it('leaves valid JSON as it is', () => {
    const text = '{"a": "x // not a comment, /* nor this */", "b": [1, 2], "c": "\\"quoted,\\" ]"}';
    expect(relaxJson(text)).toBe(text);
    expect(parseLenientJson(text)).toEqual(JSON.parse(text));
  });

  it('reads raw line breaks and tabs in strings, trailing commas, comments and invalid escapes', () => {
    expect(parseLenientJson('{\n // note\n "name": "a\tb\nc", /* x */ "list": [1, 2,], "q": "it\\\'s",\n}')).toEqual({ name: 'a\tb\nc', list: [1, 2], q: "it's" });
  });

  it('drops a trailing comma before a comment, and reads an unterminated last string as far as it goes', () => {
    expect(parseLenientJson('{"a": [1, 2, /* c */ ], "b": {"c": 1, // x\n}}')).toEqual({ a: [1, 2], b: { c: 1 } });
    expect(relaxJson('{"a": "x,}')).toBe('{"a": "x,}');
  });

  it('reads blocks HTML-escaped whole or wrapped in an HTML comment or CDATA', () => {
    expect(parseLenientJson('{&quot;@type&quot;: &quot;Product&quot;}')).toEqual({ '@type': 'Product' });
    expect(parseLenientJson('<!--\n{"a": 1}\n-->')).toEqual({ a: 1 });
    expect(parseLenientJson('<![CDATA[{"a": 1}]]>')).toEqual({ a: 1 });
  });

  it('still refuses what is not JSON at all', () => {
    expect(() => parseLenientJson('window.x = {"a": 1}')).toThrow();
    expect(() => parseLenientJson('{"a": ')).toThrow();
  });

  it('decodes the entities stores leave in JSON-LD strings, and leaves unknown ones', () => {
    expect(decodeHtmlEntities('Tom &amp; Jerry &#8211; &#x4E2D; &quot;x&quot; &apos;y&#39; &bogus;')).toBe('Tom & Jerry – 中 "x" \'y\' &bogus;');
  });

  it('finds the product in an ItemPage, @graph or mainEntity, typed by IRI, compact IRI or array', () => {
    for (const type of ['"Product"', '"http://schema.org/Product"', '"https://schema.org/Product"', '"schema:Product"', '["Thing", "Product"]', '"ProductModel"']) {
      expect(readJsonLdProduct(jsonLd(`{"@type": ${type}, "name": "Kettle"}`))?.name, type).toBe('Kettle');
      expect(readJsonLdProduct(jsonLd(`{"@graph": [{"@type": "ItemPage", "mainEntity": {"@type": ${type}, "name": "Kettle"}}]}`))?.name, type).toBe('Kettle');
    }
    expect(readJsonLdProduct(jsonLd('{"@type": "ItemPage", "about": {"@type": "Product", "name": "Kettle"}}'))?.name).toBe('Kettle');
    // `about` of a page that is not an ItemPage (a review, a blog post) is not the page's product.
    expect(readJsonLdProduct(jsonLd('{"@type": "BlogPosting", "about": {"@type": "Product", "name": "Kettle"}}'))).toBeNull();
  });

  it('takes one product stated twice as one, and a listing of different products as none', () => {
    const twice = jsonLd('{"@type": "Product", "@id": "#p", "name": "Kettle", "sku": "K1"}', '{"@type": "Product", "@id": "#p", "name": "Kettle", "offers": {"price": "9.50", "priceCurrency": "EUR"}}');
    expect(readJsonLdProduct(twice)).toMatchObject({ name: 'Kettle', id: 'K1', lowPrice: '9.50', currency: 'EUR' });
    expect(readJsonLdProduct(jsonLd('[{"@type": "Product", "name": "Kettle", "sku": "K1"}, {"@type": "Product", "name": "Toaster", "sku": "T1"}]'))).toBeNull();
    // A listing that points every product at the same page is still a listing.
    expect(readJsonLdProduct(jsonLd('[{"@type": "Product", "name": "Kettle", "url": "/c"}, {"@type": "Product", "name": "Toaster", "url": "/c"}]'))).toBeNull();
  });
});

describe('OpenGraph products', () => {
  it('accepts product, product.item, product.group and og:product, and nothing else', () => {
    for (const type of ['product', 'product.item', 'product.group', 'og:product', 'Product']) {
      expect(readOpenGraphProduct(page(`<meta property="og:type" content="${type}"><meta property="og:title" content="Mug">`))?.name, type).toBe('Mug');
    }
    for (const type of ['website', 'article', 'products', 'product.other']) expect(readOpenGraphProduct(page(`<meta property="og:type" content="${type}">`)), type).toBeNull();
  });

  it('reads the tags of the body\'s leading run whether or not a price check\'s slimming took its scripts out', () => {
    const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
    // A saved rendered page (lightinthebox): trackers' scripts in a <div> before the tags the parser moved into the body.
    const html = `<!DOCTYPE html><html><head><title>Mug</title></head><body><div><script src="a.js"></script><script>track(1)</script> </div><svg><title>icon</title><path d="M0"></path></svg><noscript><img src="pixel"></noscript><meta property="og:site_name" content="Mug Shop"><main><h1>Mug</h1></main><meta property="og:title" content="Not the head"></body></html>`;
    for (const document of [parse(html), parse(slimServedPage(html))]) {
      expect(Object.fromEntries(readOpenGraphTags(document))).toEqual({ 'og:site_name': 'Mug Shop' });
    }
    // Content stops the run as before: text, or an element that is not head-like.
    expect(readOpenGraphTags(page('', '<div>Sale</div><meta property="og:site_name" content="X">')).size).toBe(0);
    expect(readOpenGraphTags(page('', '<div><span></span></div><meta property="og:site_name" content="X">')).size).toBe(0);
  });

  it('reads product:price:* before og:price:*, with the currency in upper case', () => {
    const both = page('<meta property="og:type" content="product"><meta property="og:price:amount" content="1"><meta property="og:price:currency" content="USD"><meta property="product:price:amount" content="1.299,00"><meta property="product:price:currency" content="eur">');
    expect(readOpenGraphProduct(both)).toMatchObject({ lowPrice: '1299.00', highPrice: '1299.00', currency: 'EUR' });
  });
});

describe('structured amounts', () => {
  it.each([
    ['49.90', '49.90'], ['1,299.00', '1299.00'], ['49,90', '49.90'], ['1.299,00', '1299.00'], ['1 299,5', '1299.5'], ['€ 49,90', '49.90'], ['12', '12'], [12.5, '12.5'],
    ['free', null], ['', null], [null, null], ['1-2', null],
  ])('%j → %j', (input, expected) => expect(decimalText(input)).toBe(expected));
});

describe('the page address a page states', () => {
  const https = new URL('https://www.shop.example/a/b?x=1');
  it.each([
    ['http://www.shop.example/p/kettle', 'https://www.shop.example/p/kettle'],
    ['https://www.shop.example/p/kettle', 'https://www.shop.example/p/kettle'],
    ['https://m.shop.example/p/kettle', 'https://m.shop.example/p/kettle'],
    ['www.shop.example/p/kettle', 'https://www.shop.example/p/kettle'],
    ['/p/kettle', 'https://www.shop.example/p/kettle'],
    ['http://other.example/p/kettle', null],
    ['http://m.shop.example/p/kettle', null],
    ['javascript:alert(1)', null],
    ['', null],
    [null, null],
  ])('%j → %j', (raw, expected) => expect(pageAddress(raw, https)?.href ?? null).toBe(expected));
});

describe('the product name from a page title', () => {
  const names = ['Example Shop', 'example-shop'];
  it.each([
    ['Kettle | Example Shop', 'Kettle'],
    ['Kettle - Example Shop', 'Kettle'],
    ['Kettle – Example Shop GmbH', 'Kettle'],
    ['电水壶 1.7L：Example Shop', '电水壶 1.7L'],
    ['电水壶 1.7L_Example Shop', '电水壶 1.7L'],
    ['电水壶 1.7L【Example Shop】', '电水壶 1.7L'],
    ['Example Shop: Kettle', 'Kettle'],
    ['Wi-Fi Kettle - Blue | Example Shop', 'Wi-Fi Kettle - Blue'],
    ['Kettle - Blue', 'Kettle - Blue'],
    ['Kettle - Shop', 'Kettle - Shop'],
    ['【Example Shop 限时】电水壶', '【Example Shop 限时】电水壶'],
  ])('%j → %j', (title, expected) => expect(productTitle(title, names)).toBe(expected));

  it("cuts only the store module's own suffix when no store name matches", () => {
    expect(productTitle('Kettle | Some Shop', [], /\s*[|｜]\s*[^|｜]+$/)).toBe('Kettle');
    expect(productTitle('Kettle - Some Shop', [], /\s*[|｜]\s*[^|｜]+$/)).toBe('Kettle - Some Shop');
    expect(productTitle('小米手环8-京东', [null, 'jd'], /\s*[-_–]\s*(?:京东|京东国际|JD\.COM)\s*$/i)).toBe('小米手环8');
    expect(productTitle('  ', ['x'])).toBeNull();
  });
});
