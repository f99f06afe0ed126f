import type { ConsoleData, LibraryPage, LibraryQuery } from "./data.ts";

/** How long a library page's result is reused: a search asked again within this answers from memory. */
export const LIBRARY_TTL_MS = 10_000;
/** Results kept at most (oldest out first). */
const MAX_PAGES = 200;

/**
 * The data port with the library's results kept for a few seconds: the same search or page asked
 * again (by several people, or by one paging back) costs no query. What the library gains in the
 * meantime shows at most `ttlMs` later. Every other read goes through as it is.
 */
export function withLibraryCache(data: ConsoleData, ttlMs = LIBRARY_TTL_MS, now = () => Date.now()): ConsoleData {
  const kept = new Map<string, { at: number; page: Promise<LibraryPage> }>();
  const keyOf = (q: LibraryQuery) =>
    JSON.stringify([
      q.q ?? "",
      q.lang ?? "",
      q.source ?? "",
      q.feedId ?? -1,
      q.since?.getTime(),
      q.until?.getTime(),
      q.page,
      q.perPage,
    ]);
  return {
    ...data,
    library(query) {
      const key = keyOf(query);
      const t = now();
      const hit = kept.get(key);
      if (hit && t - hit.at <= ttlMs) return hit.page;
      kept.delete(key);
      // The promise is kept, so that a burst of the same search runs it once; a failure is not kept.
      const page = data.library(query);
      page.catch(() => kept.delete(key));
      if (kept.size >= MAX_PAGES) kept.delete(kept.keys().next().value as string);
      kept.set(key, { at: t, page });
      return page;
    },
  };
}
