import { describe, expect, it } from 'vitest';
import { decideAlert } from '../../../utils/price-tracking/alert-rules';

const cny = (minor: number, max = minor) => ({ currency: 'CNY', minMinor: minor, maxMinor: max });

describe('price alert rules', () => {
  it('any drop alerts; a rise or the same price does not', () => {
    expect(decideAlert({ kind: 'any' }, cny(10000), cny(9999), null)).toMatchObject({ from: cny(10000), to: cny(9999), percent: 0 });
    expect(decideAlert({ kind: 'any' }, cny(10000), cny(10000), null)).toBeNull();
    expect(decideAlert({ kind: 'any' }, cny(10000), cny(12000), null)).toBeNull();
  });

  it('a drop of at least N % alerts, compared exactly', () => {
    expect(decideAlert({ kind: 'percent', percent: 10 }, cny(10000), cny(9001), null)).toBeNull();
    expect(decideAlert({ kind: 'percent', percent: 10 }, cny(10000), cny(9000), null)).toMatchObject({ percent: 10 });
    expect(decideAlert({ kind: 'percent', percent: 10 }, cny(333), cny(299), null)).toMatchObject({ percent: 10 });
  });

  it('below a target alerts when the price crosses it, in the target currency only', () => {
    const rule = { kind: 'below' as const, target: cny(5000) };
    expect(decideAlert(rule, cny(6000), cny(5100), null)).toBeNull();
    expect(decideAlert(rule, cny(6000), cny(5000), null)).toMatchObject({ to: cny(5000) });
    expect(decideAlert(rule, cny(4900), cny(4800), null)).toBeNull();
    expect(decideAlert({ kind: 'below', target: { currency: 'USD', minMinor: 5000, maxMinor: 5000 } }, cny(6000), cny(100), null)).toBeNull();
  });

  it('never compares prices in different currencies, and needs both prices', () => {
    expect(decideAlert({ kind: 'any' }, cny(10000), { currency: 'USD', minMinor: 100, maxMinor: 100 }, null)).toBeNull();
    expect(decideAlert({ kind: 'any' }, null, cny(1), null)).toBeNull();
    expect(decideAlert({ kind: 'any' }, cny(1), null, null)).toBeNull();
    expect(decideAlert(undefined, cny(10000), cny(1), null)).toBeNull();
  });

  it('compares the low end of ranges', () => {
    expect(decideAlert({ kind: 'any' }, cny(10000, 20000), cny(9000, 25000), null)).toMatchObject({ percent: 10 });
  });

  it('a price that returns to the value already alerted on does not alert twice', () => {
    const first = decideAlert({ kind: 'any' }, cny(10000), cny(8000), null);
    expect(first).not.toBeNull();
    // Back up, then down to the same price again.
    expect(decideAlert({ kind: 'any' }, cny(8000), cny(10000), first!.to)).toBeNull();
    expect(decideAlert({ kind: 'any' }, cny(10000), cny(8000), first!.to)).toBeNull();
    expect(decideAlert({ kind: 'any' }, cny(10000), cny(7000), first!.to)).not.toBeNull();
  });
});
