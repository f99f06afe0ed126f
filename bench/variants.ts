/**
 * Distinct articles made from the benchmark texts, for filling a library: each is one dataset text
 * with its sentences in another order, and a dated header. Nothing is added to the text: every
 * sentence is a verbatim sentence of the same dataset article, each used exactly once.
 *
 * Article k comes from dataset text k mod B (B texts), as its variant v = ⌊k / B⌋ (when a short text
 * has run out of orders, the next text takes its turn):
 * - v = 0: the text as it is;
 * - 1 ≤ v < n (n sentences): the sentences rotated by v, so the article starts at its (v+1)-th sentence;
 * - v ≥ n: the sentences shuffled by a PRNG seeded with `<id>#<v>`.
 * The sentences are cut by briefbot's segmenter and poured back into paragraphs of the original
 * sizes (one paragraph for CNN/DM, whose texts have none). A variant whose content hash (the store's
 * own `contentHash`, which ignores spacing) was made before is redrawn, so all are distinct articles to
 * the store. The header (`date …` for CNN/DM, YAML front matter with the BBC title and a date for BBC)
 * is metadata, not text: it cannot make two texts differ, the sentence order does.
 */
import { splitSentences } from "../src/article/sentences.ts";
import { contentHash } from "../src/store/canonical.ts";
import type { BenchDoc } from "./data.ts";
import { hashSeed, mulberry32 } from "./lib/seeded-random.ts";

export interface Variant {
  /** 0-based article number. */
  index: number;
  baseId: string;
  /** Which order of the base text (0 = the original). */
  variant: number;
  /** `00042.txt`. */
  fileName: string;
  /** The file's content: header plus paragraphs. */
  content: string;
}

interface Base {
  doc: BenchDoc;
  sentences: string[];
  /** Sentences per paragraph of the original. */
  sizes: number[];
  next: number;
  exhausted: boolean;
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 0, 1);
/** Redraws before a short text is declared out of distinct orders. */
const ATTEMPTS = 20;

/** The date an article is given: one of 730 days from 2024-01-01, by its number. */
export function variantDate(index: number): string {
  return new Date(FIRST_DAY + (index % 730) * DAY_MS).toISOString().slice(0, 10);
}

function toBase(doc: BenchDoc): Base {
  const paragraphs = doc.text
    .split(/\n\s*\n/)
    .map((p) => splitSentences(p, "en"))
    .filter((s) => s.length > 0);
  return { doc, sentences: paragraphs.flat(), sizes: paragraphs.map((p) => p.length), next: 0, exhausted: false };
}

function shuffled<T>(items: readonly T[], seed: string): T[] {
  const random = mulberry32(hashSeed(seed));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function order(base: Base, v: number, attempt: number): string[] {
  const s = base.sentences;
  if (attempt === 0 && v === 0) return s;
  if (attempt === 0 && v < s.length) return [...s.slice(v), ...s.slice(0, v)];
  return shuffled(s, attempt === 0 ? `${base.doc.id}#${v}` : `${base.doc.id}#${v}#${attempt}`);
}

function paragraphsOf(sentences: readonly string[], sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(sentences.slice(at, at + size).join(" "));
    at += size;
  }
  return out;
}

function render(doc: BenchDoc, paragraphs: readonly string[], date: string): string {
  const body = paragraphs.join("\n\n");
  return doc.title
    ? `---\ntitle: ${JSON.stringify(doc.title)}\ndate: ${date}\n---\n\n${body}\n`
    : `date ${date} ${body}\n`;
}

/**
 * `count` distinct articles from `docs`, lazily, in a fixed order (same input, same output).
 * @throws when the texts cannot give that many distinct orders.
 */
export function* articleVariants(docs: readonly BenchDoc[], count: number): Generator<Variant> {
  const bases = docs.map(toBase).filter((b) => b.sentences.length > 0);
  const seen = new Set<string>();
  const width = Math.max(5, String(count - 1).length);
  let index = 0;
  while (index < count) {
    let progressed = false;
    for (const base of bases) {
      if (index >= count) break;
      if (base.exhausted) continue;
      const v = base.next++;
      let paragraphs: string[] | undefined;
      for (let attempt = 0; attempt < ATTEMPTS && !paragraphs; attempt++) {
        const candidate = paragraphsOf(order(base, v, attempt), base.sizes);
        const key = contentHash(candidate.join("\n\n")).slice(0, 24);
        if (!seen.has(key)) {
          seen.add(key);
          paragraphs = candidate;
        }
      }
      if (!paragraphs) {
        base.exhausted = true;
        continue;
      }
      progressed = true;
      yield {
        index,
        baseId: base.doc.id,
        variant: v,
        fileName: `${String(index).padStart(width, "0")}.txt`,
        content: render(base.doc, paragraphs, variantDate(index)),
      };
      index++;
    }
    if (!progressed) throw new Error(`the texts give only ${index} distinct articles, ${count} were asked for`);
  }
}
