import { describe, expect, it } from 'vitest';
import { hiddenByAttributes } from '../../../utils/page-model/page-signals';
import { readPageModel } from '../../../utils/page-model/model';

const element = (style: string): Element => {
  const div = document.createElement('div');
  div.setAttribute('style', style);
  return div;
};

// lacrossetechnology.com (tests/fixtures/real-pages) wraps its whole page in a div styled
// `-webkit-backface-visibility: hidden`, a 3-D rendering hint that hides nothing: read as `visibility:
// hidden`, the page had no title at all.
describe('hidden by its style attribute', () => {
  it('is display:none or visibility:hidden, wherever they stand in the declaration list', () => {
    expect(hiddenByAttributes(element('display:none'))).toBe(true);
    expect(hiddenByAttributes(element('color: red; visibility : hidden'))).toBe(true);
    expect(hiddenByAttributes(element('width: 100%;display: none;'))).toBe(true);
  });

  it('is not a property whose name only ends in "visibility" (backface-visibility)', () => {
    expect(hiddenByAttributes(element('position: relative; -webkit-backface-visibility: hidden; transition: all 200ms'))).toBe(false);
    expect(hiddenByAttributes(element('backface-visibility: hidden'))).toBe(false);
  });

  it('leaves a product page inside such a wrapper readable', () => {
    const html = `<html lang="en"><head><title>Atomic Clock - Shop</title></head><body>
      <div style="position: relative; -webkit-backface-visibility: hidden; backface-visibility: hidden">
        <h1>Atomic Clock</h1><p class="price">$59.95</p>
        <form><input name="qty" type="number" value="1"><button type="submit">Add to Cart</button></form>
      </div></body></html>`;
    const reading = readPageModel(new DOMParser().parseFromString(html, 'text/html'), new URL('https://shop.example.com/atomic-clock'), 'USD');
    expect(reading.product?.title).toBe('Atomic Clock');
  });
});
