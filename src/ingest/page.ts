import { parseArticle } from "../article/parse.ts";
import type { Article } from "../schemas.ts";

export { MIN_ARTICLE_WORDS } from "../article/extract/index.ts";

export interface PageMeta {
  /** What the caller knows already (a feed item's title, date and feed name); the page's own wins. */
  title?: string;
  publishedAt?: string;
  source?: string;
  lang?: string;
}

/**
 * Turn a fetched web page into an {@link Article}, through the one extractor every HTML source
 * goes through (`src/article/extract/`): the article's URL is the page's canonical link when it is
 * on the site the page came from, else the URL it was fetched from.
 *
 * @throws {InputError} naming the URL when the page has no article.
 */
export function articleFromPage(html: string, url: string, known: PageMeta = {}): Article {
  return parseArticle(html, {
    format: "html",
    path: url,
    fetchedUrl: url,
    title: known.title,
    source: known.source,
    publishedAt: known.publishedAt,
    langHint: known.lang,
  });
}
