import { type Article, type BriefingCard, BriefingCardSchema, type DeliveryStatus } from "../schemas.ts";
import type { LedgerRow } from "./port.ts";

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

/** A delivery row's columns as both engines read them. */
export interface DeliveryColumns {
  subscription: string;
  slot: string;
  until: string | null;
  destination: string;
  status: DeliveryStatus;
  message_ref: string | null;
  attempts: number;
  error: string | null;
  more: number;
}

/** A delivery row as the ledger lists it, with the articles it carried. */
export function ledgerRowOf(r: DeliveryColumns, articles: string[]): LedgerRow {
  return {
    subscription: r.subscription,
    slot: r.slot,
    ...(r.until ? { until: r.until } : {}),
    destination: r.destination,
    status: r.status,
    messageRef: r.message_ref,
    attempts: r.attempts,
    error: r.error,
    articles,
    more: r.more,
  };
}
