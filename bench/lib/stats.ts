/** Numbers the benchmarks report: medians, percentiles, throughput over timed passes. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The nearest-rank percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export interface Latencies {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** p50, p90, p99 and the maximum of a set of timings. */
export function latencies(values: readonly number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export interface Throughput {
  /** Median articles per second over the timed rounds. */
  median: number;
  min: number;
  max: number;
  rounds: number[];
  docs: number;
}

/** Keeps results observable so the work cannot be optimized away. */
let sink = 0;
export function consume(value: unknown): void {
  if (Array.isArray(value)) sink += value.length;
  else if (typeof value === "string") sink += value.length;
  else if (value && typeof value === "object") sink += 1;
}
export function sinkValue(): number {
  return sink;
}

/** One timed pass: every input once, in order; returns items per second. */
export async function timedPass<T>(inputs: readonly T[], fn: (input: T) => unknown): Promise<number> {
  const started = performance.now();
  for (const input of inputs) {
    const out = fn(input);
    consume(out instanceof Promise ? await out : out);
  }
  return (inputs.length / (performance.now() - started)) * 1000;
}

export function toThroughput(rates: readonly number[], docs: number): Throughput {
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates), rounds: [...rates], docs };
}

/**
 * The order of the arms in round `r`: first to last on even rounds, last to first on odd ones, so
 * that drift (heat, GC, a busy neighbour) falls on every arm alike.
 */
export function roundOrder<T>(arms: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...arms] : [...arms].reverse();
}

/** `n` as a reader wants it: no decimals from 100 up, one below. */
export function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}
