/**
 * A page's metadata, read in one place for every HTML source: Open Graph and other meta tags,
 * JSON-LD (schema.org `Article` and its kinds), `<title>`, `<time>`, `<html lang>` and the canonical
 * link. Read before Readability, which rewrites the document.
 */

import type { DomDocument } from "./dom-types.ts";

export interface PageMetadata {
  title?: string;
  publishedAt?: string;
  /** The site's name (`og:site_name`, the JSON-LD publisher). */
  source?: string;
  /** The canonical link as the page declares it (`<link rel=canonical>`, else `og:url`), unresolved. */
  canonical?: string;
  lang?: string;
}

interface LinkedData {
  headline?: string;
  datePublished?: string;
  publisher?: string;
  inLanguage?: string;
  url?: string;
}

/** JSON-LD scripts larger than this are not read: metadata is small, a huge script is not it. */
const MAX_JSON_LD_CHARS = 200_000;
const ARTICLE_TYPES = /(^|[^a-z])(article|posting|report|blogposting|newsarticle)$/i;

/** Read the metadata of a parsed page. */
export function readMetadata(document: DomDocument): PageMetadata {
  const meta = (...selectors: string[]): string | undefined => {
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      const value = clean(el?.getAttribute("content") ?? el?.getAttribute("datetime") ?? "");
      if (value) return value;
    }
    return undefined;
  };
  const ld = readLinkedData(document);
  const title =
    meta('meta[property="og:title"]', 'meta[name="og:title"]') ??
    ld.headline ??
    meta('meta[name="twitter:title"]', 'meta[property="twitter:title"]') ??
    (clean(document.querySelector("title")?.textContent ?? "") || undefined);
  const publishedAt =
    meta(
      'meta[property="article:published_time"]',
      'meta[name="article:published_time"]',
      'meta[itemprop="datePublished"]',
      '[itemprop="datePublished"][datetime]',
    ) ??
    ld.datePublished ??
    meta(
      'meta[name="date"]',
      'meta[name="dc.date"]',
      'meta[name="DC.date"]',
      'meta[name="dc.date.issued"]',
      'meta[name="DC.date.issued"]',
      'meta[name="pubdate"]',
      'meta[name="publishdate"]',
      'meta[name="parsely-pub-date"]',
      'meta[name="sailthru.date"]',
      'meta[property="og:published_time"]',
    ) ??
    (clean(document.querySelector("time[datetime]")?.getAttribute("datetime") ?? "") || undefined);
  const source =
    meta('meta[property="og:site_name"]', 'meta[name="og:site_name"]') ??
    ld.publisher ??
    meta('meta[name="application-name"]');
  const canonical =
    clean(document.querySelector('link[rel~="canonical"]')?.getAttribute("href") ?? "") ||
    meta('meta[property="og:url"]', 'meta[name="og:url"]') ||
    ld.url;
  const lang =
    clean(document.documentElement?.getAttribute("lang") ?? "") ||
    meta('meta[http-equiv="content-language"]', 'meta[http-equiv="Content-Language"]') ||
    ld.inLanguage ||
    meta('meta[property="og:locale"]');
  return { title, publishedAt, source, canonical: canonical || undefined, lang: lang || undefined };
}

/** The first schema.org article described in the page's JSON-LD, if any. */
function readLinkedData(document: DomDocument): LinkedData {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? "";
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ""));
    } catch {
      continue;
    }
    const found = findArticle(data, 0);
    if (found) return found;
  }
  return {};
}

function findArticle(node: unknown, depth: number): LinkedData | undefined {
  if (depth > 4 || node === null || typeof node !== "object") return undefined;
  if (Array.isArray(node)) {
    for (const item of node.slice(0, 50)) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const o = node as Record<string, unknown>;
  const types = ([] as unknown[]).concat(o["@type"] ?? []).filter((t): t is string => typeof t === "string");
  if (types.some((t) => ARTICLE_TYPES.test(t))) {
    const publisher = o.publisher as Record<string, unknown> | undefined;
    return {
      headline: text(o.headline) ?? text(o.name),
      datePublished: text(o.datePublished) ?? text(o.dateCreated),
      publisher: text(Array.isArray(publisher) ? publisher[0]?.name : publisher?.name),
      inLanguage: text(o.inLanguage),
      url: text(o.url) ?? text((o.mainEntityOfPage as Record<string, unknown> | undefined)?.["@id"]),
    };
  }
  return findArticle(o["@graph"], depth + 1);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? clean(value) || undefined : undefined;
}

function clean(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}
