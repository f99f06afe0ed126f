/** Throughput measurement: warm-up, timed passes over the same docs, median articles per second. */

export interface Throughput {
  /** Median articles per second over the timed rounds. */
  median: number;
  min: number;
  max: number;
  rounds: number[];
  docs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

/** One timed pass: every input once, in order; returns articles per second. */
export async function timedPass<T>(inputs: readonly T[], fn: (input: T) => unknown): Promise<number> {
  const started = performance.now();
  for (const input of inputs) {
    const out = fn(input);
    consume(out instanceof Promise ? await out : out);
  }
  const ms = performance.now() - started;
  return (inputs.length / ms) * 1000;
}

export function toThroughput(rates: readonly number[], docs: number): Throughput {
  return { median: median(rates), min: Math.min(...rates), max: Math.max(...rates), rounds: [...rates], docs };
}
