import { z } from "zod";

/** ISO 639-1 code of an article's language; `nl` and `en` are first-class. */
export const LangSchema = z.string().regex(/^[a-z]{2,3}$/, "a lowercase ISO 639 language code");

/**
 * An article as briefbot reads it: plain paragraphs plus whatever metadata its source carried.
 *
 * @example
 * const article = ArticleSchema.parse({ id: "a1", lang: "nl", paragraphs: ["Poetin neemt de tijd."], text: "Poetin neemt de tijd." });
 */
export const ArticleSchema = z.object({
  /** Stable: derived from the canonical URL, else from the normalized text. */
  id: z.string().min(1),
  title: z.string().min(1).optional(),
  url: z.string().url().optional(),
  source: z.string().min(1).optional(),
  /** ISO date, as precise as the source gave it: `2022-02`, `2022-02-19` or a full timestamp. */
  publishedAt: z.string().min(4).optional(),
  lang: LangSchema,
  paragraphs: z.array(z.string().min(1)).min(1),
  /** The paragraphs joined by blank lines: every span a card cites is a span of this text. */
  text: z.string().min(1),
});
export type Article = z.infer<typeof ArticleSchema>;

/** A direct quotation: `text` is a verbatim span of the article, without its quote marks. */
export const QuoteSchema = z.object({
  text: z.string().min(1),
  speaker: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  /** Index of the paragraph the quote opens in. */
  paragraph: z.number().int().nonnegative(),
});
export type Quote = z.infer<typeof QuoteSchema>;

/** A number with what it counts: `150.000` about `Russische militairen rondom Oekraïne`. */
export const FigureSchema = z.object({
  /** Verbatim span of the article, e.g. `150.000`, `60 procent`, `$1.8 million`. */
  value: z.string().min(1),
  /** Verbatim span of the article naming what the value counts. */
  about: z.string(),
  paragraph: z.number().int().nonnegative(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const MIN_POINTS = 3;
export const MAX_POINTS = 5;
export const MAX_HEADLINE_CHARS = 100;
export const MAX_TLDR_CHARS = 280;

/**
 * What the summarizer makes of one article, and what every renderer publishes.
 *
 * @example
 * const card = summarize(parseArticle(readFileSync("briefings/articles/poetin-2022-02.txt", "utf8")));
 * card.quotes[0]; // { text: "de situatie aan de Russische grenzen ieder moment kan ontbranden", speaker: "De woordvoerder van het Kremlin", paragraph: 2 }
 */
export const BriefingCardSchema = z.object({
  articleId: z.string().min(1),
  headline: z.string().min(1).max(MAX_HEADLINE_CHARS),
  tldr: z.string().min(1).max(MAX_TLDR_CHARS),
  /** Sentences of the article in article order; a trimmed one ends in `…`. */
  points: z.array(z.string().min(1)).max(MAX_POINTS),
  quotes: z.array(QuoteSchema),
  figures: z.array(FigureSchema),
  names: z.array(z.string().min(1)),
  lang: LangSchema,
  date: z.string().optional(),
  source: z.string().optional(),
  url: z.string().optional(),
  readingMinutes: z.number().int().positive(),
  /** Version of the summarizer that made the card; a store rebuilds cards when it changes. */
  summarizer: z.string(),
});
export type BriefingCard = z.infer<typeof BriefingCardSchema>;
