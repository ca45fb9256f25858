import { describe, expect, it } from 'vitest';
import { readSignals } from '../../../utils/page-model/features';

/*
 * Features made more general by the grouped cross-validation (issue 18; README, the page model): each on a
 * small hand-made page. The figures that chose them are in the commit messages and the README.
 */

const url = new URL('https://www.kettles.example.com/products/blue-kettle');
const signalsOf = (body: string, head = '<title>Blue Kettle | Kettles</title>') => readSignals(new DOMParser().parseFromString(`<html lang="en"><head>${head}</head><body>${body}</body></html>`, 'text/html'), url, 'USD')!;
const title = (signals: ReturnType<typeof signalsOf>) => signals.titles.find((t) => t.features.h1 === 1)!;
const priceOf = (signals: ReturnType<typeof signalsOf>, text: string) => signals.pricesFor(title(signals).element).find((c) => c.text.includes(text))!;

const card = (n: number) => `<li class="card"><a href="/products/k-${n}">Kettle ${n}</a><span class="price">$${n}9.99</span></li>`;

describe('page model features', () => {
  it('marks prices in three or more repeated priced boxes as cards, and the product’s own price not', () => {
    const signals = signalsOf(`<main><h1>Blue Kettle</h1><div class="buy"><span class="price">$39.99</span><button>Add to cart</button></div></main>
      <section class="more"><ul>${[1, 2, 3, 4].map(card).join('')}</ul></section>`);
    expect(priceOf(signals, '$39.99').features.inCards).toBe(0);
    expect(priceOf(signals, '$19.99').features.inCards).toBe(1);
    const own = priceOf(signals, '$39.99');
    expect(signals.pageFeatures(title(signals), 0, 0, own).bestPriceInCards).toBe(0);
  });

  it('takes no price box for cards: two variants, or "List price", "Our price", "Save" lines without links or pictures', () => {
    const pair = signalsOf(`<h1>Blue Kettle</h1><ul><li class="v"><a href="/s">Small</a> $29.99</li><li class="v"><a href="/l">Large</a> $39.99</li></ul><button>Add to cart</button>`);
    expect(priceOf(pair, '$29.99').features.inCards).toBe(0);
    const box = signalsOf(`<h1>Blue Kettle</h1><div>List Price: $29.99</div><div>Our Price: $25.49</div><div>Save: $4.50 (15%)</div><button>Add to cart</button>`);
    expect(priceOf(box, '$25.49').features.inCards).toBe(0);
  });

  it('reads a monthly rate as no price to pay, in the words shops use', () => {
    const signals = signalsOf(`<h1>Blue Kettle</h1><p class="finance">As low as $37 a month</p><p class="finance-ee">12 kuud: 146,70 €</p><span class="price">$410.00</span>`);
    expect(priceOf(signals, '$37').features.perUnitWords).toBe(1);
    expect(priceOf(signals, '146,70').features.perUnitWords).toBe(1);
    expect(priceOf(signals, '$410.00').features.firstAfterTitle).toBe(1);
  });

  it('gives "first after the title" to the price paid, not to the higher of a pair before it or a price in a link', () => {
    const signals = signalsOf(`<h1>Blue Kettle</h1><div><span class="a">$49.99</span> <span class="b">$39.99</span></div>`);
    expect(priceOf(signals, '$49.99').features.firstAfterTitle).toBe(0);
    expect(priceOf(signals, '$39.99').features.firstAfterTitle).toBe(1);
    const linked = signalsOf(`<h1>Blue Kettle</h1><p><a href="/bundle">With filter $59.99</a></p><p><span class="p">$39.99</span></p>`);
    expect(priceOf(linked, '$39.99').features.firstAfterTitle).toBe(1);
  });

  it('compares a heading with og:title as with the page’s <title>', () => {
    const signals = signalsOf('<h1>Blue Kettle 1.7 l</h1>', '<title>Kettles</title><meta property="og:title" content="Blue Kettle 1.7 l">');
    expect(title(signals).features.ogTitleOverlap).toBe(1);
    expect(title(signals).features.docTitleOverlap).toBe(0);
  });

  it('takes a box whose id names the product (id="productName") as a title candidate', () => {
    const signals = signalsOf('<div id="productName">Blue Kettle</div><span class="price">$39.99</span>');
    expect(signals.titles.map((t) => t.text)).toContain('Blue Kettle');
  });

  it('gives prices and titles their place in the page, and reads a price whose sign and digits are split', () => {
    const signals = signalsOf(`<header><a href="/cart">Cart (2)</a></header><h1>Blue Kettle</h1><p><b>$</b>39.99</p><p class="later">Ships from $5.00</p>`);
    const heading = title(signals);
    const prices = signals.pricesFor(heading.element);
    expect(prices.map((p) => p.text)).toEqual(['$39.99', 'Ships from $5.00']);
    expect(heading.features.early).toBeGreaterThan(0);
    expect(prices[0]!.features.firstAfterTitle).toBe(1);
  });

  it('tells an article or a press release by og:type, a publication date or a dated address', () => {
    const page = (body: string, head = '', at = url) => readSignals(new DOMParser().parseFromString(`<html><head>${head}</head><body>${body}</body></html>`, 'text/html'), at, 'USD')!;
    const features = (signals: ReturnType<typeof page>) => signals.pageFeatures(signals.titles[0] ?? null, 0, 0, null);
    expect(features(page('<h1>Blue Kettle</h1>', '<meta property="og:type" content="article">')).article).toBe(1);
    expect(features(page('<h1>Blue Kettle</h1><time itemprop="datePublished" datetime="2020-07-08">8 July</time>')).article).toBe(1);
    expect(features(page('<h1>New mouse</h1>', '', new URL('https://www.maker.example.jp/info/news/201903/mouse/index.html'))).article).toBe(1);
    expect(features(page('<h1>Blue Kettle</h1>', '<meta property="og:type" content="product">')).article).toBe(0);
  });

  it('reads a rate per night in a price’s own text as no price to pay', () => {
    const signals = signalsOf('<h1>Blue Kettle</h1><span class="price">Preis/Nacht 88,00 €</span><span class="price">€ 120 par nuit</span>');
    expect(priceOf(signals, '88,00').features.perUnitWords).toBe(1);
    expect(priceOf(signals, '120').features.perUnitWords).toBe(1);
    expect(priceOf(signals, '88,00').features.firstAfterTitle).toBe(0);
  });

  it('reads a price whose sign and amount are separate elements on separate lines of the source', () => {
    const indent = `\n${'\t'.repeat(14)}`;
    const signals = signalsOf(`<h1>Blue Kettle</h1><ul><li id="price">${indent}<span class="ourPrice">Our price</span>${indent}<span class="price-string">£</span>${indent}<span class="price price-string">5.99</span>${indent}</li></ul><button>Add to basket</button>`);
    expect(signals.pricesFor(title(signals).element).map((c) => [c.price.currency, c.price.minMinor])).toEqual([['GBP', 599]]);
  });

  it('reads a starting price ("From €70.50") as a price to pay: the lower of a pair beside the list price', () => {
    const signals = signalsOf('<h1>Blue Kettle</h1><div><span class="a">From €70.50</span> <span class="b">€78.50</span></div>');
    const from = signals.pricesFor(title(signals).element).find((c) => c.text.includes('70.50'))!;
    expect(from.features.perUnitWords).toBe(0);
    expect(from.features.firstAfterTitle).toBe(1);
  });

  it('reads a price without tax, by its words or its box’s names, or the tax itself, as no price to pay', () => {
    const signals = signalsOf('<h1>Blue Kettle</h1><p>1,200円 (+消費税120円)</p><p>各1,320円 (税込)</p><p>$40.00 excl. VAT</p><p>$48.00</p>');
    const net = Object.fromEntries(signals.pricesFor(title(signals).element).map((c) => [c.text, c.features.perUnitWords]));
    expect(net).toEqual({ '1,200円 (+消費税120円)': 1, '各1,320円 (税込)': 0, '$40.00 excl. VAT': 1, '$48.00': 0 });
    const boxes = signalsOf('<h1>Blue Kettle</h1><div class="price-box"><span class="price-excluding-tax"><span class="label">zzgl. MwSt (21%):</span> <span class="price">4,92 €</span></span> <span class="price-including-tax"><span class="label">Inkl. MwSt (21%):</span> <span class="price">5,95 €</span></span></div>');
    expect(boxes.pricesFor(title(boxes).element).map((c) => [c.text, c.features.perUnitWords])).toEqual([['4,92 €', 1], ['5,95 €', 0]]);
  });

  it('reads listing and product words inside an address’s segments and its query’s names', () => {
    const at = (address: string) => {
      const signals = readSignals(new DOMParser().parseFromString('<h1>Blue Kettle</h1>', 'text/html'), new URL(address), 'GBP')!;
      const { pathListing, pathProduct } = signals.pageFeatures(null, 0, 0, null);
      return [pathListing, pathProduct];
    };
    expect(at('https://www.books.example/webapp/wcs/stores/servlet/CategoryDisplay?storeId=1&categoryId=152263')).toEqual([1, 0]);
    expect(at('https://www.books.example/webapp/wcs/stores/servlet/ProductDisplay?storeId=1&productId=607177')).toEqual([0, 1]);
    expect(at('https://www.books.example/index.php?q=kettle')).toEqual([1, 0]);
    expect(at('https://www.books.example/about-us')).toEqual([0, 0]);
  });
});
