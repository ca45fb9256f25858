import type { ExtensionSession } from '../harness/chromium';

/** One benchmark figure: several samples of one quantity, compared with its budget. */
export interface BenchCase {
  /** Stable name, used as the key in `--json` output. */
  name: string;
  unit: 'ms' | 'KB' | 'MB' | 'messages';
  /** The figure passes when its median is at or under the budget. */
  budget: number;
  /** Returns the samples (one per run). */
  measure: (context: BenchContext) => Promise<number[]>;
}

export interface BenchContext {
  runs: number;
  /** The shared Chromium session with the production build loaded (started on first use). */
  chromium: () => Promise<ExtensionSession>;
  /**
   * The shared Chromium session with the bench build (`.output/chrome-mv3-bench`: the production
   * code plus its performance marks, utils/bench-mark.ts), for figures timed by those marks.
   */
  chromiumBench: () => Promise<ExtensionSession>;
}

export interface BenchResult {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  budget: number;
  pass: boolean;
}

export function summarise(benchCase: BenchCase, samples: number[]): BenchResult {
  if (samples.length === 0) throw new Error(`${benchCase.name} produced no samples`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    name: benchCase.name,
    unit: benchCase.unit,
    median: round(median),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
    runs: samples.length,
    budget: benchCase.budget,
    pass: median <= benchCase.budget,
  };
}
