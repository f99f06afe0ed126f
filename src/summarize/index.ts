import {
  type Article,
  type BriefingCard,
  BriefingCardSchema,
  MAX_HEADLINE_CHARS,
  MAX_POINTS,
  MAX_TLDR_CHARS,
  MIN_POINTS,
} from "../schemas.ts";
import { extractFigures } from "./figures.ts";
import { mainNames, nameMentions } from "./names.ts";
import { extractQuotes } from "./quotes.ts";
import { eligibility, overlap, scoreSentences } from "./rank.ts";
import { articleSentences, type Sentence } from "./sentences.ts";
import { cutAtWord, ELLIPSIS, stripDateline, trimToClause } from "./trim.ts";

/** Bumped whenever a card for the same article would come out different; stores rebuild on change. */
export const SUMMARIZER_VERSION = "extractive-1";

/** How many of the points come from the lede: the first sentences that are plain statements. */
export const LEDE_POINTS = 3;
/** Words a point may keep before it is trimmed at a clause boundary. */
export const POINT_MAX_WORDS = 32;
const WORDS_PER_MINUTE = 220;
const NAMES_ON_A_CARD = 8;

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
  const count = Math.min(MAX_POINTS, Math.max(MIN_POINTS, options.points ?? defaultPointCount(sentences)));
  const points = pickPoints(sentences, scores, count);
  const lead = leadSentence(sentences, scores);
  const words = sentences.reduce((n, s) => n + s.words.length, 0);
  const lowerWords = new Set(sentences.flatMap((s) => s.lowerCase));
  const mentions = nameMentions(article.paragraphs, lowerWords);

  return BriefingCardSchema.parse({
    articleId: article.id,
    headline: headlineOf(article, lead),
    tldr: tldrOf(lead),
    points,
    quotes: extractQuotes(article.paragraphs, article.lang),
    figures: extractFigures(article.paragraphs),
    names: mainNames(article.paragraphs, NAMES_ON_A_CARD, lowerWords, mentions),
    lang: article.lang,
    date: article.publishedAt,
    source: article.source,
    url: article.url,
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
    summarizer: SUMMARIZER_VERSION,
  });
}

/**
 * The article's `count` key points, in article order: the extractive core of {@link summarize},
 * exposed for benchmarks that ask for more points than a card holds.
 */
export function keyPoints(article: Article, count: number): string[] {
  const sentences = articleSentences(article.paragraphs);
  return pickPoints(sentences, scoreSentences(sentences, article.title), count);
}

function defaultPointCount(sentences: readonly Sentence[]): number {
  if (sentences.length >= 30) return 5;
  if (sentences.length >= 15) return 4;
  return 3;
}

/**
 * The lede first (news puts the essentials in its first sentences), then the most central of the
 * rest, leaving out near-repeats; returned in article order, each trimmed at a clause boundary.
 */
function pickPoints(sentences: readonly Sentence[], scores: readonly number[], count: number): string[] {
  const chosen: Sentence[] = [];
  for (const s of sentences) {
    if (chosen.length >= Math.min(LEDE_POINTS, count)) break;
    if (eligibility(s) === 1) chosen.push(s);
  }
  const order = sentences.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  for (const i of order) {
    if (chosen.length >= count) break;
    const s = sentences[i] as Sentence;
    if (chosen.includes(s) || chosen.some((c) => overlap(c, s) > 0.6)) continue;
    chosen.push(s);
  }
  for (const i of order) {
    if (chosen.length >= count) break;
    const s = sentences[i] as Sentence;
    if (!chosen.includes(s)) chosen.push(s);
  }
  return chosen.sort((a, b) => a.index - b.index).map((s) => trimToClause(stripDateline(s.text).text, POINT_MAX_WORDS));
}

function leadSentence(sentences: readonly Sentence[], scores: readonly number[]): string {
  // The TL;DR is the best of the first three sentences: the lede, unless it is a fragment.
  let best = 0;
  for (let i = 1; i < Math.min(3, sentences.length); i++)
    if ((scores[i] as number) > (scores[best] as number)) best = i;
  return stripDateline(sentences[best]?.text ?? "").text;
}

function headlineOf(article: Article, lead: string): string {
  const basis = article.title ?? lead.replace(/[.!?…]+["'”’»]?$/u, "");
  return cutAtWord(basis, MAX_HEADLINE_CHARS);
}

function tldrOf(lead: string): string {
  const trimmed = trimToClause(lead, 60, 8, MAX_TLDR_CHARS);
  return trimmed.length <= MAX_TLDR_CHARS ? trimmed : cutAtWord(lead, MAX_TLDR_CHARS);
}

export { ELLIPSIS };
