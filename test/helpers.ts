import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArticle } from "../src/article/parse.ts";
import type { Article, BriefingCard } from "../src/schemas.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const ARTICLES = join(FIXTURES, "articles");
export const SEED = join(ROOT, "briefings", "articles", "poetin-2022-02.txt");
/** The shared benchmark data; read in place, never copied into the project. */
export const SHARED_DATA = process.env.BRIEFBOT_BENCH_DATA ?? join(ROOT, "..", "shared", "data");

/**
 * Whether the shared datasets are beside the project. A clone elsewhere has no `../shared`: the
 * tests that read it are skipped there, and say so once.
 */
export const HAS_SHARED_DATA = existsSync(join(SHARED_DATA, "bbc-news-summary-dev.jsonl"));

/** Say once per test file that the shared data is missing, naming what is left out. */
export function noteMissingSharedData(what: string): void {
  process.stderr.write(`note: ${SHARED_DATA} is absent, so ${what} is skipped\n`);
}

export interface QuoteExpectation {
  text: string;
  speaker: string | null;
  role: string | null;
}
export interface ArticleExpectation {
  lang: string;
  title: string | null;
  date: string | null;
  quotes: QuoteExpectation[];
  notQuotes: string[];
  figures: string[];
  notFigures: string[];
  sentences: number;
  names: string[];
}

export function readArticleFixture(path: string): Article {
  return parseArticle(readFileSync(path, "utf8"), { path });
}

export function fixtureArticles(): Array<{ file: string; path: string }> {
  return readdirSync(ARTICLES)
    .filter((f) => /\.(txt|md|html)$/.test(f))
    .sort()
    .map((file) => ({ file, path: join(ARTICLES, file) }));
}

export function expectations(): Record<string, ArticleExpectation> {
  return JSON.parse(readFileSync(join(ARTICLES, "expectations.json"), "utf8"));
}

/** Rows of a shared JSONL dataset: `{ id, text, title? }` (none without the shared data). */
export function sharedRows(
  file: string,
  limit = Number.POSITIVE_INFINITY,
): Array<{ id: string; text: string; title?: string }> {
  if (!HAS_SHARED_DATA) {
    noteMissingSharedData(`the ${file} part of this test`);
    return [];
  }
  const lines = readFileSync(join(SHARED_DATA, file), "utf8").split("\n").filter(Boolean);
  return lines.slice(0, limit).map((l) => JSON.parse(l));
}

/** Quote text compared without trailing commas and spaces, which cards drop. */
export function normalizeQuote(text: string): string {
  return text.replace(/[\s,]+$/u, "").trim();
}

/** A logger that keeps its lines for assertions: a test fake of the logging port. */
export function recordingLogger() {
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const keep = (fields: object, message: string) =>
    void lines.push({ fields: fields as Record<string, unknown>, message });
  return { lines, log: { info: keep, warn: keep, error: keep } };
}

/** The default summarizer, as the composition root chooses it. */
export const summarizer = createExtractiveSummarizer();

/** A store input with the card the default summarizer makes of its article. */
export function carded<T extends { article: Article }>(input: T): T & { card: BriefingCard } {
  return { ...input, card: summarizer.summarize(input.article) as BriefingCard };
}
