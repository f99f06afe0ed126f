/**
 * A page's metadata, read in one place for every HTML source: Open Graph and other meta tags,
 * JSON-LD (schema.org `Article` and its kinds), `<title>`, `<time>`, `<html lang>` and the canonical
 * link. Read before Readability, which rewrites the document.
 */

import type { DomDocument, DomElement } from "./dom-types.ts";

export interface PageMetadata {
  /** The headline as the page's metadata gives it (`og:title`, JSON-LD, `twitter:title`). */
  title?: string;
  /** The `<title>` tag, which often carries the site's name too: the last resort. */
  titleTag?: string;
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

/** What the tags of one part of the page (the head, then the body if needed) say. */
interface Tags {
  metas: Map<string, string>;
  title?: string;
  canonical?: string;
  time?: string;
  linkedData: string[];
}

/** Read the tags metadata lives in under `scope`, in one walk (each selector on its own would walk again). */
function readTags(scope: DomElement | DomDocument, into: Tags): void {
  for (const el of scope.querySelectorAll(
    'meta, title, link[rel~="canonical"], time[datetime], script[type="application/ld+json"]',
  )) {
    const tag = el.tagName.toUpperCase();
    if (tag === "TITLE") into.title ??= clean(el.textContent ?? "") || undefined;
    else if (tag === "LINK") into.canonical ??= clean(el.getAttribute("href") ?? "") || undefined;
    else if (tag === "TIME") into.time ??= clean(el.getAttribute("datetime") ?? "") || undefined;
    else if (tag === "SCRIPT") into.linkedData.push(el.textContent ?? "");
    if (tag !== "META") continue;
    const value = clean(el.getAttribute("content") ?? "");
    const key = (el.getAttribute("property") ?? el.getAttribute("name") ?? el.getAttribute("itemprop"))?.toLowerCase();
    if (key && value && !into.metas.has(key)) into.metas.set(key, value);
    const equiv = el.getAttribute("http-equiv");
    if (equiv && value) into.metas.set(`http-equiv:${equiv.toLowerCase()}`, value);
  }
}

/** Read the metadata of a parsed page. */
export function readMetadata(document: DomDocument): PageMetadata {
  const tags: Tags = { metas: new Map(), linkedData: [] };
  const head = document.querySelector("head");
  readTags(head ?? document, tags);
  const meta = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = tags.metas.get(key);
      if (value) return value;
    }
    return undefined;
  };
  const ld = readLinkedData(tags.linkedData);
  const title = meta("og:title") ?? ld.headline ?? meta("twitter:title");
  const publishedAt =
    meta("article:published_time", "datepublished") ??
    ld.datePublished ??
    meta(
      "date",
      "dc.date",
      "dc.date.issued",
      "dcterms.date",
      "pubdate",
      "publishdate",
      "publish-date",
      "parsely-pub-date",
      "sailthru.date",
      "og:published_time",
    ) ??
    tags.time ??
    // Readability reads JSON-LD in the body itself; a <time> there is read only when nothing else dates the page.
    (clean(document.body?.querySelector("time[datetime]")?.getAttribute("datetime") ?? "") || undefined);
  const source = meta("og:site_name") ?? ld.publisher ?? meta("application-name");
  const canonical = tags.canonical ?? meta("og:url") ?? ld.url;
  const lang =
    clean(document.documentElement?.getAttribute("lang") ?? "") ||
    meta("http-equiv:content-language") ||
    ld.inLanguage ||
    meta("og:locale");
  return { title, titleTag: tags.title, publishedAt, source, canonical, lang: lang || undefined };
}

/** The first schema.org article described in the page's JSON-LD, if any. */
function readLinkedData(scripts: readonly string[]): LinkedData {
  for (const text of scripts) {
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
