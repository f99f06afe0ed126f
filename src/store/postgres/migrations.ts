import type pg from "pg";
import { NewerSchemaError } from "../schema-error.ts";
import { transaction } from "./pool.ts";

/**
 * The PostgreSQL schema, versioned like SQLite's (`sqlite/migrations.ts`) but numbered on its own:
 * version 1 is everything SQLite's seven steps make. `briefbot_schema` records where a database
 * stands. Never edit a released entry: add a new one. Text that orders like SQLite's (ids,
 * destinations) is compared byte-wise (`COLLATE "C"`), so that both engines list rows alike.
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: the library, feeds, the ledger, installations and leases.
  `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  CREATE TABLE feeds (
    id bigserial PRIMARY KEY,
    url text NOT NULL UNIQUE,
    title text,
    etag text,
    last_modified text,
    interval_seconds integer NOT NULL DEFAULT 900,
    last_polled_at timestamptz,
    last_error text,
    polled_once boolean NOT NULL DEFAULT false,
    added_at timestamptz NOT NULL
  );
  CREATE TABLE feed_backlog (
    feed_id bigint NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key text NOT NULL,
    PRIMARY KEY (feed_id, key)
  );
  CREATE TABLE articles (
    rowid bigserial PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    canonical text,
    content_hash text NOT NULL,
    url text,
    title text,
    source text,
    published_at text,
    dated_at timestamptz NOT NULL,
    lang text NOT NULL,
    paragraphs text NOT NULL,
    origin text NOT NULL,
    feed_id bigint REFERENCES feeds(id) ON DELETE SET NULL,
    backlog boolean NOT NULL DEFAULT false,
    added_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    ts_config text NOT NULL,
    search tsvector NOT NULL
  );
  -- By a digest: a canonical URL may be longer than a B-tree entry can be.
  CREATE UNIQUE INDEX articles_canonical ON articles (md5(canonical));
  CREATE INDEX articles_added_at ON articles(added_at);
  CREATE INDEX articles_dated_at ON articles(dated_at);
  CREATE INDEX articles_content_hash ON articles(content_hash);
  -- One index per configuration: a query is matched against each language's articles in its own terms.
  CREATE INDEX articles_search_dutch ON articles USING gin (search) WHERE ts_config = 'dutch';
  CREATE INDEX articles_search_english ON articles USING gin (search) WHERE ts_config = 'english';
  CREATE INDEX articles_search_simple ON articles USING gin (search) WHERE ts_config = 'simple';
  CREATE TABLE cards (
    article_rowid bigint PRIMARY KEY REFERENCES articles(rowid) ON DELETE CASCADE,
    summarizer text NOT NULL,
    card text NOT NULL
  );
  CREATE TABLE subscriptions (
    id text COLLATE "C" PRIMARY KEY,
    origin text NOT NULL,
    schedule text NOT NULL,
    timezone text NOT NULL,
    topic text,
    max_cards integer NOT NULL,
    destinations text NOT NULL,
    first_lookback text,
    active boolean NOT NULL DEFAULT true,
    checked_until timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE subscription_destinations (
    subscription text NOT NULL,
    destination text NOT NULL,
    first_seen timestamptz NOT NULL,
    PRIMARY KEY (subscription, destination)
  );
  CREATE TABLE deliveries (
    id bigserial PRIMARY KEY,
    subscription text COLLATE "C" NOT NULL,
    slot timestamptz NOT NULL,
    until timestamptz,
    destination text COLLATE "C" NOT NULL,
    delivery_key text NOT NULL UNIQUE,
    status text NOT NULL CHECK (status IN ('claimed', 'delivered', 'failed', 'missed', 'empty')),
    message_ref text,
    attempts integer NOT NULL DEFAULT 0,
    error text,
    owner text,
    lease_until timestamptz,
    more integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (subscription, slot, destination)
  );
  CREATE INDEX deliveries_claimed ON deliveries(slot, id) WHERE status = 'claimed';
  CREATE INDEX deliveries_by_destination ON deliveries(subscription, destination, slot);
  CREATE TABLE delivery_articles (
    delivery_id bigint NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    article_id text NOT NULL,
    position integer NOT NULL,
    shown boolean NOT NULL,
    PRIMARY KEY (delivery_id, article_id)
  );
  CREATE INDEX delivery_articles_article ON delivery_articles(article_id);
  CREATE TABLE installations (
    platform text NOT NULL,
    key text NOT NULL,
    data text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (platform, key)
  );
  CREATE TABLE leases (
    name text COLLATE "C" PRIMARY KEY,
    owner text NOT NULL,
    until timestamptz NOT NULL
  );
  `,
  // 2: button posts were subscription 'post', which a definition named "post" shares; moved to a
  // name no subscription can have, unless such a definition exists. Run again, it finds nothing.
  `
  UPDATE deliveries SET subscription = 'button:post'
   WHERE subscription = 'post' AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE id = 'post');
  `,
  // 3: when a subscription was last made active: one subscribed again looks back from then, not
  // from its first creation. Rows from before start as created.
  `
  ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS activated_at timestamptz;
  UPDATE subscriptions SET activated_at = created_at WHERE activated_at IS NULL;
  `,
];

/** Whether the database holds a briefbot library at all (read-only: creates nothing). */
export async function hasSchema(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query<{ t: string | null }>("SELECT to_regclass('briefbot_schema')::text AS t");
  return Boolean(r.rows[0]?.t);
}

/**
 * Bring the database to the newest schema in one transaction; replicas starting at once wait for
 * each other on an advisory lock, and the later ones find nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool): Promise<{ from: number; to: number }> {
  return transaction(pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('briefbot:migrate', 0))");
    await c.query("CREATE TABLE IF NOT EXISTS briefbot_schema (version integer NOT NULL)");
    const found = await c.query<{ version: number }>("SELECT version FROM briefbot_schema");
    if (found.rows.length === 0) await c.query("INSERT INTO briefbot_schema (version) VALUES (0)");
    const from = found.rows[0]?.version ?? 0;
    if (from > PG_MIGRATIONS.length) throw new NewerSchemaError(from, PG_MIGRATIONS.length);
    for (let v = from; v < PG_MIGRATIONS.length; v++) await c.query(PG_MIGRATIONS[v] as string);
    if (from < PG_MIGRATIONS.length) await c.query("UPDATE briefbot_schema SET version = $1", [PG_MIGRATIONS.length]);
    return { from, to: PG_MIGRATIONS.length };
  });
}
