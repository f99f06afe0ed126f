import { createHash } from "node:crypto";
import { InputError } from "../errors.ts";
import { lazy } from "../lazy.ts";
import { type Article, ArticleSchema } from "../schemas.ts";
import { extractHtml, MIN_ARTICLE_WORDS } from "./extract/index.ts";
import { detectLanguage, normalizeLang } from "./lang.ts";
import { parseMarkdown } from "./markdown.ts";

const yaml = lazy<typeof import("yaml")>("yaml");

export type ArticleFormat = "text" | "markdown" | "html";

export interface ParseOptions {
  /** How to read the input; sniffed from `path` and the content when absent. */
  format?: ArticleFormat;
  /** Overrides the detected language. */
  lang?: string;
  /** Where the input came from, for the format and for error messages. */
  path?: string;
  /**
   * The URL an HTML page was fetched from (after redirects): its address unless the page names
   * another address on the same site; absent for files and standard input.
   */
  fetchedUrl?: string;
  /** A language to assume when the input declares none (a feed's language); detection comes after. */
  langHint?: string;
  /** Metadata the caller knows (a feed item, a dataset row); the input's own metadata wins. */
  title?: string;
  url?: string;
  source?: string;
  publishedAt?: string;
}

const LEADING_DATE =
  /^\s*date\s+(\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)[ \t]+/i;
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Turn a text, Markdown or HTML document into an {@link Article}. Metadata comes from a leading
 * `date 2022-02` line, YAML front matter, a Markdown heading or HTML meta tags.
 *
 * @example
 * parseArticle("date 2022-02 Drie maanden nadat Poetin…").publishedAt; // "2022-02"
 * @throws {InputError} when there is no text to brief.
 */
export function parseArticle(input: string, options: ParseOptions = {}): Article {
  const where = options.path ?? "input";
  let body = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const meta: Record<string, string | undefined> = {};

  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    Object.assign(meta, readFrontMatter(fm[1] ?? "", where));
    body = body.slice(fm[0].length);
  }
  const date = LEADING_DATE.exec(body);
  if (date) {
    meta.publishedAt ??= date[1];
    body = body.slice(date[0].length);
  }

  const format = options.format ?? sniffFormat(options.path, body);
  let paragraphs: string[];
  if (format === "html") {
    const html = extractHtml(body, { url: options.fetchedUrl, where });
    // A whole page with a few words holds no article (a sign-in page, a teaser), however it arrived.
    paragraphs = html.page && html.words < MIN_ARTICLE_WORDS ? [] : html.paragraphs;
    meta.title ??= html.title;
    meta.publishedAt ??= html.publishedAt;
    meta.source ??= html.source;
    meta.url ??= html.url;
    meta.lang ??= html.lang;
  } else if (format === "markdown") {
    const md = parseMarkdown(body);
    paragraphs = md.paragraphs;
    meta.title ??= md.title;
  } else {
    paragraphs = body
      .split(/\n[ \t]*\n/)
      .map(normalizeSpace)
      .filter((p) => p.length > 0);
  }
  paragraphs = paragraphs.map((p) => p.normalize("NFC")).filter((p) => /[\p{L}\p{N}]/u.test(p));
  if (paragraphs.length === 0) {
    const html = format === "html" ? (options.fetchedUrl ? " on the page" : " in the HTML") : "";
    throw new InputError(`${where}: no article text found${html}`);
  }

  const text = paragraphs.join("\n\n");
  const url = validUrl(meta.url ?? options.url);
  const lang =
    normalizeLang(options.lang) ?? normalizeLang(meta.lang) ?? normalizeLang(options.langHint) ?? detectLanguage(text);
  return ArticleSchema.parse({
    id: articleId(url, text),
    title: nonEmpty(meta.title ?? options.title),
    url,
    source: nonEmpty(meta.source ?? options.source),
    publishedAt: normalizeDate(meta.publishedAt ?? options.publishedAt),
    lang,
    paragraphs,
    text,
  });
}

/** A stable id: from the canonical URL when there is one, else from the text. */
export function articleId(url: string | undefined, text: string): string {
  const basis = url ? `url:${url}` : `text:${text.normalize("NFC").replace(/\s+/g, " ").trim()}`;
  return `a_${createHash("sha256").update(basis).digest("hex").slice(0, 20)}`;
}

function sniffFormat(path: string | undefined, body: string): ArticleFormat {
  const ext = path?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === "html" || ext === "htm" || ext === "xhtml") return "html";
  if (ext === "md" || ext === "markdown") return "markdown";
  if (ext === "txt") return "text";
  const head = body.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<(head|body|article|p)[\s>]/.test(head)) {
    return "html";
  }
  return /^#\s/m.test(body) ? "markdown" : "text";
}

function readFrontMatter(frontMatter: string, where: string): Record<string, string | undefined> {
  let data: unknown;
  try {
    data = yaml().parse(frontMatter);
  } catch (error) {
    throw new InputError(`${where}: front matter is not valid YAML (${(error as Error).message.split("\n")[0]})`, {
      cause: error,
    });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new InputError(`${where}: front matter must be a YAML mapping of fields`);
  }
  const d = data as Record<string, unknown>;
  const str = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = d[k];
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === "string" || typeof v === "number") return String(v);
    }
    return undefined;
  };
  return {
    title: str("title", "headline"),
    publishedAt: str("date", "published", "publishedAt", "published_at"),
    source: str("source", "site", "publisher"),
    url: str("url", "link", "canonical"),
    lang: str("lang", "language"),
  };
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.replace(/\s+/g, " ").trim();
  return v ? v : undefined;
}

function validUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value.trim());
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function normalizeDate(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) return v;
  const parsed = new Date(v);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}
