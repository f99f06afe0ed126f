import type { Sentence } from "./sentences.ts";
import { STOPWORDS } from "./stopwords.ts";

/** Weights of the sentence score; the defaults are tuned on the benchmark (docs/BENCHMARKS.md). */
export interface RankWeights {
  position: number;
  centrality: number;
  title: number;
}

export const DEFAULT_WEIGHTS: RankWeights = { position: 1, centrality: 0.6, title: 0.3 };

/**
 * Score each sentence for a briefing: early in the article (news puts the essentials first),
 * central to its vocabulary (TF-IDF cosine with the whole), close to the title. Questions,
 * fragments and sentences that are mostly quotation score lower.
 */
export function scoreSentences(
  sentences: readonly Sentence[],
  title?: string,
  w: RankWeights = DEFAULT_WEIGHTS,
): number[] {
  const n = sentences.length;
  const df = new Map<string, number>();
  const bags = sentences.map((s) => {
    const bag = new Map<string, number>();
    for (const word of s.words) if (!STOPWORDS.has(word)) bag.set(word, (bag.get(word) ?? 0) + 1);
    for (const word of bag.keys()) df.set(word, (df.get(word) ?? 0) + 1);
    return bag;
  });
  const idf = (word: string) => Math.log((n + 1) / ((df.get(word) ?? 0) + 0.5));
  const centroid = new Map<string, number>();
  for (const bag of bags) for (const [word, tf] of bag) centroid.set(word, (centroid.get(word) ?? 0) + tf * idf(word));
  const titleWords = new Set((title?.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !STOPWORDS.has(t)));

  return sentences.map((s, i) => {
    const bag = bags[i] as Map<string, number>;
    const centrality = cosine(bag, centroid, idf);
    const titleHit =
      titleWords.size === 0 ? 0 : [...bag.keys()].filter((t) => titleWords.has(t)).length / titleWords.size;
    const position = 1 / Math.sqrt(i + 1);
    let score = w.position * position + w.centrality * centrality + w.title * titleHit;
    const len = s.words.length;
    if (len < 6) score *= 0.3;
    else if (len < 10) score *= 0.8;
    if (/\?["'”’»]?\s*$/u.test(s.text)) score *= 0.5;
    if (quotedShare(s.text) > 0.6) score *= 0.7;
    return score;
  });
}

function cosine(bag: Map<string, number>, centroid: Map<string, number>, idf: (w: string) => number): number {
  let dot = 0;
  let a = 0;
  for (const [word, tf] of bag) {
    const x = tf * idf(word);
    dot += x * (centroid.get(word) ?? 0);
    a += x * x;
  }
  let b = 0;
  for (const v of centroid.values()) b += v * v;
  return a === 0 || b === 0 ? 0 : dot / Math.sqrt(a * b);
}

function quotedShare(text: string): number {
  const m = text.match(/[“„"«`'‘][^“”„"«»`']{3,}[”"»'’]/gu) ?? [];
  return m.reduce((sum, q) => sum + q.length, 0) / Math.max(1, text.length);
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
