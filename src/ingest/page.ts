import { parseHtml } from "../article/html.ts";
import { parseArticle } from "../article/parse.ts";
import { InputError } from "../errors.ts";
import { lazy } from "../lazy.ts";
import type { Article } from "../schemas.ts";

const linkedom = lazy<typeof import("linkedom")>("linkedom");
const readability = lazy<typeof import("@mozilla/readability")>("@mozilla/readability");

/** Fewer words than this and a page holds no article, only navigation or a teaser. */
export const MIN_ARTICLE_WORDS = 60;

export interface PageMeta {
  /** What the caller knows already (a feed item's title, date and feed name); the page's own wins. */
  title?: string;
  publishedAt?: string;
  source?: string;
  lang?: string;
}

/**
 * Turn a fetched web page into an {@link Article}: the main text by Mozilla's Readability (the
 * Firefox reader view) on a linkedom DOM, the metadata from the page's meta tags and byline.
 *
 * @throws {InputError} naming the URL when the page has no article.
 */
export function articleFromPage(html: string, url: string, known: PageMeta = {}): Article {
  const meta = parseHtml(html);
  const { document } = linkedom().parseHTML(html);
  const { Readability } = readability();
  let parsed: ReturnType<import("@mozilla/readability").Readability<string>["parse"]> = null;
  try {
    parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
  } catch (error) {
    throw new InputError(`${url}: the page could not be read as an article (${(error as Error).message})`, {
      cause: error,
    });
  }
  const words = parsed?.textContent?.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (!parsed?.content || words < MIN_ARTICLE_WORDS) {
    throw new InputError(`${url}: no article text found on the page`);
  }
  return parseArticle(parsed.content, {
    format: "html",
    path: url,
    url: meta.url ? new URL(meta.url, url).toString() : url,
    title: meta.title ?? parsed.title ?? known.title,
    source: meta.source ?? parsed.siteName ?? known.source,
    publishedAt: meta.publishedAt ?? parsed.publishedTime ?? known.publishedAt,
    lang: meta.lang ?? parsed.lang ?? known.lang,
  });
}
