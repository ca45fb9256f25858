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

// Older shops draw the buy button as a picture: an image input (ctshirts: `<input type="image" value="Add to
// basket" alt="Add to bag">`) or a linked image (`<a href="ordina.asp?id=1093"><img alt="Acquista - compra - metti
// nel carrello">`). Its alt text is its label; a picture's name alone is not.
describe('buy controls drawn as pictures', () => {
  it('counts an image input or a linked image by its alt text', () => {
    expect(cartControls(body('<form><input type="image" src="/img/bt_add_to_bag.png" name="submit" value="Add to basket" alt="Add to bag"></form>'))).toHaveLength(1);
    expect(cartControls(body('<a href="ordina.asp?id=1093"><img src="compra-ora.jpg" alt="Acquista - compra - metti nel carrello"></a>'))).toHaveLength(1);
    expect(cartControls(body('<a href="javascript:submit()"><img src="sinew_eng.gif" alt="Buy!"></a>'))).toHaveLength(1);
  });

  it('does not count other pictures, nor one named like a cart button but labelled otherwise', () => {
    expect(cartControls(body('<a href="/kettles"><img src="kettle.jpg" alt="Blue Kettle"></a><input type="image" src="search.png" alt="Search">'))).toHaveLength(0);
    expect(cartControls(body('<a href="/cart"><img src="btnCart.gif" alt="View Shopping Cart" name="header_btnCart_2"></a>'))).toHaveLength(0);
  });
});
