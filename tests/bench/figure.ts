import type { ExtensionSession } from '../harness/chromium';

/**
 * What a timing figure is compared with: the same kind of work done the plainest way the same browser
 * can do it, measured in the same run, interleaved with the figure's own samples (floor, real, floor,
 * real…) so a change in the machine's load hits both alike. Absolute milliseconds do not travel
 * between shared machines; the ratio to the floor does (issue 19).
 */
export interface FloorSpec {
  /** One sentence: what the floor does. */
  what: string;
  /** The figure passes when its median is at most this many times the floor's median. */
  ratio: number;
}

/** What `measure` returns for a figure with a floor: its own samples and the floor's, taken interleaved. */
export interface MeasuredWithFloor {
  samples: number[];
  floor: number[];
}

/** One benchmark figure: several samples of one quantity, compared with its budget. */
export interface BenchCase {
  /** Stable name, used as the key in `--json` output. */
  name: string;
  unit: 'ms' | 'KB' | 'MB' | 'messages' | '%';
  /**
   * The absolute budget. Without a floor the figure passes when its median is at or under it; with a
   * floor it is shown for information only (it held on the machine where it was set).
   */
  budget: number;
  /** When given, `measure` must return `{ samples, floor }` and the figure is budgeted as a ratio. */
  floor?: FloorSpec;
  /** Returns the samples (one per run), or the samples and the floor's samples for a figure with a floor. */
  measure: (context: BenchContext) => Promise<number[] | MeasuredWithFloor>;
}

export interface BenchContext {
  runs: number;
  /**
   * The shared Chromium session with the production build loaded (started on first use), from a copy
   * that adds the first-rows floor page (floors/floor-pages.ts); so is the bench build's below.
   */
  chromium: () => Promise<ExtensionSession>;
  /**
   * The shared Chromium session with the bench build (`.output/chrome-mv3-bench`: the production
   * code plus its performance marks, utils/bench-mark.ts), for figures timed by those marks.
   */
  chromiumBench: () => Promise<ExtensionSession>;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface BenchResult extends Spread {
  name: string;
  unit: string;
  /** The absolute budget (for a figure with a floor: information only). */
  budget: number;
  /** Whether the median is within the absolute budget. */
  withinAbsoluteBudget: boolean;
  /** The floor's samples summarised, or null for a figure budgeted absolutely (sizes, counts, …). */
  floor: (Spread & { what: string }) | null;
  /** The figure's median divided by the floor's median, or null. */
  ratio: number | null;
  /** The largest ratio that passes, or null. */
  ratioBudget: number | null;
  /** With a floor: the ratio is within its budget. Without: the median is within the absolute budget. */
  pass: boolean;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function spreadOf(name: string, samples: number[]): Spread {
  if (samples.length === 0) throw new Error(`${name} produced no samples`);
  if (samples.some((sample) => !Number.isFinite(sample))) throw new Error(`${name} produced a sample that is not a number`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: samples.length };
}

const rounded = (spread: Spread): Spread => ({ median: round(spread.median), min: round(spread.min), max: round(spread.max), runs: spread.runs });

export function summarise(benchCase: BenchCase, measured: number[] | MeasuredWithFloor): BenchResult {
  const withFloor = !Array.isArray(measured);
  // A figure that declares a floor and measured none (or the reverse) is a harness error, not a pass.
  if (withFloor !== Boolean(benchCase.floor)) {
    throw new Error(`${benchCase.name} ${benchCase.floor ? 'declares a floor but measured none' : 'measured a floor it does not declare'}`);
  }
  const own = spreadOf(benchCase.name, withFloor ? measured.samples : measured);
  const withinAbsoluteBudget = own.median <= benchCase.budget;
  const base = { name: benchCase.name, unit: benchCase.unit, ...rounded(own), budget: benchCase.budget, withinAbsoluteBudget };
  if (!withFloor || !benchCase.floor) return { ...base, floor: null, ratio: null, ratioBudget: null, pass: withinAbsoluteBudget };
  const floor = spreadOf(`${benchCase.name}'s floor`, measured.floor);
  if (floor.median <= 0) throw new Error(`${benchCase.name}'s floor has a median of ${floor.median}: no ratio to it`);
  const ratio = own.median / floor.median;
  return {
    ...base,
    floor: { what: benchCase.floor.what, ...rounded(floor) },
    ratio: Math.round(ratio * 100) / 100,
    ratioBudget: benchCase.floor.ratio,
    pass: ratio <= benchCase.floor.ratio,
  };
}

/**
 * Runs `floor` and `real` alternately, `runs` times each (floor first), and returns both sample
 * lists: the interleaving every figure with a floor uses.
 */
export async function interleaved(runs: number, floor: () => Promise<number>, real: () => Promise<number>): Promise<MeasuredWithFloor> {
  const measured: MeasuredWithFloor = { samples: [], floor: [] };
  for (let run = 0; run < runs; run++) {
    measured.floor.push(await floor());
    measured.samples.push(await real());
  }
  return measured;
}
