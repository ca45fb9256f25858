import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8LengthUpTo } from '../../../utils/feed/verify';

/** What the check must agree with: the bytes TextEncoder writes (a lone surrogate as U+FFFD), capped at limit + 1. */
const encoded = (text: string, limit: number) => Math.min(new TextEncoder().encode(text).length, limit + 1);

describe('utf8LengthUpTo: the length TextEncoder gives, counted without encoding', () => {
  it('agrees on any text, lone surrogates and astral characters included, at any limit', { timeout: 30_000 }, () => {
    const unit = fc.oneof(
      fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('a', 'é', '中', '😀', '\u0000', '\uFEFF'),
    );
    const text = fc.array(unit, { maxLength: 60 }).map((units) => units.join(''));
    fc.assert(fc.property(text, fc.nat(200), (value, limit) => {
      expect(utf8LengthUpTo(value, limit)).toBe(encoded(value, limit));
    }), { numRuns: 2000 });
  });

  it('stops at the limit: a text one byte over it is over', () => {
    expect(utf8LengthUpTo('中'.repeat(10), 30)).toBe(30);
    expect(utf8LengthUpTo('中'.repeat(10), 29)).toBe(30);
    expect(utf8LengthUpTo('😀', 3)).toBe(4);
    expect(utf8LengthUpTo('\uD83D', 3)).toBe(3);
  });
});
