import type Database from "better-sqlite3";
import { NewerSchemaError } from "../schema-error.ts";

/**
 * Versioned schema. Each entry moves the database from version `i` to `i + 1` inside one
 * transaction; `PRAGMA user_version` records where a file stands. Never edit a released entry:
 * add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: articles, their cards, full-text search, feeds.
  `
  CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    canonical TEXT UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT,
    title TEXT,
    source TEXT,
    published_at TEXT,
    dated_at TEXT NOT NULL,
    lang TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    origin TEXT NOT NULL,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    backlog INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX articles_added_at ON articles(added_at);
  CREATE INDEX articles_dated_at ON articles(dated_at);
  CREATE TABLE cards (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    summarizer TEXT NOT NULL,
    card TEXT NOT NULL
  );
  CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, names,
    content = '', contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2"
  );
  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    interval_seconds INTEGER NOT NULL DEFAULT 900,
    last_polled_at TEXT,
    last_error TEXT,
    polled_once INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
  );
  `,
  // 2: subscriptions and the delivery ledger.
  `
  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    schedule TEXT NOT NULL,
    timezone TEXT NOT NULL,
    topic TEXT,
    max_cards INTEGER NOT NULL,
    destinations TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    checked_until TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    subscription TEXT NOT NULL,
    slot TEXT NOT NULL,
    destination TEXT NOT NULL,
    delivery_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('claimed', 'delivered', 'failed', 'missed', 'empty')),
    message_ref TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    owner TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (subscription, slot, destination)
  );
  CREATE INDEX deliveries_status ON deliveries(status);
  `,
  // 3: platform installations (Slack's OAuth installs), kept as the platform's own JSON.
  `
  CREATE TABLE installations (
    platform TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, key)
  );
  `,
  // 4: the items a feed listed when it was first read: backlog, even when stored on a later poll.
  `
  CREATE TABLE feed_backlog (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
  );
  `,
  // 5: deliveries carry articles, not time windows. What each delivery carried (shown, or named
  // as "+N more"); a range of missed or empty slots in one row (slot … until); when each
  // destination of a subscription was first seen (its first briefing looks back from there).
  `
  ALTER TABLE deliveries ADD COLUMN until TEXT;
  ALTER TABLE deliveries ADD COLUMN more INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE subscriptions ADD COLUMN first_lookback TEXT;
  CREATE TABLE delivery_articles (
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    shown INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, article_id)
  );
  CREATE INDEX delivery_articles_article ON delivery_articles(article_id);
  CREATE TABLE subscription_destinations (
    subscription TEXT NOT NULL,
    destination TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (subscription, destination)
  );
  CREATE INDEX deliveries_by_destination ON deliveries(subscription, destination, slot);
  `,
  // 6: the same text no longer makes two articles one (store/dedup.ts): content_hash is not unique.
  // SQLite cannot drop a constraint, so the table is rebuilt with its rowids; dropping the old one
  // cascades into cards, which are put back.
  `
  CREATE TABLE articles_v5 (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    canonical TEXT UNIQUE,
    content_hash TEXT NOT NULL,
    url TEXT,
    title TEXT,
    source TEXT,
    published_at TEXT,
    dated_at TEXT NOT NULL,
    lang TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    origin TEXT NOT NULL,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    backlog INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  INSERT INTO articles_v5 SELECT rowid, id, canonical, content_hash, url, title, source, published_at, dated_at, lang,
    paragraphs, origin, feed_id, backlog, added_at, updated_at FROM articles;
  CREATE TEMP TABLE cards_v5 AS SELECT * FROM cards;
  DROP TABLE articles;
  ALTER TABLE articles_v5 RENAME TO articles;
  INSERT INTO cards SELECT * FROM temp.cards_v5;
  DROP TABLE temp.cards_v5;
  CREATE INDEX articles_added_at ON articles(added_at);
  CREATE INDEX articles_dated_at ON articles(dated_at);
  CREATE INDEX articles_content_hash ON articles(content_hash);
  `,
  // 7: named leases: who polls a feed, who holds a Discord shard's gateway, which replicas live.
  `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until TEXT NOT NULL
  );
  `,
  // 8: button posts were subscription 'post', which a definition named "post" shares; moved to a
  // name no subscription can have, unless such a definition exists (then which row is whose is
  // unknown, and they stay). Run again, it finds nothing to move.
  `
  UPDATE deliveries SET subscription = 'button:post'
   WHERE subscription = 'post' AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE id = 'post');
  `,
  // 9: when a subscription was last made active: one subscribed again looks back from then, not
  // from its first creation. Rows from before start as created.
  `
  ALTER TABLE subscriptions ADD COLUMN activated_at TEXT;
  UPDATE subscriptions SET activated_at = created_at WHERE activated_at IS NULL;
  `,
];

export { NewerSchemaError } from "../schema-error.ts";

/** Bring a database to the newest schema; each step is all or nothing. Resolves to where it was and is. */
export function migrate(db: Database.Database): { from: number; to: number } {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) throw new NewerSchemaError(current, MIGRATIONS.length);
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return { from: current, to: MIGRATIONS.length };
}
