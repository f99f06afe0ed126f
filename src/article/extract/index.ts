/**
 * One extraction for every HTML source: files, standard input, fetched pages and feed items that
 * carry HTML all go through {@link extractHtml}.
 *
 * The passes: the bounds on nesting and size (`guard.ts`), one DOM (`dom.ts`), the metadata read
 * from it before anything changes it (`metadata.ts`), embedded posts unwrapped and Readability's
 * article (skipped when no run of text is sentence-long), the furniture inside it removed by
 * element (`prune.ts`), the text cut into blocks (`blocks.ts`) and the blocks that read as
 * furniture removed (`filter.ts`); when Readability finds nothing or too little, the densest prose
 * container of a fresh DOM instead (`fallback.ts`). The canonical link is weighed against where
 * the page came from (`origin.ts`), and links are told apart by whether they stay on that site.
 */

import { InputError } from "../../errors.ts";
import { type Block, collectBlocks } from "./blocks.ts";
import { parseDocument, type ReadabilityResult, runReadability } from "./dom.ts";
import type { DomDocument, DomElement } from "./dom-types.ts";
import { densestBlocks } from "./fallback.ts";
import { countWords, filterBlocks } from "./filter.ts";
import { boundNesting } from "./guard.ts";
import { readMetadata } from "./metadata.ts";
import { internalLinkTest, siteOf, weighCanonical } from "./origin.ts";
import { pruneFurniture, unwrapEmbeddedPosts } from "./prune.ts";

export { countWords } from "./filter.ts";
export { MAX_HTML_DEPTH } from "./guard.ts";
export { sameSite, siteOf } from "./origin.ts";

/** A whole page with fewer words of article text than this holds no article: a sign-in page, a teaser. */
export const MIN_ARTICLE_WORDS = 60;
/**
 * Pages with more elements (and comments) than this are refused: real article pages have a few
 * thousand (1,596 at most in the extraction benchmark's), and what Readability costs grows with them.
 */
export const MAX_HTML_ELEMENTS = 30_000;
/**
 * Readability's work grows faster than the page's elements (it walks and rescores them many times):
 * past this many, the linear fallback reads the page instead. Real article pages have a few
 * thousand elements at most (1,737 in the extraction benchmark's dev half).
 */
export const READABILITY_MAX_ELEMENTS = 8_000;
/**
 * A page whose longest run of text between two tags is shorter than this has no sentence of prose
 * set as text: Readability (whose work grows with the page's elements) is skipped and the linear
 * fallback reads whatever there is.
 */
export const MIN_PROSE_RUN = 60;
/** Readability's article with fewer words than this is "too little": the fallback gets a say. */
export const ENOUGH_WORDS = 150;

export interface ExtractOptions {
  /** Where the HTML was fetched from, after redirects; absent for a file or standard input. */
  url?: string;
  /** Names the input in error messages. */
  where?: string;
}

export interface ExtractedHtml {
  /** The article's text blocks, in order; empty when the page has no article text. */
  paragraphs: string[];
  words: number;
  title?: string;
  publishedAt?: string;
  source?: string;
  /** The article's address: a same-site canonical link, else the fetched URL; for a file, its canonical link. */
  url?: string;
  /** A canonical link on another site than the page was fetched from: claimed, never trusted. */
  claimedUrl?: string;
  lang?: string;
  /** Was this a whole page (`<html>`/`<body>`), rather than a fragment such as a feed item's content? */
  page: boolean;
}

/**
 * Read an article out of HTML.
 *
 * @example
 * const x = extractHtml(await (await fetch(url)).text(), { url });
 * x.paragraphs[0]; // the article's first paragraph, without menus, bylines or captions
 * @throws {InputError} for a page too large to read safely.
 */
export function extractHtml(html: string, options: ExtractOptions = {}): ExtractedHtml {
  const where = options.where ?? options.url ?? "input";
  const bounded = boundNesting(html);
  if (bounded.elements > MAX_HTML_ELEMENTS) {
    throw new InputError(
      `${where}: too many HTML elements to read safely (${bounded.elements}; the limit is ${MAX_HTML_ELEMENTS})`,
    );
  }
  const page = /<(html|body)[\s>]/i.test(bounded.html);
  const document = parseDocument(bounded.html);
  const meta = readMetadata(document);
  const origin = weighCanonical(meta.canonical, options.url);
  const isInternal = internalLinkTest(options.url ?? origin.url);
  const prose = bounded.longestText >= MIN_PROSE_RUN;
  const readable = prose && bounded.elements <= READABILITY_MAX_ELEMENTS;
  const read = readable ? readArticle(document) : undefined;
  // Readability's title is the <title> without the site's name (it weighs the separators and the h1).
  const title = meta.title ?? read?.title ?? meta.titleTag;

  let blocks = read ? cleanBlocks(read.content, title, isInternal) : [];
  let words = countAll(blocks);
  if (words < ENOUGH_WORDS) {
    // Readability rewrites the document it reads: the fallback needs one as the page was.
    const body = (readable ? parseDocument(bounded.html) : document).body;
    let fallback = body ? filterBlocks(densestBlocks(body, isInternal), title) : [];
    // A fragment (a feed item's content, a pasted snippet) is all article: short of prose, all its text.
    if (fallback.length === 0 && !page && body) fallback = filterBlocks(collectBlocks(body, isInternal), title);
    const more = countAll(fallback);
    if (more > words) {
      blocks = fallback;
      words = more;
    }
  }

  // A page that claims another site's address is not believed about its site's name either.
  const source = origin.claimed ? (siteOf(options.url ?? "") ?? undefined) : (meta.source ?? read?.source ?? undefined);
  return {
    paragraphs: blocks.map((b) => b.text),
    words,
    title,
    publishedAt: meta.publishedAt ?? read?.publishedAt,
    source,
    url: origin.url,
    claimedUrl: origin.claimed,
    lang: meta.lang ?? read?.lang,
    page,
  };
}

function readArticle(document: DomDocument): ReadabilityResult | undefined {
  unwrapEmbeddedPosts(document);
  try {
    return runReadability(document);
  } catch {
    // Readability gives up on some malformed documents; the fallback reads those.
    return undefined;
  }
}

function cleanBlocks(content: DomElement, title: string | undefined, isInternal: (href: string) => boolean): Block[] {
  pruneFurniture(content, isInternal);
  return filterBlocks(collectBlocks(content, isInternal), title);
}

function countAll(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) n += countWords(b.text);
  return n;
}

/**
 * The paragraphs of HTML that is all text, with no page around it (Markdown rendered to HTML):
 * every block, headings left out as Markdown's own reader always did.
 */
export function paragraphsOfFragment(html: string): string[] {
  const body = parseDocument(html).body;
  if (!body) return [];
  return collectBlocks(body)
    .filter((b) => b.kind !== "heading")
    .map((b) => b.text);
}
