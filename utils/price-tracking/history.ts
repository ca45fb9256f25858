import type { Price } from '../product';

/*
 * The data a price history chart draws (issue 17), computed apart from any drawing so it can be tested
 * and shared by the panel and the popup. Pure and small: it ships in the panel's lazy bundle.
 */

/** Where a point came from: the shopper's visit, a background check, or an expert's price when recommended. */
export type PointSource = 'visit' | 'check' | 'expert';

/** A point as stored (PricePoint, utils/db/schema.ts) or derived from a pick; `source` absent reads as 'visit'. */
export interface HistoryPoint {
  at: number;
  price: Price | null;
  source?: PointSource;
  /** For an expert's point: whose pick. */
  expertName?: string;
}

/** A point the chart draws: a range when `low < high`, a gap when both are null (the page stated no price). */
export interface ChartPoint {
  at: number;
  low: number | null;
  high: number | null;
  source: PointSource;
  expertName?: string;
}

export interface Extreme {
  minor: number;
  at: number;
}

export interface PriceHistoryChart {
  /** The one currency drawn on the axis (today's, else the newest point's); null with no priced point. */
  currency: string | null;
  /** Points in that currency, and the gaps (no price), oldest first. Points in other currencies are left out of the axis. */
  points: ChartPoint[];
  /** The lowest low and highest high Haowu read on the store's page (visits and checks) in that currency, and when first seen. */
  lowest: Extreme | null;
  highest: Extreme | null;
  /** Currencies of points left out, so the UI can say so instead of mixing them on one axis. */
  otherCurrencies: string[];
  /** Time span of `points`, for the x axis. */
  from: number;
  to: number;
}

/** How close to the lowest counts as "at the lowest": within 1 %, since stores round prices. */
export const NEAR_LOWEST_RATIO = 0.01;

/** The axis currency: today's price's, else the newest priced point's. */
function axisCurrency(points: readonly HistoryPoint[], current: Price | null): string | null {
  if (current) return current.currency;
  const priced = points.filter((point) => point.price !== null);
  return priced[priced.length - 1]?.price?.currency ?? null;
}

/** The chart's data from stored and expert points (any order) and today's price. */
export function buildHistoryChart(input: readonly HistoryPoint[], current: Price | null): PriceHistoryChart {
  const sorted = [...input].sort((a, b) => a.at - b.at);
  const currency = axisCurrency(sorted, current);
  const points: ChartPoint[] = [];
  const others = new Set<string>();
  let lowest: Extreme | null = null;
  let highest: Extreme | null = null;
  for (const point of sorted) {
    const source = point.source ?? 'visit';
    if (!point.price) {
      // An expert's pick without a price says nothing about the page; a visit or check without one is a gap.
      if (source !== 'expert') points.push({ at: point.at, low: null, high: null, source });
      continue;
    }
    if (point.price.currency !== currency) {
      others.add(point.price.currency);
      continue;
    }
    const { minMinor: low, maxMinor: high } = point.price;
    points.push({ at: point.at, low, high, source, ...(point.expertName ? { expertName: point.expertName } : {}) });
    // What Haowu has seen on the store's page; an expert's price when recommended is their word, drawn but not counted.
    if (source === 'expert') continue;
    if (!lowest || low < lowest.minor) lowest = { minor: low, at: point.at };
    if (!highest || high > highest.minor) highest = { minor: high, at: point.at };
  }
  return {
    currency,
    points,
    lowest,
    highest,
    otherCurrencies: [...others].sort(),
    from: points[0]?.at ?? 0,
    to: points[points.length - 1]?.at ?? 0,
  };
}

/**
 * When today's price is the lowest Haowu has seen (or within NEAR_LOWEST_RATIO of it), the lowest and
 * when: today (`now`) when today's price is below every recorded one (not recorded yet). Else null.
 * Needs at least two priced points: one point is no history.
 */
export function lowestSeen(chart: PriceHistoryChart, current: Price | null, now: number): Extreme | null {
  if (!current || !chart.lowest || current.currency !== chart.currency) return null;
  if (chart.points.filter((point) => point.low !== null && point.source !== 'expert').length < 2) return null;
  if (current.minMinor < chart.lowest.minor) return { minor: current.minMinor, at: now };
  return current.minMinor <= chart.lowest.minor * (1 + NEAR_LOWEST_RATIO) ? chart.lowest : null;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** Inner padding for the axis labels. */
  pad: number;
}

/** One drawable segment: a polyline of the lows (and highs for ranges) between gaps. */
export interface ChartShapes {
  /** Polyline point lists of the low line, split at gaps. */
  lines: string[];
  /** Polygons of the low–high band where a point is a range. */
  bands: string[];
  /** Each priced point's position, for the dots (experts' points are dots only, never part of the line). */
  dots: { x: number; y: number; point: ChartPoint }[];
  /** The axis's lowest and highest minor units (bottom and top of the plot). */
  yMin: number;
  yMax: number;
  /** X positions of the gaps (no price stated), drawn as marks on the axis. */
  gaps: number[];
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Screen positions for the chart (SVG coordinates). A step line: a price holds until the next point,
 * which is what a point per change means. Gaps break the line; ranges become a band.
 */
export function chartShapes(chart: PriceHistoryChart, { width, height, pad }: ChartGeometry, now: number): ChartShapes {
  const priced = chart.points.filter((point) => point.low !== null && point.high !== null);
  const shapes: ChartShapes = { lines: [], bands: [], dots: [], gaps: [], yMin: 0, yMax: 0 };
  if (!priced.length) return shapes;
  shapes.yMin = Math.min(...priced.map((point) => point.low!));
  shapes.yMax = Math.max(...priced.map((point) => point.high!));
  const from = chart.from;
  const to = Math.max(now, chart.to, from + 1);
  const span = shapes.yMax - shapes.yMin;
  // A flat history sits in the middle rather than on an edge.
  const bottom = span === 0 ? shapes.yMin - 1 : shapes.yMin;
  const range = span === 0 ? 2 : span;
  const x = (at: number) => round(pad + ((at - from) / (to - from)) * (width - 2 * pad));
  const y = (minor: number) => round(height - pad - ((minor - bottom) / range) * (height - 2 * pad));
  let line: string[] = [];
  let band: { lows: string[]; highs: string[] } | null = null;
  const flush = () => {
    if (line.length) shapes.lines.push(line.join(' '));
    if (band && band.lows.length) shapes.bands.push([...band.lows, ...band.highs.reverse()].join(' '));
    line = [];
    band = null;
  };
  const onPage = chart.points.filter((point) => point.source !== 'expert');
  for (const point of chart.points) {
    if (point.source === 'expert') shapes.dots.push({ x: x(point.at), y: y(point.low!), point });
  }
  onPage.forEach((point, index) => {
    const px = x(point.at);
    if (point.low === null || point.high === null) {
      flush();
      shapes.gaps.push(px);
      return;
    }
    const next = onPage[index + 1];
    const endX = next ? x(next.at) : x(to);
    const lowY = y(point.low);
    const highY = y(point.high);
    line.push(`${px},${lowY}`, `${endX},${lowY}`);
    if (point.high > point.low) {
      band ??= { lows: [], highs: [] };
      band.lows.push(`${px},${lowY}`, `${endX},${lowY}`);
      band.highs.push(`${px},${highY}`, `${endX},${highY}`);
    } else if (band) {
      // A single price after a range closes the band.
      const closed: { lows: string[]; highs: string[] } = band;
      shapes.bands.push([...closed.lows, ...closed.highs.reverse()].join(' '));
      band = null;
    }
    shapes.dots.push({ x: px, y: lowY, point });
  });
  flush();
  return shapes;
}
