/**
 * The extraction benchmark's pages (`../shared/data/extraction-dev`, or `$BRIEFBOT_BENCH_DATA`):
 * read in place, gunzipped in memory, never copied into the project.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { decodeBody } from "../src/ingest/fetch.ts";
import { dataDir, MissingDataError } from "./data.ts";

export const EXTRACTION_DIR = "extraction-dev";

export interface BenchPage {
  key: string;
  /** The page's own URL, as the benchmark gives it: what a fetch of it would have answered. */
  url: string;
  html: string;
  /** The article body as a person would copy it. */
  truth: string;
}

/** Every page with its ground truth, sorted by key; `limit` keeps the first N (numbers then not comparable). */
export function loadExtractionPages(limit = Number.POSITIVE_INFINITY): { dir: string; pages: BenchPage[] } {
  const dir = join(dataDir(), EXTRACTION_DIR);
  const truthFile = join(dir, "ground-truth.json");
  if (!existsSync(truthFile)) {
    throw new MissingDataError(
      `${truthFile} is missing: the extraction benchmark needs ../shared/data/${EXTRACTION_DIR}`,
    );
  }
  const truth = JSON.parse(readFileSync(truthFile, "utf8")) as Record<string, { articleBody?: string; url?: string }>;
  const pages = Object.keys(truth)
    .sort()
    .slice(0, limit)
    .map((key): BenchPage => {
      const bytes = gunzipSync(readFileSync(join(dir, "html", `${key}.html.gz`)));
      const url = truth[key]?.url ?? `https://example.invalid/${key}`;
      return { key, url, html: decode(url, bytes), truth: truth[key]?.articleBody ?? "" };
    });
  const files = readdirSync(join(dir, "html")).filter((f) => f.endsWith(".html.gz")).length;
  if (limit === Number.POSITIVE_INFINITY && files !== pages.length) {
    throw new Error(`${dir}: ${files} pages but ${pages.length} ground-truth entries`);
  }
  return { dir, pages };
}

function decode(url: string, bytes: Uint8Array): string {
  try {
    return decodeBody(url, bytes, "text/html");
  } catch {
    // A page that lies about its charset is read as lenient UTF-8, as a browser would show it.
    return new TextDecoder("utf-8").decode(bytes);
  }
}
