/** Paired bootstrap over documents: how sure is "A beats B" on a few hundred docs? */
import { mulberry32 } from "./seeded-random.ts";

export interface PairedDifference {
  /** Mean of a[i] - b[i]. */
  mean: number;
  /** 95 % percentile interval of the resampled mean difference. */
  low: number;
  high: number;
}

export function pairedBootstrap(a: readonly number[], b: readonly number[], resamples = 2000): PairedDifference {
  const n = Math.min(a.length, b.length);
  const diffs = Array.from({ length: n }, (_, i) => (a[i] as number) - (b[i] as number));
  const mean = diffs.reduce((s, d) => s + d, 0) / (n || 1);
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  const random = mulberry32(12345);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)] as number;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return {
    mean,
    low: means[Math.floor(resamples * 0.025)] as number,
    high: means[Math.floor(resamples * 0.975)] as number,
  };
}
