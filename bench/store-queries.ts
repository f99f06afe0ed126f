/**
 * The fixed search workload of `store-search.ts`: 500 queries built from the benchmark texts in a
 * fixed way (same data, same queries), in seven groups:
 * - common (100): the most widespread words (by document frequency), stop words left out;
 * - rare (100): words found in one text only (5+ letters), picked evenly from a hash order;
 * - two words (100): 70 neighbouring word pairs from the texts, 30 pairs of common words;
 * - name (100): names from the cards of the original texts (`summarize(...).names`);
 * - prefix (50): the first 3 to 5 letters of common and mid-frequency words (`gover`, `elec`);
 * - no hits (25): 15 English words that occur in no text, 10 pairs of rare words from different texts;
 * - diacritics (25): the data's own accented names (`Quiñones`), the same without accents
 *   (`Quinones`), common words with an accent added (`gövernment`), which diacritic folding must find.
 * A separate stress group (20: the commonest stop words and 1–2 letter prefixes) is timed apart.
 */
import { parseArticle } from "../src/article/parse.ts";
import { summarize } from "../src/summarize/index.ts";
import { STOPWORDS } from "../src/summarize/stopwords.ts";
import type { BenchDoc } from "./data.ts";
import { hashSeed } from "./lib/seeded-random.ts";

export type QueryGroup = "common" | "rare" | "two words" | "name" | "prefix" | "no hits" | "diacritics" | "stress";

export interface BenchQuery {
  group: QueryGroup;
  text: string;
}

export const GOAL_GROUPS: readonly QueryGroup[] = [
  "common",
  "rare",
  "two words",
  "name",
  "prefix",
  "no hits",
  "diacritics",
];

const words = (text: string) => text.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
const isWord = (w: string) => /^\p{L}+$/u.test(w);
const byHash = (a: string, b: string) => hashSeed(a) - hashSeed(b) || a.localeCompare(b);

/** Real words absent from the texts (checked); the first 15 absent ones are used. */
const ABSENT_CANDIDATES = (
  "quokka kombucha axolotl xylophonist narwhal zeppelin marzipan origami tamarind kumquat platypus " +
  "wombat ocelot pangolin capybara armadillo chinchilla dulcimer harpsichord theremin sousaphone " +
  "bassoon ukulele accordion"
).split(" ");

const ACCENTS: Record<string, string> = { e: "é", a: "á", o: "ö", u: "ü", i: "ï" };

function evenly<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}

export function buildQueries(docs: readonly BenchDoc[]): BenchQuery[] {
  const df = new Map<string, number>();
  const docWords: string[][] = [];
  for (const doc of docs) {
    const list = words(doc.text);
    docWords.push(list);
    for (const w of new Set(list.map((x) => x.toLowerCase()))) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const byDf = [...df.entries()].filter(([w]) => isWord(w)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const content = byDf.filter(([w]) => w.length >= 3 && !STOPWORDS.has(w)).map(([w]) => w);
  const common = content.slice(0, 100);
  const queries: BenchQuery[] = [];
  const add = (group: QueryGroup, list: readonly string[]) => {
    for (const text of list) queries.push({ group, text });
  };

  add("common", common);

  const rare = byDf
    .filter(([w, n]) => n === 1 && w.length >= 5)
    .map(([w]) => w)
    .sort(byHash);
  add("rare", evenly(rare, 100));

  // Neighbouring content words, one pair per text, spread over the texts.
  const pairs: string[] = [];
  const seenPairs = new Set<string>();
  for (const [i, list] of docWords.entries()) {
    if (i % Math.max(1, Math.floor(docWords.length / 140)) !== 0) continue;
    const start = hashSeed(docs[i]?.id ?? String(i)) % Math.max(1, list.length);
    for (let k = 0; k < list.length; k++) {
      const a = list[(start + k) % list.length] as string;
      const b = list[(start + k + 1) % list.length] as string;
      const ok = (w: string) => isWord(w) && w.length >= 3 && !STOPWORDS.has(w.toLowerCase());
      if ((start + k + 1) % list.length === 0 || !ok(a) || !ok(b)) continue;
      const pair = `${a} ${b}`;
      if (!seenPairs.has(pair.toLowerCase())) {
        seenPairs.add(pair.toLowerCase());
        pairs.push(pair);
      }
      break;
    }
  }
  add("two words", evenly(pairs, 70));
  add(
    "two words",
    Array.from({ length: 30 }, (_, i) => `${common[i] as string} ${common[(i * 7 + 31) % common.length] as string}`),
  );

  const names = new Set<string>();
  for (const doc of docs) {
    const article = parseArticle(doc.text, { format: "text", lang: "en", ...(doc.title ? { title: doc.title } : {}) });
    for (const name of summarize(article).names) names.add(name);
  }
  add("name", evenly([...names].sort(byHash), 100));

  const mid = content.slice(100, 2000);
  const prefixes = new Set<string>();
  const candidates = [...evenly(common, 25), ...evenly(mid, 200)];
  for (const [i, w] of candidates.entries()) {
    const length = 3 + (i % 3);
    if (w.length > length + 1 && prefixes.size < 50) prefixes.add(w.slice(0, length));
  }
  add("prefix", [...prefixes]);

  const absent = ABSENT_CANDIDATES.filter((w) => !df.has(w)).slice(0, 15);
  const rareByDoc = new Map<number, string>();
  for (const [i, list] of docWords.entries()) {
    const r = list.find((w) => isWord(w) && w.length >= 6 && df.get(w.toLowerCase()) === 1);
    if (r) rareByDoc.set(i, r);
  }
  const rareDocs = [...rareByDoc.entries()];
  const disjoint = Array.from({ length: 10 }, (_, i) => {
    const a = rareDocs[(i * 37) % rareDocs.length];
    const b = rareDocs[((i * 37 + rareDocs.length / 2) % rareDocs.length) | 0];
    return `${a?.[1]} ${b?.[1]}`;
  });
  add("no hits", [...absent, ...disjoint]);

  const original = [...new Set(docWords.flat().filter((w) => /[^\p{ASCII}]/u.test(w) && isWord(w)))].sort();
  const stripped = original.map((w) => w.normalize("NFD").replace(/\p{M}/gu, ""));
  const withAccent = common.map((w) => w.replace(/[aeiou]/, (v) => ACCENTS[v] ?? v));
  add("diacritics", [...original, ...stripped, ...withAccent].slice(0, 25));

  const stop = byDf.filter(([w]) => STOPWORDS.has(w)).map(([w]) => w);
  add("stress", [
    ...stop.filter((w) => w.length >= 2).slice(0, 10),
    "a",
    "b",
    "c",
    "m",
    "t",
    "th",
    "co",
    "re",
    "st",
    "pr",
  ]);
  return queries;
}
