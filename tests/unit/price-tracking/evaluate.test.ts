import { describe, expect, it } from 'vitest';
import { decideCheck, isAbsurdJump, looksBlocked, type CheckReading } from '../../../utils/price-tracking/evaluate';
import type { DetectedProduct } from '../../../utils/product';

const cny = (minor: number) => ({ currency: 'CNY', minMinor: minor, maxMinor: minor });
const product = (price: DetectedProduct['price'], key = 'amazon:B0TEST0001'): CheckReading => ({
  kind: 'product',
  product: { platform: 'amazon', productId: key.slice(key.indexOf(':') + 1), key, canonicalUrl: 'https://www.amazon.com/dp/B0TEST0001', title: 'Kettle', price, imageUrl: null, shopName: null, storeDomain: 'amazon.com' },
});
const KEY = 'amazon:B0TEST0001';

describe('what a background check does with what it read', () => {
  it('records a read price, comparable in the same currency', () => {
    expect(decideCheck(product(cny(900)), KEY, cny(1000), null)).toEqual({ outcome: 'ok', record: cny(900), comparable: true, suspect: null });
  });

  it('keeps the old price when no price is read (a changed layout), and never records 0', () => {
    expect(decideCheck(product(null), KEY, cny(1000), null)).toMatchObject({ outcome: 'no-price', record: null });
    expect(decideCheck({ kind: 'unreadable', reason: 'no product' }, KEY, cny(1000), null)).toMatchObject({ outcome: 'no-price', record: null });
    // A redirect to another product's page.
    expect(decideCheck(product(cny(5), 'amazon:B0OTHER001'), KEY, cny(1000), null)).toMatchObject({ outcome: 'no-price', record: null });
    expect(decideCheck({ kind: 'error', status: 503 }, KEY, cny(1000), null)).toMatchObject({ outcome: 'error', record: null });
    expect(decideCheck({ kind: 'blocked' }, KEY, cny(1000), null)).toMatchObject({ outcome: 'blocked', record: null });
  });

  it('records a price in another currency without comparing it', () => {
    const usd = { currency: 'USD', minMinor: 100, maxMinor: 100 };
    expect(decideCheck(product(usd), KEY, cny(1000), null)).toEqual({ outcome: 'currency-changed', record: usd, comparable: false, suspect: null });
  });

  it('holds a 100× jump as suspect until a second check sees it again', () => {
    const first = decideCheck(product(cny(10)), KEY, cny(1000), null);
    expect(first).toEqual({ outcome: 'suspect', record: null, comparable: false, suspect: cny(10) });
    expect(decideCheck(product(cny(10)), KEY, cny(1000), first.suspect)).toEqual({ outcome: 'ok', record: cny(10), comparable: true, suspect: null });
    // Another absurd value replaces the suspect rather than confirming it.
    expect(decideCheck(product(cny(9)), KEY, cny(1000), first.suspect)).toMatchObject({ outcome: "suspect", suspect: cny(9) });
    expect(isAbsurdJump(cny(1000), cny(100_000))).toBe(true);
    expect(isAbsurdJump(cny(1000), cny(99_999))).toBe(false);
  });

  it('recognises login and verification pages', () => {
    const url = 'https://www.amazon.com/dp/B0TEST0001';
    expect(looksBlocked('https://www.amazon.com/ap/signin?x=1', url, '<html></html>', 200)).toBe(true);
    expect(looksBlocked(url, url, '<form action="/errors/validateCaptcha">', 200)).toBe(true);
    expect(looksBlocked(url, url, '<html><body>Gone</body></html>', 200)).toBe(false);
    expect(looksBlocked(url, url, '', 403)).toBe(true);
  });
});
