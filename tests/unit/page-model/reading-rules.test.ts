import { describe, expect, it } from 'vitest';
import { readSignals } from '../../../utils/page-model/features';

/*
 * Reading rules of session 11 (issue 18; README, the page model), each on a small hand-made page: what a
 * shopper reads as the product's name and price, where the train pages' headings and price boxes differ.
 */

const url = new URL('https://www.kettles.example.com/products/blue-kettle');
const signalsOf = (body: string) =>
  readSignals(new DOMParser().parseFromString(`<html lang="en"><head><title>Blue Kettle | Kettles</title></head><body>${body}</body></html>`, 'text/html'), url, 'USD')!;
const titleTexts = (body: string) => signalsOf(body).titles.map((t) => t.text);

describe('page model reading rules', () => {
  it('takes no heading a stylesheet hides for screen readers, in prefixed class names too (`h-sr-only`, `u-visually-hidden`)', () => {
    for (const hidden of ['h-sr-only', 'u-visually-hidden', 'sr-only']) {
      const texts = titleTexts(`<h1 class="${hidden}">Product description page - Blue Kettle</h1><h2 class="title-product"><span itemprop="name">Blue Kettle</span></h2>`);
      expect(texts).not.toContain('Product description page - Blue Kettle');
      expect(texts).toContain('Blue Kettle');
    }
    // A heading part hidden so: left out of the heading's text.
    expect(titleTexts(`<h1>Blue Kettle<span class="a-sr-only"> Details</span></h1>`)).toContain('Blue Kettle');
  });

  it('cuts an item number set at the heading’s end ("#00076723") from the title, and keeps a short number of the name', () => {
    expect(titleTexts(`<h1>Blue Kettle   <span class="item-id">#00076723</span></h1>`)).toContain('Blue Kettle');
    expect(titleTexts(`<h1>Kettle Set #2</h1>`)).toContain('Kettle Set #2');
  });

  it('takes no heading that counts search results for a title', () => {
    expect(titleTexts(`<h3>3 results for "Light Bulbs"</h3><h3>1.250 Treffer</h3><h1>Blue Kettle</h1>`)).toEqual(['Blue Kettle']);
    expect(titleTexts(`<h1>3 Pack Kettle Descaler</h1>`)).toEqual(['3 Pack Kettle Descaler']);
  });

  it('leaves a price box set inside the heading out of the title, and still marks the heading as holding a price', () => {
    const signals = signalsOf(`<h1> Blue Kettle <span class="price" id="text-price"><span class="actual-price new">$24.99</span> <span class="old">$39.99</span></span></h1>`);
    expect(signals.titles[0]).toMatchObject({ text: 'Blue Kettle', features: { hasMoney: 1 } });
  });

  // Session 12: a price's label, and an amount without a currency sign in a box named as a price.
  const pricesOf = (body: string) => {
    const signals = signalsOf(body);
    return signals.pricesFor(signals.titles[0]?.element ?? null);
  };

  it('marks an amount whose label names shipping or an instalment as no price to pay, in the label’s own box or the one before', () => {
    const prices = pricesOf(`<h1>Blue Kettle</h1><div class="buy"><p class="price">$259.00</p>
      <p class="instalments"><span class="number">3x</span> <span>$86.33</span> or <span class="number">4x</span> <span>$66.17</span></p>
      <dl><dt>Delivery time:</dt><dd>1 to 5 weeks</dd><dt>Shipping:</dt><dd>$29.00</dd></dl></div>`);
    const marked = (minor: number) => prices.find((c) => c.price.minMinor === minor)?.features.perUnitWords;
    expect(marked(25900)).toBe(0);
    expect(marked(8633)).toBe(1);
    expect(marked(6617)).toBe(1);
    expect(marked(2900)).toBe(1);
    // The first price after the title that could be paid is the product's, not a later instalment.
    expect(prices.find((c) => c.features.firstAfterTitle)?.price.minMinor).toBe(25900);
    // Neither a comment nor a script's text is a label.
    expect(pricesOf(`<h1>Blue Kettle</h1><p><!-- shipping --><span class="price">$24.99</span></p><p><script>var shipping</script><b class="price">$26.00</b></p>`).map((c) => c.features.perUnitWords)).toEqual([0, 0]);
    // A label that only names the price, a number of items, or a promise of free shipping marks nothing.
    expect(pricesOf(`<h1>Blue Kettle</h1><p><span>Price:</span> <span>$24.99</span></p><p><span>Pack of 2</span> <b>$40.00</b></p><p><span class="badge">Free shipping</span><span class="price">$19.99</span></p>`).map((c) => c.features.perUnitWords)).toEqual([0, 0, 0]);
  });

  it('reads an amount with cents and no currency sign as a price in the store’s currency, only in a box named as a price', () => {
    const prices = pricesOf(`<h1>Blue Kettle</h1><div class="priceInformation"><span class="currentPrice">69.<sup>99</sup><i class="footnote"></i></span></div>
      <p class="stock">12.50 cm wide</p><span class="rating">4.50</span>`);
    expect(prices.map((c) => c.price)).toEqual([{ currency: 'USD', minMinor: 6999, maxMinor: 6999 }]);
  });

  it('places the heading in the page without counting scripts, styles and inline SVG, as a background check reads it slimmed', () => {
    const icons = '<svg viewBox="0 0 9 9"><g><path d="M0 0"/><path d="M1 1"/></g></svg>'.repeat(30);
    const scripts = '<script>var a = 1;</script><style>.a{}</style><noscript><img src="/pixel.gif"></noscript>'.repeat(20);
    const body = (extra: string) => `<header>${extra}<nav><a href="/">Home</a></nav></header><main><h1>Blue Kettle</h1><p class="price">$24.99</p></main><footer><p>About</p></footer>`;
    const early = (extra: string) => signalsOf(body(extra)).titles.find((t) => t.text === 'Blue Kettle')!.features.early;
    expect(early(icons + scripts)).toBe(early(''));
    // It still says where the heading is among what is shown.
    expect(early('<p>One</p><p>Two</p>'.repeat(30))).toBeLessThan(early(''));
  });
});
