import { describe, expect, it } from 'vitest';
import { buildHistoryChart, chartShapes, lowestSeen, type HistoryPoint } from '../../../utils/price-tracking/history';

const cny = (minor: number, max = minor) => ({ currency: 'CNY', minMinor: minor, maxMinor: max });
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);

describe('price history chart data', () => {
  it('sorts points, finds the lowest and highest with when they were first seen, and keeps sources', () => {
    const points: HistoryPoint[] = [
      { at: T0 + 2 * DAY, price: cny(8000), source: 'check' },
      { at: T0, price: cny(10000) },
      { at: T0 + DAY, price: cny(9000, 12000), source: 'visit' },
      { at: T0 + 3 * DAY, price: cny(8000), source: 'visit' },
    ];
    const chart = buildHistoryChart(points, cny(8000));
    expect(chart.currency).toBe('CNY');
    expect(chart.points.map((point) => [point.at, point.low, point.high, point.source])).toEqual([
      [T0, 10000, 10000, 'visit'],
      [T0 + DAY, 9000, 12000, 'visit'],
      [T0 + 2 * DAY, 8000, 8000, 'check'],
      [T0 + 3 * DAY, 8000, 8000, 'visit'],
    ]);
    expect(chart.lowest).toEqual({ minor: 8000, at: T0 + 2 * DAY });
    expect(chart.highest).toEqual({ minor: 12000, at: T0 + DAY });
  });

  it('keeps a missing price as a gap, never as 0, and breaks the line there', () => {
    const chart = buildHistoryChart([{ at: T0, price: cny(5000) }, { at: T0 + DAY, price: null }, { at: T0 + 2 * DAY, price: cny(6000) }], cny(6000));
    expect(chart.points[1]).toMatchObject({ low: null, high: null });
    expect(chart.lowest?.minor).toBe(5000);
    const shapes = chartShapes(chart, { width: 300, height: 120, pad: 8 }, T0 + 3 * DAY);
    expect(shapes.lines).toHaveLength(2);
    expect(shapes.gaps).toHaveLength(1);
    expect(shapes.yMin).toBe(5000);
  });

  it('draws one currency: other currencies are listed, never on the axis', () => {
    const chart = buildHistoryChart([{ at: T0, price: { currency: 'USD', minMinor: 100, maxMinor: 100 } }, { at: T0 + DAY, price: cny(700) }], cny(700));
    expect(chart.currency).toBe('CNY');
    expect(chart.points).toHaveLength(1);
    expect(chart.otherCurrencies).toEqual(['USD']);
    // Without today's price, the newest priced point's currency.
    expect(buildHistoryChart([{ at: T0, price: cny(1) }, { at: T0 + DAY, price: { currency: 'USD', minMinor: 2, maxMinor: 2 } }, { at: T0 + 2 * DAY, price: null }], null).currency).toBe('USD');
  });

  it('draws ranges as a band and experts’ prices as dots only, not counted as seen', () => {
    const chart = buildHistoryChart(
      [
        { at: T0, price: cny(9000, 12000) },
        { at: T0 + DAY, price: cny(3000), source: 'expert', expertName: 'Mei' },
        { at: T0 + 2 * DAY, price: cny(10000), source: 'check' },
      ],
      cny(10000),
    );
    expect(chart.lowest).toEqual({ minor: 9000, at: T0 });
    const shapes = chartShapes(chart, { width: 300, height: 120, pad: 8 }, T0 + 3 * DAY);
    expect(shapes.bands).toHaveLength(1);
    expect(shapes.lines).toHaveLength(1);
    expect(shapes.dots.filter((dot) => dot.point.source === 'expert')).toHaveLength(1);
    // The axis spans the expert's price too.
    expect(shapes.yMin).toBe(3000);
    for (const dot of shapes.dots) {
      expect(dot.x).toBeGreaterThanOrEqual(8);
      expect(dot.x).toBeLessThanOrEqual(292);
      expect(dot.y).toBeGreaterThanOrEqual(8);
      expect(dot.y).toBeLessThanOrEqual(112);
    }
  });

  it('says "lowest seen" at or within 1 % of the lowest, with two points or more', () => {
    const points: HistoryPoint[] = [
      { at: T0, price: cny(10000) },
      { at: T0 + DAY, price: cny(8000) },
      { at: T0 + 2 * DAY, price: cny(9000) },
    ];
    const chart = (current: ReturnType<typeof cny>) => buildHistoryChart(points, current);
    const now = T0 + 5 * DAY;
    expect(lowestSeen(chart(cny(8000)), cny(8000), now)).toEqual({ minor: 8000, at: T0 + DAY });
    expect(lowestSeen(chart(cny(8080)), cny(8080), now)).not.toBeNull();
    expect(lowestSeen(chart(cny(8081)), cny(8081), now)).toBeNull();
    // Below every recorded price (today's not recorded yet): the lowest is today's.
    expect(lowestSeen(chart(cny(7000)), cny(7000), now)).toEqual({ minor: 7000, at: now });
    expect(lowestSeen(buildHistoryChart([{ at: T0, price: cny(1) }], cny(1)), cny(1), now)).toBeNull();
    expect(lowestSeen(chart(cny(8000)), { currency: 'USD', minMinor: 1, maxMinor: 1 }, now)).toBeNull();
  });

  it('places 100 points inside the plot', () => {
    const points: HistoryPoint[] = Array.from({ length: 100 }, (_, i) => ({ at: T0 + i * DAY, price: i % 10 === 9 ? null : cny(10000 + ((i * 37) % 500)), source: i % 2 ? 'check' : 'visit' }));
    const chart = buildHistoryChart(points, cny(10000));
    const shapes = chartShapes(chart, { width: 300, height: 120, pad: 8 }, T0 + 100 * DAY);
    expect(shapes.dots).toHaveLength(90);
    expect(shapes.gaps).toHaveLength(10);
  });
});
