import { describe, expect, it } from 'vitest';
import { cartControls } from '../../../utils/page-model/page-signals';

const body = (html: string): Element => new DOMParser().parseFromString(`<html><body>${html}</body></html>`, 'text/html').body;

// mechta.kz (tests/fixtures/real-pages) draws its buy button as `<div class="aa_buy jq_aa_buy">Купить</div>`
// with a script's click handler: no <button>, no link. Such a box counts when its whole label is the buy verb.
describe('buy controls drawn as plain boxes', () => {
  it('counts a box named "buy" whose label is a buy verb or an add-to-cart phrase', () => {
    expect(cartControls(body('<div class="aa_buy jq_aa_buy" jq_id="1">Купить</div>')).map((e) => e.textContent)).toEqual(['Купить']);
    expect(cartControls(body('<span class="buy-button">Add to cart</span>'))).toHaveLength(1);
  });

  it('does not count a box named "buy" that says something else, or holds a whole block', () => {
    expect(cartControls(body('<div class="buying-guide">How to choose a fridge</div>'))).toHaveLength(0);
    expect(cartControls(body(`<div class="buybox"><p>${'Free delivery on orders over 50. '.repeat(4)}</p></div>`))).toHaveLength(0);
  });
});
