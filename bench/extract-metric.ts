/**
 * The Article Extraction Benchmark's own metric (`evaluate.py` beside its data), ported: token
 * 4-gram shingles, per-page true/false positives and negatives normalised to sum to one, precision
 * and recall averaged over the pages where they are defined, F1 from those two averages.
 * Python's `\w` (Unicode letters, digits, numerics and `_`) is `[\p{L}\p{N}_]` here.
 */

/** One page's share of shingles found (tp), extra (fp) and missed (fn); they sum to 1 (or are all 0). */
export type Counts = readonly [tp: number, fp: number, fn: number];

export interface Scores {
  f1: number;
  precision: number;
  recall: number;
}

const TOKEN = /[\p{L}\p{N}_]+/gu;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  // As in the original: a text shorter than n tokens is one (short) shingle, an empty text none.
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const shingle = tokens.slice(i, i + n);
    if (shingle.length === 0) continue;
    const key = shingle.join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** How a prediction matches the true article body, as `string_shingle_matching` does. */
export function matchShingles(truth: string, prediction: string): Counts {
  const t = shingles(truth);
  const p = shingles(prediction);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}

function precisionOf([tp, fp, fn]: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallOf([tp, fp, fn]: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The benchmark's figures over many pages (`metrics_from_tp_fp_fns`). */
export function scoreAll(pages: readonly Counts[]): Scores {
  const precision = mean(pages.filter(([tp, fp]) => tp + fp > 0).map(precisionOf));
  const recall = mean(pages.filter(([tp, , fn]) => tp + fn > 0).map(recallOf));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

/** One page's F1, for finding where an extractor loses. */
export function pageF1(counts: Counts): number {
  const p = precisionOf(counts);
  const r = recallOf(counts);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}
