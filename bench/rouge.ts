/**
 * ROUGE as `../shared/data/README.md` defines it: F1 over lowercased Unicode word tokens, no stemming,
 * one reference; ROUGE-L is the LCS over the whole text (not the sentence-split ROUGE-Lsum).
 */

export interface RougeScores {
  r1: number;
  r2: number;
  rl: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Lowercased runs of letters and digits: `team 's` and `team's` both give `team`, `s`. NFC first, so a
 * decomposed `é` (as some sources write it) stays one word; the benchmark files are NFC already.
 */
export function tokenize(text: string): string[] {
  return text.normalize("NFC").toLowerCase().match(WORD) ?? [];
}

function f1(overlap: number, candidateCount: number, referenceCount: number): number {
  if (overlap === 0 || candidateCount === 0 || referenceCount === 0) return 0;
  const precision = overlap / candidateCount;
  const recall = overlap / referenceCount;
  return (2 * precision * recall) / (precision + recall);
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join("\u0000");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N F1 with clipped n-gram counts. */
export function rougeN(candidate: string[], reference: string[], n: number): number {
  const cand = ngramCounts(candidate, n);
  const ref = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of cand) overlap += Math.min(count, ref.get(gram) ?? 0);
  return f1(overlap, Math.max(candidate.length - n + 1, 0), Math.max(reference.length - n + 1, 0));
}

/** Length of the longest common subsequence, O(n·m) time, O(m) memory. */
export function lcsLength(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      curr[j] = ai === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, curr[j - 1] as number);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length] as number;
}

export function rougeL(candidate: string[], reference: string[]): number {
  return f1(lcsLength(candidate, reference), candidate.length, reference.length);
}

/** Scores of one summary (its sentences joined by spaces) against one reference, as fractions in [0, 1]. */
export function rouge(summary: string | readonly string[], reference: string): RougeScores {
  const candidate = tokenize(typeof summary === "string" ? summary : summary.join(" "));
  const ref = tokenize(reference);
  return { r1: rougeN(candidate, ref, 1), r2: rougeN(candidate, ref, 2), rl: rougeL(candidate, ref) };
}

/** Macro average of per-document scores. */
export function meanScores(scores: readonly RougeScores[]): RougeScores {
  const n = scores.length || 1;
  const sum = scores.reduce((acc, s) => ({ r1: acc.r1 + s.r1, r2: acc.r2 + s.r2, rl: acc.rl + s.rl }), {
    r1: 0,
    r2: 0,
    rl: 0,
  });
  return { r1: sum.r1 / n, r2: sum.r2 / n, rl: sum.rl / n };
}

/** `40.7` style: a percentage with one decimal. */
export function pct(value: number): string {
  return (value * 100).toFixed(1);
}

export function formatScores(s: RougeScores): string {
  return `${pct(s.r1)} / ${pct(s.r2)} / ${pct(s.rl)}`;
}
