import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { hostname } from "node:os";
import { folderReason, listArticleFiles, type UnreadableFolder } from "../article/files.ts";
import { parseArticle } from "../article/parse.ts";
import { readArticleInput } from "../article/read.ts";
import { canonicalFile, canonicalUrl } from "../store/canonical.ts";
import { isDue } from "../store/feed-due.ts";
import type { Store } from "../store/index.ts";
import { looksLikeFeed } from "./feed.ts";
import { DEFAULT_FEED_DEADLINE_MS, ingestFeed } from "./feed-ingest.ts";
import { FEED_TYPES, type Fetched, fetchText, HTML_TYPES } from "./fetch.ts";
import {
  type FeedReport,
  failure,
  type IngestDeps,
  type IngestItem,
  type IngestSummary,
  saveArticle,
} from "./outcome.ts";
import { articleFromPage } from "./page.ts";

export type { FeedReport, IngestDeps, IngestItem, IngestSummary, ItemOutcome } from "./outcome.ts";

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
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      record({ source, outcome: "failed", reason: code === "ENOENT" ? "no such file or folder" : folderReason(error) });
      continue;
    }
    if (!info.isDirectory()) {
      files.push(source);
      continue;
    }
    try {
      const unreadable = (folder: UnreadableFolder) =>
        record({ source: folder.path, outcome: "failed", reason: folder.reason });
      files.push(...(await listArticleFiles(source, unreadable)));
    } catch (error) {
      record({ source, outcome: "failed", reason: folderReason(error) });
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
export async function nextFeedDue(store: Store): Promise<Date | undefined> {
  const times = (await store.feeds.list()).map((f) =>
    f.lastPolledAt ? Date.parse(f.lastPolledAt) + f.intervalSeconds * 1000 : 0,
  );
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

/**
 * Poll every followed feed whose interval has passed; new items are news, not backlog. Each feed
 * is read under a lease (`feed:<id>`), so that of several processes polling one library (replicas
 * on PostgreSQL, two `poll --watch`) one reads a feed and the others pass it by.
 */
export async function pollDueFeeds(deps: IngestDeps, at: Date): Promise<IngestSummary> {
  const summary: IngestSummary = { added: 0, updated: 0, skipped: 0, failed: 0, items: [], feeds: [] };
  const record = (item: IngestItem) => {
    summary.items.push(item);
    summary[item.outcome]++;
  };
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  // A read takes at most its deadline; the lease outlasts it, so it never lapses mid-read.
  const holdMs = (deps.feedDeadlineMs ?? DEFAULT_FEED_DEADLINE_MS) + 60_000;
  for (const feed of await deps.store.feeds.due(at)) {
    const lease = `feed:${feed.id}`;
    const now = new Date();
    if (!(await deps.store.leases.acquire(lease, owner, new Date(now.getTime() + holdMs), now))) continue;
    try {
      // Another process may have read it between the listing and the lease.
      const fresh = await deps.store.feeds.get(feed.url);
      if (!fresh || (fresh.lastPolledAt !== feed.lastPolledAt && !isDue(at)(fresh))) continue;
      await ingestFeed(fresh, undefined, deps, record, summary.feeds);
    } catch (error) {
      record(failure(feed.url, error));
      await deps.store.feeds.recordPoll(feed.id, {
        succeeded: false,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      await deps.store.leases.release(lease, owner);
    }
  }
  return summary;
}

async function ingestFile(file: string, deps: IngestDeps): Promise<IngestItem> {
  try {
    const text = await readArticleInput(file, { maxBytes: deps.maxFileBytes });
    const article = parseArticle(text, { path: file });
    return await saveArticle(deps, article, { origin: file, canonical: canonicalFile(file) });
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
  const followed = await deps.store.feeds.get(url);
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
    await ingestFeed(await deps.store.feeds.follow(url), fetched, deps, record, feeds);
    return;
  }
  try {
    const article = articleFromPage(fetched.body, fetched.url);
    record(await saveArticle(deps, article, { origin: url, canonical: canonicalUrl(article.url ?? fetched.url) }));
  } catch (error) {
    record(failure(url, error));
  }
}
