import { stat } from "node:fs/promises";
import { listArticleFiles } from "../article/files.ts";
import { parseArticle } from "../article/parse.ts";
import { readArticleInput } from "../article/read.ts";
import { BriefbotError } from "../errors.ts";
import type { Article } from "../schemas.ts";
import { canonicalFile, canonicalUrl } from "../store/canonical.ts";
import type { FeedRow } from "../store/feeds.ts";
import type { Store } from "../store/store.ts";
import { summarize } from "../summarize/index.ts";
import { looksLikeFeed, readFeed } from "./feed.ts";
import { FEED_TYPES, type Fetched, type FetchOptions, fetchText, HTML_TYPES } from "./fetch.ts";
import { articleFromPage } from "./page.ts";

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
  fetch?: FetchOptions;
  /** Largest article file read, in bytes. */
  maxFileBytes?: number;
  /** Pages fetched at once for a feed's items. */
  concurrency?: number;
  /** Told the total once files are listed, then after every item. */
  onProgress?: (event: { done: number; total: number; item?: IngestItem }) => void;
}

/**
 * Ingest files, folders, web pages and feeds into the store. Each article is one transaction; a
 * source that fails is reported with its reason and the rest go on.
 *
 * @example
 * const summary = await ingestSources(["briefings/", "https://example.org/feed.xml"], { store });
 * summary.failed; // 0
 */
export async function ingestSources(sources: readonly string[], deps: IngestDeps): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, updated: 0, skipped: 0, failed: 0, items: [], feeds: [] };
  const record = (item: IngestItem) => {
    summary.items.push(item);
    summary[item.outcome]++;
  };
  const files: string[] = [];
  const urls: string[] = [];
  for (const source of sources) {
    if (/^https?:\/\//i.test(source)) {
      urls.push(source);
      continue;
    }
    try {
      const info = await stat(source);
      if (info.isDirectory()) files.push(...(await listArticleFiles(source)));
      else files.push(source);
    } catch {
      record({ source, outcome: "failed", reason: "no such file or folder" });
    }
  }
  const total = files.length + urls.length;
  let done = 0;
  const progress = (item?: IngestItem) => deps.onProgress?.({ done, total, item });
  progress();

  for (const file of files) {
    const item = await ingestFile(file, deps);
    record(item);
    done++;
    progress(item);
  }
  for (const url of urls) {
    const before = summary.items.length;
    try {
      await ingestUrl(url, deps, record, summary.feeds);
    } catch (error) {
      // Whatever went wrong with one source, the batch goes on.
      record(failure(url, error));
    }
    done++;
    progress(summary.items[summary.items.length - 1] ?? summary.items[before]);
  }
  return summary;
}

/** When the next followed feed falls due, or undefined when no feed is followed. */
export function nextFeedDue(store: Store): Date | undefined {
  const times = store.feeds
    .list()
    .map((f) => (f.lastPolledAt ? Date.parse(f.lastPolledAt) + f.intervalSeconds * 1000 : 0));
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

/** Poll every followed feed whose interval has passed; new items are news, not backlog. */
export async function pollDueFeeds(deps: IngestDeps, at: Date): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, updated: 0, skipped: 0, failed: 0, items: [], feeds: [] };
  const record = (item: IngestItem) => {
    summary.items.push(item);
    summary[item.outcome]++;
  };
  for (const feed of deps.store.feeds.due(at)) {
    try {
      await ingestFeed(feed, undefined, deps, record, summary.feeds);
    } catch (error) {
      record(failure(feed.url, error));
      deps.store.feeds.recordPoll(feed.id, {
        succeeded: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return summary;
}

async function ingestFile(file: string, deps: IngestDeps): Promise<IngestItem> {
  try {
    const text = await readArticleInput(file, { maxBytes: deps.maxFileBytes });
    const article = parseArticle(text, { path: file });
    return saveArticle(deps.store, article, { origin: file, canonical: canonicalFile(file) });
  } catch (error) {
    return failure(file, error);
  }
}

async function ingestUrl(
  url: string,
  deps: IngestDeps,
  record: (item: IngestItem) => void,
  feeds: FeedReport[],
): Promise<void> {
  const followed = deps.store.feeds.get(url);
  if (followed) {
    await ingestFeed(followed, undefined, deps, record, feeds);
    return;
  }
  let fetched: Fetched;
  try {
    fetched = await fetchText(url, { ...deps.fetch, accept: [...HTML_TYPES, ...FEED_TYPES] });
  } catch (error) {
    record(failure(url, error));
    return;
  }
  if (looksLikeFeed(fetched.contentType, fetched.body)) {
    await ingestFeed(deps.store.feeds.follow(url), fetched, deps, record, feeds);
    return;
  }
  try {
    const article = articleFromPage(fetched.body, fetched.url);
    record(saveArticle(deps.store, article, { origin: url, canonical: canonicalUrl(article.url ?? fetched.url) }));
  } catch (error) {
    record(failure(url, error));
  }
}

async function ingestFeed(
  feed: FeedRow,
  prefetched: Fetched | undefined,
  deps: IngestDeps,
  record: (item: IngestItem) => void,
  feeds: FeedReport[],
): Promise<void> {
  const { store } = deps;
  const backlog = !feed.polledOnce;
  let fetched: Fetched;
  try {
    fetched =
      prefetched ??
      (await fetchText(feed.url, {
        ...deps.fetch,
        accept: [...FEED_TYPES, ...HTML_TYPES],
        etag: feed.etag,
        lastModified: feed.lastModified,
      }));
  } catch (error) {
    const reason = errorMessage(error);
    store.feeds.recordPoll(feed.id, { succeeded: false, error: reason });
    feeds.push({ url: feed.url, status: "failed", items: 0, backlog, error: reason });
    record(failure(feed.url, error));
    return;
  }
  if (fetched.notModified) {
    store.feeds.recordPoll(feed.id, {
      succeeded: true,
      etag: fetched.etag ?? feed.etag,
      lastModified: fetched.lastModified ?? feed.lastModified,
    });
    feeds.push({ url: feed.url, status: "not-modified", items: 0, backlog });
    return;
  }
  let parsed: ReturnType<typeof readFeed>;
  try {
    parsed = readFeed(fetched.body, feed.url);
  } catch (error) {
    const reason = errorMessage(error);
    store.feeds.recordPoll(feed.id, { succeeded: false, error: reason });
    feeds.push({ url: feed.url, status: "failed", items: 0, backlog, error: reason });
    record(failure(feed.url, error));
    return;
  }
  const entries = parsed.entries;
  // What the first read lists is backlog, even an item whose page fails now and is stored later.
  if (backlog)
    store.feeds.markBacklog(
      feed.id,
      entries.map((e) => e.key),
    );
  await mapLimit(entries, deps.concurrency ?? 4, async (entry) => {
    let canonical: string;
    try {
      canonical = entry.url ? canonicalUrl(entry.url) : entry.key;
    } catch (error) {
      // A link that is not a URL fails that item, not the feed.
      record(
        failure(
          entry.key,
          new BriefbotError("BAD_INPUT", `${entry.key}: the item's link is not a valid URL`, { cause: error }),
        ),
      );
      return;
    }
    const known = store.idByCanonical(canonical);
    if (known) {
      record({
        source: entry.key,
        outcome: "skipped",
        articleId: known,
        title: entry.title,
        reason: "already in the library",
      });
      return;
    }
    try {
      let article = entry.article;
      if (!article) {
        if (!entry.url) throw new BriefbotError("BAD_INPUT", `${entry.key}: the item has neither text nor a link`);
        const page = await fetchText(entry.url, { ...deps.fetch, accept: HTML_TYPES });
        article = articleFromPage(page.body, page.url, {
          title: entry.title,
          publishedAt: entry.publishedAt,
          source: parsed.title,
          lang: parsed.lang,
        });
      }
      const old = backlog || store.feeds.isBacklog(feed.id, entry.key);
      record(saveArticle(store, article, { origin: entry.key, canonical, feedId: feed.id, backlog: old }));
    } catch (error) {
      record(failure(entry.key, error));
    }
  });
  store.feeds.recordPoll(feed.id, {
    succeeded: true,
    title: parsed.title,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
  });
  feeds.push({ url: feed.url, status: "read", items: entries.length, backlog });
}

function saveArticle(
  store: Store,
  article: Article,
  where: { origin: string; canonical: string; feedId?: number; backlog?: boolean },
): IngestItem {
  // The summarizer is pure: it runs before the write transaction, which then stays short.
  const card = summarize(article);
  const result = store.save({ article, card, ...where });
  return {
    source: where.origin,
    outcome: result.outcome,
    articleId: result.articleId,
    title: card.headline,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

function failure(source: string, error: unknown): IngestItem {
  // Our errors say what is wrong with the source; anything else is a fault of ours, still reported
  // per source so that the rest of the batch goes on.
  const text = error instanceof BriefbotError ? error.message : `internal error: ${errorMessage(error)}`;
  // Messages name their source already (`path: problem`); keep only the problem.
  const reason = text.startsWith(`${source}: `) ? text.slice(source.length + 2) : text;
  return { source, outcome: "failed", reason };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(workers);
}
