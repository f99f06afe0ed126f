import { lazy } from "../lazy.ts";

const linkedom = lazy<typeof import("linkedom")>("linkedom");

/** What an HTML page gives an article: its paragraphs and metadata. */
export interface HtmlParts {
  paragraphs: string[];
  title?: string;
  publishedAt?: string;
  source?: string;
  url?: string;
  lang?: string;
}

const SKIP = "script, style, noscript, template, nav, header, footer, aside, form, figure figcaption, iframe, svg";
const BLOCKS = "p, blockquote, li, pre, dd";
const NESTED = "p, blockquote, li, pre, dd, h1, h2, h3, h4, h5, h6";

/**
 * Extract an article's paragraphs and metadata from HTML: `og:title` before `<title>`, dates from
 * `article:published_time`, `<meta name="date">` or `<time datetime>`, paragraphs from `<article>`
 * (else `<main>`, else `<body>`) without navigation, headers, footers and scripts.
 */
export function parseHtml(html: string): HtmlParts {
  const { document } = linkedom().parseHTML(
    html.includes("<html") ? html : `<!doctype html><html><body>${html}</body></html>`,
  );
  const meta = (selector: string): string | undefined =>
    clean(document.querySelector(selector)?.getAttribute("content") ?? "") || undefined;

  const title =
    meta('meta[property="og:title"]') ??
    meta('meta[name="twitter:title"]') ??
    (clean(document.querySelector("title")?.textContent ?? "") || undefined);
  const publishedAt =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[name="dc.date"]') ??
    meta('meta[itemprop="datePublished"]') ??
    (document.querySelector("time[datetime]")?.getAttribute("datetime") || undefined);
  const source = meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name"]');
  const url = document.querySelector('link[rel="canonical"]')?.getAttribute("href") || meta('meta[property="og:url"]');
  const lang = document.documentElement?.getAttribute("lang") || undefined;

  const root = document.querySelector("article") ?? document.querySelector("main") ?? document.body ?? document;
  for (const el of [...root.querySelectorAll(SKIP)]) el.remove();
  for (const el of [...root.querySelectorAll("h1, h2, h3, h4, h5, h6")]) el.remove();
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(NESTED));
  let paragraphs = blocks.map((el) => clean(el.textContent ?? "")).filter((t) => t.length > 0);
  if (paragraphs.length === 0) {
    const all: string = root.textContent ?? "";
    paragraphs = all
      .split(/\n\s*\n/)
      .map(clean)
      .filter((t: string) => t.length > 0);
  }
  return { paragraphs, title, publishedAt, source, url: url || undefined, lang };
}

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
