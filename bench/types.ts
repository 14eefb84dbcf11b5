// A benchmark result is a ratio against a baseline measured in the same process or script.

export interface BenchResult {
  /** e.g. `validate.throughput`. */
  name: string;
  /** What was measured, in words (one line). */
  description: string;
  /** subject / baseline (or baseline / subject for throughputs: always "how many times the baseline's cost"). */
  ratio: number;
  subject: { label: string; value: number; unit: string };
  baseline: { label: string; value: number; unit: string };
  /** The target the issue sets, e.g. `ratio <= 1.2`, and whether it was met. */
  target?: { text: string; met: boolean };
  /** Extra numbers (throughput, peak memory...). */
  extra?: Record<string, number | string>;
}

/** Each bench/*.bench.ts exports `run(): Promise<BenchResult[]>`; bench/run.ts runs them all. */
export type BenchModule = { run(): Promise<BenchResult[]> };
