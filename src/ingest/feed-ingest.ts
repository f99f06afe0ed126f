import { sameSite } from "../article/extract/origin.ts";
import { articleId } from "../article/parse.ts";
import { BriefbotError, FetchError } from "../errors.ts";
import type { Article } from "../schemas.ts";
import { canonicalUrl } from "../store/canonical.ts";
import type { FeedRow } from "../store/port.ts";
import { readFeed } from "./feed.ts";
import { FEED_TYPES, type Fetched, fetchText, HTML_TYPES } from "./fetch.ts";
import { errorMessage, type FeedReport, failure, type IngestDeps, type IngestItem, saveArticle } from "./outcome.ts";
import { articleFromPage } from "./page.ts";

/** How long one read of a feed may take, its items' pages included (2 minutes). */
export const DEFAULT_FEED_DEADLINE_MS = 120_000;

/**
 * Read one feed (or use the answer already fetched): conditional request, the items' articles
 * (their own content when whole, else their pages), backlog on the first read. Each item is its
 * own transaction; a failing item is reported and the others go on.
 */
export async function ingestFeed(
  feed: FeedRow,
  prefetched: Fetched | undefined,
  deps: IngestDeps,
  record: (item: IngestItem) => void,
  feeds: FeedReport[],
): Promise<void> {
  const { store } = deps;
  const backlog = !feed.polledOnce;
  const feedFailed = async (error: unknown) => {
    const reason = errorMessage(error);
    await store.feeds.recordPoll(feed.id, { succeeded: false, error: reason });
    feeds.push({ url: feed.url, status: "failed", items: 0, backlog, error: reason });
    record(failure(feed.url, error));
  };
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
    await feedFailed(error);
    return;
  }
  if (fetched.notModified) {
    await store.feeds.recordPoll(feed.id, {
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
    await feedFailed(error);
    return;
  }
  const entries = parsed.entries;
  // What the first read lists is backlog, even an item whose page fails now and is stored later.
  if (backlog)
    await store.feeds.markBacklog(
      feed.id,
      entries.map((e) => e.key),
    );
  // One read of a feed has a deadline of its own: items not started by then wait for the next poll.
  const deadline = Date.now() + (deps.feedDeadlineMs ?? DEFAULT_FEED_DEADLINE_MS);
  const left: string[] = [];
  let mendable = 0;
  await mapLimit(entries, deps.concurrency ?? 4, async (entry) => {
    if (Date.now() > deadline) {
      left.push(entry.key);
      return;
    }
    let canonical: string;
    // An item that carries its text and links to another site than the feed's is the feed's word,
    // not that site's article: it is stored under the feed, and the real article keeps its address.
    const foreign = entry.article !== undefined && entry.url !== undefined && !sameSite(entry.url, fetched.url);
    try {
      canonical = foreign
        ? `${canonicalUrl(fetched.url)}#${entry.key}`
        : entry.url
          ? canonicalUrl(entry.url)
          : entry.key;
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
    const known = await store.idByCanonical(canonical);
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
      let article = entry.article && foreign ? underTheFeed(entry.article, canonical, parsed.title) : entry.article;
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
      const old = backlog || (await store.feeds.isBacklog(feed.id, entry.key));
      record(await saveArticle(deps, article, { origin: entry.key, canonical, feedId: feed.id, backlog: old }));
    } catch (error) {
      if (error instanceof FetchError && error.transient) mendable++;
      record(failure(entry.key, error));
    }
  });
  // With items left, or items that failed for a passing reason (a timeout, a 503), the next poll
  // must see the whole feed again: no validators for a 304.
  const whole = left.length === 0 && mendable === 0;
  await store.feeds.recordPoll(feed.id, {
    succeeded: true,
    title: parsed.title,
    etag: whole ? fetched.etag : null,
    lastModified: whole ? fetched.lastModified : null,
  });
  feeds.push({
    url: feed.url,
    status: "read",
    items: entries.length,
    backlog,
    ...(left.length ? { left: left.length } : {}),
  });
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(workers);
}

/** An item's own text, stored under its feed: no address of the site it links to, the feed as its source. */
function underTheFeed(article: Article, canonical: string, feedTitle: string | undefined): Article {
  const { url: _claimed, ...rest } = article;
  return { ...rest, id: articleId(canonical, article.text), ...(feedTitle ? { source: feedTitle } : {}) };
}
