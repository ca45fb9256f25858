import { describe, expect, it } from 'vitest';
import { ratesOf, type Outcome } from '../../tools/page-model-eval';

/* The detection figures of `npm run bench` (tests/bench/cases/detection.ts) as shares of the set's pages. */

let pages = 0;
const page = (kind: string, found: boolean, titleRight = found, priceRight: boolean | null = found): Outcome => ({ name: `${kind}-${++pages}`, kind, found, titleRight, priceRight });

describe('the real-page figures', () => {
  it('counts products on every other page, and apart on the shop pages the issue names (category, search, cart, home)', () => {
    const rates = ratesOf([
      page('product', true),
      page('product', true, false, null),
      page('product', false, false, false),
      page('listing', true),
      page('search', false),
      page('cart', false),
      page('home', false),
      page('other', true),
      page('other', true),
      page('other', false),
    ]);
    expect(rates).toMatchObject({ productPages: 3, pricedPages: 2, otherPages: 7 });
    expect(rates.productMissed).toBeCloseTo(100 / 3);
    expect(rates.titleWrong).toBeCloseTo(200 / 3);
    expect(rates.priceWrong).toBe(50);
    expect(rates.falseProducts).toBeCloseTo(300 / 7);
    expect(rates.falseShopPages).toBe(25);
  });
});
