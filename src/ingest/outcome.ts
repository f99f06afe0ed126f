import { BriefbotError } from "../errors.ts";
import type { Article } from "../schemas.ts";
import type { Store } from "../store/index.ts";
import type { Summarizer } from "../summarize/port.ts";
import type { FetchOptions } from "./fetch.ts";

export type ItemOutcome = "added" | "updated" | "skipped" | "failed";

/** What became of one source: a file, a page, or one item of a feed. */
export interface IngestItem {
  source: string;
  outcome: ItemOutcome;
  articleId?: string;
  title?: string;
  /** Why it was skipped or failed. */
  reason?: string;
}

export interface FeedReport {
  url: string;
  status: "read" | "not-modified" | "failed";
  items: number;
  /** The first read of a new feed: its items are stored as backlog, never posted. */
  backlog: boolean;
  /** Items not read because the read's deadline passed: the next poll reads them. */
  left?: number;
  error?: string;
}

/** The closing summary of an ingest, also its `--json` output. */
export interface IngestSummary {
  added: number;
  updated: number;
  skipped: number;
  failed: number;
  items: IngestItem[];
  feeds: FeedReport[];
}

export interface IngestDeps {
  store: Store;
  /** Makes each article's card before it is stored. */
  summarizer: Summarizer;
  fetch?: FetchOptions;
  /** Largest article file read, in bytes. */
  maxFileBytes?: number;
  /** Pages fetched at once for a feed's items. */
  concurrency?: number;
  /** How long one read of a feed may take, its items' pages included (default 2 minutes). */
  feedDeadlineMs?: number;
  /** Who polls, for the feeds' leases (one poller per feed at a time, whatever processes poll). */
  owner?: string;
  /** Told the total once files are listed, then after every item. */
  onProgress?: (event: { done: number; total: number; item?: IngestItem }) => void;
}

/** Summarize, then store in one transaction; what became of it, as an ingest item. */
export async function saveArticle(
  deps: Pick<IngestDeps, "store" | "summarizer">,
  article: Article,
  where: { origin: string; canonical: string; feedId?: number; backlog?: boolean },
): Promise<IngestItem> {
  // The card is made before the write transaction, which then stays short.
  const card = await deps.summarizer.summarize(article);
  const result = await deps.store.save({ article, card, ...where });
  return {
    source: where.origin,
    outcome: result.outcome,
    articleId: result.articleId,
    title: card.headline,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

export function failure(source: string, error: unknown): IngestItem {
  // Our errors say what is wrong with the source; anything else is a fault of ours, still reported
  // per source so that the rest of the batch goes on.
  const text = error instanceof BriefbotError ? error.message : `internal error: ${errorMessage(error)}`;
  // Messages name their source already (`path: problem`); keep only the problem.
  const reason = text.startsWith(`${source}: `) ? text.slice(source.length + 2) : text;
  return { source, outcome: "failed", reason };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
