import { type Article, type BriefingCard, BriefingCardSchema, MAX_POINTS, MIN_POINTS } from "../schemas.ts";
import { extractFigures } from "./figures.ts";
import { headlineOf, tldrOf, tldrSentence } from "./lede.ts";
import { mainNames } from "./names.ts";
import { pickPoints } from "./points.ts";
import { quotesOf, readArticle } from "./quotes.ts";
import { scoreSentences } from "./rank.ts";
import { readerFor } from "./reader.ts";
import { articleSentences, type Sentence } from "./sentences.ts";
import { ELLIPSIS } from "./trim.ts";

/** Bumped whenever a card for the same article would come out different; stores rebuild on change. */
export const SUMMARIZER_VERSION = "extractive-2";

const WORDS_PER_MINUTE = 220;
const NAMES_ON_A_CARD = 8;
const FIGURES_ON_A_CARD = 8;

export interface SummarizeOptions {
  /** How many key points (3 to 5 on a card; any number for benchmarks through {@link keyPoints}). */
  points?: number;
}

/**
 * The core summarizer: pure, offline and deterministic. Every point, quote and figure is a
 * verbatim span of `article.text` (a trimmed point ends in `…`).
 *
 * @example
 * const card = summarize(parseArticle(text, { path: "poetin-2022-02.txt" }));
 * card.points.length; // 3 to 5
 */
export function summarize(article: Article, options: SummarizeOptions = {}): BriefingCard {
  const sentences = articleSentences(article.paragraphs);
  const scores = scoreSentences(sentences, article.title);
  const reader = readerFor(article.lang, article.paragraphs);
  const count = Math.min(MAX_POINTS, Math.max(MIN_POINTS, options.points ?? defaultPointCount(sentences)));
  const lead = tldrSentence(sentences, scores);
  const points = pickPoints(sentences, scores, count, reader, lead);
  const words = sentences.reduce((n, s) => n + s.words.length, 0);
  const reading = readArticle(article.paragraphs, article.lang, reader);
  const quotes = quotesOf(reading).map(({ rule: _, ...q }) => q);

  return BriefingCardSchema.parse({
    articleId: article.id,
    headline: headlineOf(article.title, sentences, reader.lex),
    tldr: tldrOf(lead),
    points,
    quotes,
    figures: extractFigures(article.paragraphs, FIGURES_ON_A_CARD, article.lang),
    names: mainNames(reading.people, quotes, NAMES_ON_A_CARD),
    lang: article.lang,
    date: article.publishedAt,
    source: article.source,
    url: article.url,
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
    summarizer: SUMMARIZER_VERSION,
  });
}

/**
 * The card's summary as sentences: the TL;DR, then `count - 1` points in article order. The
 * extractive core of {@link summarize}, exposed for benchmarks that ask for more than a card holds.
 */
export function keyPoints(article: Article, count: number): string[] {
  const sentences = articleSentences(article.paragraphs);
  const scores = scoreSentences(sentences, article.title);
  const lead = tldrSentence(sentences, scores);
  if (!lead || count <= 0) return [];
  const reader = readerFor(article.lang, article.paragraphs);
  return [tldrOf(lead), ...pickPoints(sentences, scores, count - 1, reader, lead)];
}

function defaultPointCount(sentences: readonly Sentence[]): number {
  if (sentences.length >= 30) return 5;
  if (sentences.length >= 15) return 4;
  return 3;
}

export { ELLIPSIS };
