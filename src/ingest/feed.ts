import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLValidator } from "fast-xml-parser";
import { countWords } from "../article/extract/index.ts";
import { parseArticle } from "../article/parse.ts";
import { BriefbotError, FetchError } from "../errors.ts";
import type { Article } from "../schemas.ts";

/** An item's own content counts as the whole article from this many words on. */
export const COMPLETE_CONTENT_WORDS = 150;
/** Items read from one poll of a feed, newest first as the feed lists them. */
export const MAX_ITEMS_PER_POLL = 100;

export interface FeedEntry {
  /** The item's link, or `feedUrl#guid` when it has none. */
  key: string;
  url?: string;
  title?: string;
  publishedAt?: string;
  /** The article itself when the feed carries it whole; otherwise the page at `url` must be fetched. */
  article?: Article;
}

export interface ParsedFeed {
  title?: string;
  /** The feed's declared language, a hint for its items. */
  lang?: string;
  entries: FeedEntry[];
}

/** Does a body look like a feed rather than a page? */
export function looksLikeFeed(contentType: string, body: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (/(rss|atom|rdf)\+xml|^(application|text)\/xml$/.test(type)) return true;
  return /^<(rss|feed|rdf:RDF)[\s>]/i.test(firstElement(body.slice(0, 2048)));
}

/**
 * The text from the first element on, past the XML declaration, comments and blanks: a scan, one
 * pass, where a regular expression with a repeated group would take exponential time on a page of
 * empty comments.
 */
function firstElement(head: string): string {
  let i = 0;
  for (;;) {
    while (i < head.length && /\s/.test(head[i] as string)) i++;
    if (head.startsWith("<?", i)) {
      const end = head.indexOf("?>", i + 2);
      if (end < 0) return "";
      i = end + 2;
    } else if (head.startsWith("<!--", i)) {
      const end = head.indexOf("-->", i + 4);
      if (end < 0) return "";
      i = end + 3;
    } else {
      return head.slice(i);
    }
  }
}

/**
 * Read an RSS or Atom feed with `@rowanmanning/feed-parser` (lenient), checking the XML with
 * `fast-xml-parser` when nothing could be read from it. Items that carry their whole text
 * (Atom `content`, RSS `content:encoded`) become articles here; the others name the page to fetch.
 *
 * @throws {FetchError} naming the feed when the XML is not a feed.
 */
export function readFeed(xml: string, feedUrl: string): ParsedFeed {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    const why = (error as Error).message.split("\n")[0];
    throw new FetchError(`${feedUrl}: not a valid RSS or Atom feed (${why})`, { cause: error });
  }
  if (feed.items.length === 0) {
    // The parser is lenient on purpose (real feeds are often a little broken), but a feed that
    // yields nothing from broken XML is an error, not an empty feed.
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      const e = valid.err;
      throw new FetchError(`${feedUrl}: not a valid RSS or Atom feed (invalid XML at line ${e.line}: ${e.msg})`);
    }
  }
  const title = feed.title ?? undefined;
  const lang = feed.language ?? undefined;
  const entries = feed.items.slice(0, MAX_ITEMS_PER_POLL).map((item): FeedEntry => {
    const url = item.url ?? undefined;
    const key = url ?? `${feedUrl}#${item.id ?? item.title ?? ""}`;
    const publishedAt = (item.published ?? item.updated)?.toISOString();
    const entry: FeedEntry = { key, url, title: item.title ?? undefined, publishedAt };
    const content = item.content ?? "";
    const article = content.trim() === "" ? undefined : readContent(content, key, entry, title, lang);
    const words = article ? countWords(article.text) : 0;
    if (article && (words >= COMPLETE_CONTENT_WORDS || (!url && words > 0))) entry.article = article;
    return entry;
  });
  return { title, lang, entries };
}

/** An item's own HTML content as an article (the same extraction as a page), or undefined when it has none. */
function readContent(
  content: string,
  key: string,
  entry: FeedEntry,
  feedTitle: string | undefined,
  lang: string | undefined,
): Article | undefined {
  try {
    return parseArticle(content, {
      format: "html",
      path: key,
      url: entry.url,
      title: entry.title,
      publishedAt: entry.publishedAt,
      source: feedTitle,
      langHint: lang,
    });
  } catch (error) {
    // Content with no text is no article: the item's page is fetched instead.
    if (error instanceof BriefbotError) return undefined;
    throw error;
  }
}
