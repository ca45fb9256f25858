import { describe, expect, it } from 'vitest';
import { interleaved, summarise, type BenchCase } from '../../bench/figure';

const unused = async () => [];
const absolute: BenchCase = { name: 'size', unit: 'KB', budget: 30, measure: unused };
const withFloor: BenchCase = { name: 'timing', unit: 'ms', budget: 50, floor: { what: 'the least', ratio: 1.5 }, measure: unused };

describe('bench figures against their floor (issue 19)', () => {
  it('budgets a figure without a floor absolutely, as before', () => {
    const result = summarise(absolute, [31, 29, 30]);
    expect(result).toMatchObject({ median: 30, min: 29, max: 31, runs: 3, pass: true, floor: null, ratio: null, ratioBudget: null, withinAbsoluteBudget: true });
    expect(summarise(absolute, [31, 32]).pass).toBe(false);
  });

  it('passes a figure with a floor on its ratio, whatever its absolute figure', () => {
    // 90 ms is over the 50 ms absolute budget, but only 1.5× the floor's 60 ms on this (slow) machine.
    const result = summarise(withFloor, { samples: [80, 90, 100], floor: [70, 60, 50] });
    expect(result).toMatchObject({ median: 90, ratio: 1.5, ratioBudget: 1.5, withinAbsoluteBudget: false, pass: true });
    expect(result.floor).toMatchObject({ what: 'the least', median: 60, min: 50, max: 70, runs: 3 });
  });

  it('fails a figure with a floor whose ratio is over budget, even under its absolute budget', () => {
    const result = summarise(withFloor, { samples: [20, 20], floor: [10, 10] });
    expect(result).toMatchObject({ ratio: 2, withinAbsoluteBudget: true, pass: false });
  });

  it('refuses a floor that was declared but not measured, or measured but not declared', () => {
    expect(() => summarise(withFloor, [10])).toThrow(/declares a floor/);
    expect(() => summarise(absolute, { samples: [10], floor: [5] })).toThrow(/does not declare/);
    expect(() => summarise(withFloor, { samples: [10], floor: [] })).toThrow(/no samples/);
    expect(() => summarise(withFloor, { samples: [10], floor: [0] })).toThrow(/no ratio/);
  });

  it('takes the floor and the real samples in turn, floor first', async () => {
    const order: string[] = [];
    const measured = await interleaved(
      3,
      async () => (order.push('floor'), order.length),
      async () => (order.push('real'), order.length),
    );
    expect(order).toEqual(['floor', 'real', 'floor', 'real', 'floor', 'real']);
    expect(measured).toEqual({ floor: [1, 3, 5], samples: [2, 4, 6] });
  });
});
