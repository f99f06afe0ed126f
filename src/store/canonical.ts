import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|ref_src|xtor)$/i;

/**
 * The canonical form of an article URL, for deduplication: lower-case host, no default port,
 * no fragment, no tracking parameters, sorted query, no trailing slash on a path.
 *
 * @example
 * canonicalUrl("HTTPS://News.example.org:443/a/?utm_source=x#top"); // "https://news.example.org/a"
 */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  u.hash = "";
  u.hostname = u.hostname.toLowerCase();
  const params = [...u.searchParams.entries()]
    .filter(([k]) => !TRACKING.test(k))
    .sort(([a], [b]) => a.localeCompare(b));
  u.search = new URLSearchParams(params).toString();
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, "");
  return u.toString();
}

/** A file's canonical key: its absolute `file:` URL. */
export function canonicalFile(path: string): string {
  return pathToFileURL(resolve(path)).toString();
}

/** Hash of an article's text, insensitive to spacing, for finding the same article under two names. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text.normalize("NFC").replace(/\s+/g, " ").trim()).digest("hex");
}
