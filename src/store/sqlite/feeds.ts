import type Database from "better-sqlite3";
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
  polled_once: number;
}

export function createFeedTable(db: Database.Database, now: () => Date): FeedTable {
  const toFeed = (r: Row): FeedRow => ({
    id: r.id,
    url: r.url,
    title: r.title,
    etag: r.etag,
    lastModified: r.last_modified,
    intervalSeconds: r.interval_seconds,
    lastPolledAt: r.last_polled_at,
    lastError: r.last_error,
    polledOnce: r.polled_once === 1,
  });
  const byUrl = db.prepare<[string], Row>("SELECT * FROM feeds WHERE url = ?");
  const insert = db.prepare("INSERT OR IGNORE INTO feeds (url, interval_seconds, added_at) VALUES (?, ?, ?)");
  const all = db.prepare<[], Row>("SELECT * FROM feeds ORDER BY id");
  const record = db.prepare(
    `UPDATE feeds SET title = coalesce(@title, title), etag = CASE WHEN @succeeded THEN @etag ELSE etag END,
       last_modified = CASE WHEN @succeeded THEN @last_modified ELSE last_modified END,
       last_polled_at = @at, last_error = @error, polled_once = max(polled_once, @succeeded) WHERE id = @id`,
  );
  const addBacklog = db.prepare("INSERT OR IGNORE INTO feed_backlog (feed_id, key) VALUES (?, ?)");
  const hasBacklog = db.prepare<[number, string], { one: number }>(
    "SELECT 1 AS one FROM feed_backlog WHERE feed_id = ? AND key = ?",
  );
  const drop = db.prepare("DELETE FROM feeds WHERE url = ?");
  const markAll = db.transaction((id: number, keys: readonly string[]) => {
    for (const key of keys) addBacklog.run(id, key);
  });
  return {
    markBacklog: async (id, keys) => markAll.immediate(id, keys),
    isBacklog: async (id, key) => hasBacklog.get(id, key) !== undefined,
    async follow(url, intervalSeconds = DEFAULT_FEED_INTERVAL_SECONDS) {
      insert.run(url, intervalSeconds, now().toISOString());
      return toFeed(byUrl.get(url) as Row);
    },
    async get(url) {
      const r = byUrl.get(url);
      return r ? toFeed(r) : undefined;
    },
    list: async () => all.all().map(toFeed),
    remove: async (url) => drop.run(url).changes > 0,
    async due(at) {
      return all.all().map(toFeed).filter(isDue(at));
    },
    async recordPoll(id, r) {
      record.run({
        id,
        title: r.title ?? null,
        etag: r.etag ?? null,
        last_modified: r.lastModified ?? null,
        error: r.error ?? null,
        succeeded: r.succeeded ? 1 : 0,
        at: now().toISOString(),
      });
    },
  };
}
