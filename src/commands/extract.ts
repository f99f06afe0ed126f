import { type ArticleFormat, parseArticle } from "../article/parse.ts";
import { readArticleInput } from "../article/read.ts";
import { BriefbotError } from "../errors.ts";
import { type FetchOptions, fetchText, HTML_TYPES } from "../ingest/fetch.ts";
import { articleFromPage } from "../ingest/page.ts";
import type { Article } from "../schemas.ts";
import { inertLine } from "../terminal.ts";

export interface ExtractOptions {
  json?: boolean;
  /** How to read a file or standard input, instead of going by its ending and content. */
  format?: ArticleFormat;
}

export interface ExtractIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
  fetch: FetchOptions;
}

/**
 * `briefbot extract <file|url|->`: the {@link Article} exactly as the rest of the pipeline sees it
 * (`brief` and `ingest` read their inputs the same way), so that a user can see what briefbot read
 * from a page. Exit status 0, or 1 with one line on standard error when the input is refused.
 */
export async function runExtract(target: string, opts: ExtractOptions, io: ExtractIO): Promise<number> {
  let article: Article;
  try {
    article = await readTarget(target, opts, io);
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    io.stderr(`briefbot: ${error.message}\n`);
    return 1;
  }
  io.stdout(opts.json ? `${JSON.stringify(article, null, 2)}\n` : renderArticle(article));
  return 0;
}

async function readTarget(target: string, opts: ExtractOptions, io: ExtractIO): Promise<Article> {
  if (/^https?:\/\//i.test(target)) {
    const page = await fetchText(target, { ...io.fetch, accept: HTML_TYPES });
    if (opts.format && opts.format !== "html") {
      return parseArticle(page.body, { format: opts.format, path: target, url: page.url });
    }
    return articleFromPage(page.body, page.url);
  }
  const text = await readArticleInput(target, { stdin: io.stdin });
  return parseArticle(text, { path: target === "-" ? undefined : target, format: opts.format });
}

/** The article for a terminal: its fields, then its paragraphs, blank lines between them. */
export function renderArticle(article: Article): string {
  const fields: Array<[string, string | undefined]> = [
    ["id", article.id],
    ["title", article.title],
    ["url", article.url],
    ["source", article.source],
    ["publishedAt", article.publishedAt],
    ["lang", article.lang],
    ["paragraphs", String(article.paragraphs.length)],
  ];
  const head = fields
    .filter((f): f is [string, string] => f[1] !== undefined)
    .map(([name, value]) => `${name}: ${inertLine(value)}`);
  return `${head.join("\n")}\n\n${article.paragraphs.map(inertLine).join("\n\n")}\n`;
}
