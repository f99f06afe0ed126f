import type pg from "pg";
import { DEFAULT_FEED_INTERVAL_SECONDS, isDue } from "../feed-due.ts";
import type { FeedRow, FeedTable } from "../port.ts";

interface Row {
  id: number;
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  interval_seconds: number;
  last_polled_at: string | null;
  last_error: string | null;
  polled_once: boolean;
}

const toFeed = (r: Row): FeedRow => ({
  id: r.id,
  url: r.url,
  title: r.title,
  etag: r.etag,
  lastModified: r.last_modified,
  intervalSeconds: r.interval_seconds,
  lastPolledAt: r.last_polled_at,
  lastError: r.last_error,
  polledOnce: r.polled_once,
});

/** The followed feeds in PostgreSQL: the same table as SQLite's, booleans as booleans. */
export function createPgFeedTable(pool: pg.Pool, now: () => Date): FeedTable {
  const rows = async (sql: string, params: unknown[] = []) => (await pool.query<Row>(sql, params)).rows;
  return {
    async markBacklog(id, keys) {
      if (keys.length === 0) return;
      await pool.query(
        "INSERT INTO feed_backlog (feed_id, key) SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING",
        [id, [...new Set(keys)]],
      );
    },
    isBacklog: async (id, key) =>
      (await pool.query("SELECT 1 FROM feed_backlog WHERE feed_id = $1 AND key = $2", [id, key])).rows.length > 0,
    async follow(url, intervalSeconds = DEFAULT_FEED_INTERVAL_SECONDS) {
      const inserted = await rows(
        "INSERT INTO feeds (url, interval_seconds, added_at) VALUES ($1, $2, $3) ON CONFLICT (url) DO NOTHING RETURNING *",
        [url, intervalSeconds, now().toISOString()],
      );
      return toFeed((inserted[0] ?? (await rows("SELECT * FROM feeds WHERE url = $1", [url]))[0]) as Row);
    },
    async get(url) {
      const r = (await rows("SELECT * FROM feeds WHERE url = $1", [url]))[0];
      return r ? toFeed(r) : undefined;
    },
    list: async () => (await rows("SELECT * FROM feeds ORDER BY id")).map(toFeed),
    remove: async (url) => ((await pool.query("DELETE FROM feeds WHERE url = $1", [url])).rowCount ?? 0) > 0,
    due: async (at) => (await rows("SELECT * FROM feeds ORDER BY id")).map(toFeed).filter(isDue(at)),
    async recordPoll(id, r) {
      await pool.query(
        `UPDATE feeds SET title = coalesce($2, title), etag = CASE WHEN $6 THEN $3 ELSE etag END,
           last_modified = CASE WHEN $6 THEN $4 ELSE last_modified END,
           last_polled_at = $7, last_error = $5, polled_once = polled_once OR $6 WHERE id = $1`,
        [
          id,
          r.title ?? null,
          r.etag ?? null,
          r.lastModified ?? null,
          r.error ?? null,
          r.succeeded,
          now().toISOString(),
        ],
      );
    },
  };
}
