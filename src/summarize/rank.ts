import type { Sentence } from "./sentences.ts";
import { STOPWORDS } from "./stopwords.ts";

/** Sentences past this many are ranked by position alone: TextRank is quadratic. */
const MAX_RANKED = 400;
const DAMPING = 0.85;
const ITERATIONS = 30;
const CONVERGED = 1e-6;

/**
 * Centrality of each sentence by TextRank (Mihalcea & Tarau, 2004): a graph of sentences, edges
 * weighted by shared content words over the log of their lengths, ranked by PageRank. Scaled so
 * that an average sentence scores 1. Fragments and questions score lower: a key point states
 * something. (Sentences that are mostly quotation are not held back: the benchmark showed it costs
 * more than it gives, docs/BENCHMARKS.md.)
 */
export function scoreSentences(sentences: readonly Sentence[], title?: string): number[] {
  const n = Math.min(sentences.length, MAX_RANKED);
  // Content words as sorted integer ids: intersections become merges, not hash lookups.
  const ids = new Map<string, number>();
  const bags = sentences.slice(0, n).map((s) => {
    const set = new Set<number>();
    for (const w of s.words) {
      if (STOPWORDS.has(w)) continue;
      let id = ids.get(w);
      if (id === undefined) {
        id = ids.size;
        ids.set(w, id);
      }
      set.add(id);
    }
    return Int32Array.from(set).sort();
  });
  const logs = bags.map((b) => Math.log(b.length + 1));
  // The graph as compressed rows: each edge once per end, its weight beside it.
  const pairs: number[] = [];
  const weights: number[] = [];
  const degree = new Int32Array(n);
  const outSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = bags[i] as Int32Array;
    for (let j = i + 1; j < n; j++) {
      const common = intersectionSize(a, bags[j] as Int32Array);
      if (common === 0) continue;
      const v = common / ((logs[i] as number) + (logs[j] as number));
      pairs.push(i, j);
      weights.push(v);
      degree[i] = (degree[i] as number) + 1;
      degree[j] = (degree[j] as number) + 1;
      outSum[i] = (outSum[i] as number) + v;
      outSum[j] = (outSum[j] as number) + v;
    }
  }
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = (rowStart[i] as number) + (degree[i] as number);
  const fill = rowStart.slice(0, n);
  const cols = new Int32Array(pairs.length);
  const vals = new Float64Array(pairs.length);
  for (let e = 0; e < weights.length; e++) {
    const i = pairs[2 * e] as number;
    const j = pairs[2 * e + 1] as number;
    const v = weights[e] as number;
    const fi = fill[i] as number;
    cols[fi] = j;
    vals[fi] = v;
    fill[i] = fi + 1;
    const fj = fill[j] as number;
    cols[fj] = i;
    vals[fj] = v;
    fill[j] = fj + 1;
  }
  let rank = new Float64Array(n).fill(1 / Math.max(1, n));
  let next = new Float64Array(n);
  for (let it = 0; it < ITERATIONS; it++) {
    next.fill((1 - DAMPING) / Math.max(1, n));
    for (let j = 0; j < n; j++) {
      const out = outSum[j] as number;
      if (out === 0) continue;
      const share = (DAMPING * (rank[j] as number)) / out;
      const end = rowStart[j + 1] as number;
      for (let e = rowStart[j] as number; e < end; e++) {
        const i = cols[e] as number;
        next[i] = (next[i] as number) + share * (vals[e] as number);
      }
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs((next[i] as number) - (rank[i] as number));
    [rank, next] = [next, rank];
    if (delta < CONVERGED) break;
  }
  const titleIds = new Set<number>();
  for (const t of title?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const id = ids.get(t);
    if (id !== undefined) titleIds.add(id);
  }
  const titleSize = new Set((title?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !STOPWORDS.has(t)))
    .size;
  return sentences.map((s, i) => {
    let score = i < n ? (rank[i] as number) * n : 0;
    if (titleSize > 0 && i < n) {
      let hits = 0;
      for (const id of bags[i] as Int32Array) if (titleIds.has(id)) hits++;
      score *= 1 + (0.3 * hits) / titleSize;
    }
    return score * eligibility(s);
  });
}

function intersectionSize(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

/** How fit a sentence is to be a key point on its own: 1 for a plain statement, less otherwise. */
export function eligibility(s: Sentence): number {
  const len = s.words.length;
  let f = 1;
  if (len < 6) f *= 0.3;
  if (/\?["'”’»]?\s*$/u.test(s.text)) f *= 0.5;
  return f;
}

/** Word-set overlap of two sentences, for leaving out near-repeats. */
export function overlap(a: Sentence, b: Sentence): number {
  const x = new Set(a.words.filter((t) => !STOPWORDS.has(t)));
  const y = new Set(b.words.filter((t) => !STOPWORDS.has(t)));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const t of x) if (y.has(t)) common++;
  return common / Math.min(x.size, y.size);
}
