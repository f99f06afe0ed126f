import { type Article, type BriefingCard, BriefingCardSchema } from "../schemas.ts";

/** An article row as both engines read it, with its card. */
export interface ArticleRow {
  rowid: number;
  id: string;
  url: string | null;
  title: string | null;
  source: string | null;
  published_at: string | null;
  lang: string;
  paragraphs: string;
  summarizer: string | null;
  card: string | null;
}

export function articleOf(row: ArticleRow): Article {
  const paragraphs = JSON.parse(row.paragraphs) as string[];
  return {
    id: row.id,
    lang: row.lang,
    paragraphs,
    text: paragraphs.join("\n\n"),
    ...(row.title ? { title: row.title } : {}),
    ...(row.url ? { url: row.url } : {}),
    ...(row.source ? { source: row.source } : {}),
    ...(row.published_at ? { publishedAt: row.published_at } : {}),
  };
}

/** A row's card as it was stored: reads never summarize and never write. */
export const cardOf = (row: Pick<ArticleRow, "card">): BriefingCard =>
  BriefingCardSchema.parse(JSON.parse(row.card ?? "null"));

/** The database file inside a data directory (SQLite). */
export const DATABASE_FILE = "briefbot.db";
