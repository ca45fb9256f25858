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
});
