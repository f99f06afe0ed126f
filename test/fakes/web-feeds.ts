import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** One feed as served: the body with `{{BASE}}` substituted, and its validators. */
export interface ServedFeed {
  ext: string;
  contentType: string;
  body: Buffer;
  /** Quoted, strong: `"3f2a…"`, a hash of the served body. */
  etag: string;
  /** Milliseconds since the epoch, whole seconds (HTTP dates have no finer resolution). */
  lastModified: number;
}

export interface FeedStore {
  get(name: string): ServedFeed | undefined;
  set(name: string, xml: string): void;
  /** RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since. */
  isNotModified(feed: ServedFeed, headers: IncomingHttpHeaders): boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  xml: "application/xml",
};
/**
 * Every feed starts out last modified at this fixed instant, and each `set` moves it one minute on.
 * A clock would give two versions set within the same second the same Last-Modified, and a client's
 * If-Modified-Since would then wrongly get a 304 for the new body.
 */
const FIRST_MODIFIED = Date.UTC(2025, 10, 20, 8, 0, 0);
const STEP_MS = 60_000;

/** Feeds keyed by file name without extension (`news.rss` → `news`), `{{BASE}}` replaced by `base`. */
export function createFeedStore(files: Map<string, Buffer>, base: string): FeedStore {
  const feeds = new Map<string, ServedFeed>();
  const serve = (xml: string) => {
    const body = Buffer.from(xml.replaceAll("{{BASE}}", base));
    return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
  };

  for (const [file, bytes] of files) {
    const [, name, ext] = /^(.+)\.([a-z]+)$/.exec(file) ?? [];
    const contentType = ext && CONTENT_TYPES[ext];
    if (!name || !ext || !contentType) throw new Error(`test/fixtures/web/feeds/${file}: not .rss, .atom or .xml`);
    if (feeds.has(name)) throw new Error(`test/fixtures/web/feeds/${file}: a second feed named "${name}"`);
    feeds.set(name, { ext, contentType, lastModified: FIRST_MODIFIED, ...serve(bytes.toString("utf8")) });
  }

  return {
    get: (name) => feeds.get(name),
    set(name, xml) {
      const feed = feeds.get(name);
      if (!feed) throw new Error(`setFeed: no feed "${name}"; known: ${[...feeds.keys()].join(", ")}`);
      Object.assign(feed, serve(xml), { lastModified: feed.lastModified + STEP_MS });
    },
    isNotModified(feed, headers) {
      const ifNoneMatch = headers["if-none-match"];
      if (ifNoneMatch !== undefined) {
        return ifNoneMatch.split(",").some((tag) => {
          const t = tag.trim();
          return t === "*" || t.replace(/^W\//, "") === feed.etag;
        });
      }
      const since = Date.parse(headers["if-modified-since"] ?? "");
      return !Number.isNaN(since) && since >= feed.lastModified;
    },
  };
}
