import type pg from "pg";
import { BriefbotError } from "../../errors.ts";
import type { Store } from "../port.ts";
import { type ArticleRow, articleOf, cardOf } from "../rows.ts";
import { NewerSchemaError } from "../schema-error.ts";
import { createSecretBox } from "../secrets.ts";
import { createPgConsoleReads } from "./console-reads.ts";
import { createPgFeedTable } from "./feeds.ts";
import { createFinder } from "./find.ts";
import { createPgInstallations } from "./installations.ts";
import { createPgLeases } from "./leases.ts";
import { createPgLedger } from "./ledger.ts";
import { hasSchema, migratePostgres } from "./migrations.ts";
import { connectionFailure, createPool, redactUrl, transaction } from "./pool.ts";
import { putCardRow, saveArticle, writeSearch } from "./save.ts";
import { createQueryMaker, matchSql, queryParams } from "./search.ts";

export interface PostgresStoreOptions {
  /** `BRIEFBOT_DATABASE_URL`. */
  url: string;
  encryptionKey?: Buffer;
  now?: () => Date;
}

const ARTICLE_COLUMNS =
  "a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card";

/** Whether the database at `url` holds a library (read-only; the connection is closed again). */
export async function postgresLibraryExists(url: string): Promise<boolean> {
  const pool = createPool(url, 1);
  try {
    return await hasSchema(pool);
  } catch (error) {
    throw connectionFailure(url, error);
  } finally {
    await pool.end();
  }
}

/**
 * Open the PostgreSQL store (`BRIEFBOT_DATABASE_URL`), bringing its schema up to date: the store
 * several `serve` replicas share. Saves are serialized per text, canonical URL and id with
 * advisory locks, so two replicas ingesting the same feed at once store each article once.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const pool = createPool(options.url);
  let schema: { from: number; to: number };
  try {
    schema = await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    if (error instanceof NewerSchemaError)
      throw new BriefbotError(
        "CONFIG",
        `${redactUrl(options.url)}: made by a newer briefbot (schema version ${error.found}, this one knows ${error.known}); upgrade briefbot, or point BRIEFBOT_DATABASE_URL at another database`,
        { cause: error },
      );
    throw connectionFailure(options.url, error);
  }
  const queries = createQueryMaker(pool);
  const finder = createFinder(options.url);
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<R>(sql, params)).rows;

  const byRowids = (rowids: readonly number[]) =>
    query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid WHERE a.rowid = ANY($1::bigint[])`,
      [rowids],
    );

  return {
    engine: "postgres",
    location: redactUrl(options.url),
    schema,
    isOwnerGone: (owner) => owner === null,
    save: (input) => saveArticle(pool, now, input),
    async getCard(articleId) {
      const rows = await query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid WHERE a.id = $1`,
        [articleId],
      );
      return rows[0] ? cardOf(rows[0]) : undefined;
    },
    async findCards(text, options = {}) {
      const q = await queries(text);
      if (!q) return [];
      const ranked = await finder.find(q, options, now().getTime());
      const rows = new Map((await byRowids(ranked)).map((r) => [r.rowid, r]));
      return ranked.map((rowid) => cardOf(rows.get(rowid) as ArticleRow));
    },
    async recentCards(options = {}) {
      const by = options.by === "dated" ? "dated_at" : "added_at";
      const q = options.topic ? await queries(options.topic) : undefined;
      if (options.topic && !q) return [];
      const params: unknown[] = [options.limit ?? 20, ...(q ? queryParams(q) : [])];
      const where = [
        "NOT a.backlog",
        ...(q ? [matchSql("a", 2)] : []),
        ...(options.since ? [`a.${by} > $${params.push(options.since.toISOString())}`] : []),
        ...(options.until ? [`a.${by} <= $${params.push(options.until.toISOString())}`] : []),
      ];
      const rows = await query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
         WHERE ${where.join(" AND ")} ORDER BY a.dated_at DESC, a.rowid DESC LIMIT $1`,
        params,
      );
      return rows.map(cardOf);
    },
    countArticles: async () => (await query<{ n: number }>("SELECT count(*) AS n FROM articles"))[0]?.n ?? 0,
    countCards: async (version) =>
      (
        await query<{ cards: number; stale: number }>(
          "SELECT count(*) AS cards, count(*) FILTER (WHERE summarizer <> $1) AS stale FROM cards",
          [version],
        )
      )[0] ?? { cards: 0, stale: 0 },
    staleArticles: async (version, limit) =>
      (
        await query<ArticleRow>(
          `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
           WHERE c.card IS NULL OR c.summarizer <> $1 ORDER BY a.rowid LIMIT $2`,
          [version, limit],
        )
      ).map(articleOf),
    putCard: (articleId, card) =>
      transaction(pool, async (c) => {
        const row = (await c.query<{ rowid: number }>("SELECT rowid FROM articles WHERE id = $1", [articleId])).rows[0];
        if (!row) throw new BriefbotError("NOT_FOUND", `no article ${articleId} in the library`);
        await putCardRow(c, row.rowid, { ...card, articleId });
        await writeSearch(c, row.rowid, card);
      }),
    idByCanonical: async (canonical) =>
      (
        await query<{ id: string }>("SELECT id FROM articles WHERE md5(canonical) = md5($1) AND canonical = $1", [
          canonical,
        ])
      )[0]?.id,
    feeds: createPgFeedTable(pool, now),
    ledger: createPgLedger(pool, queries),
    consoleReads: createPgConsoleReads(pool, queries, finder, now),
    installations: createPgInstallations(pool, now, createSecretBox(options.encryptionKey)),
    leases: createPgLeases(pool),
    close: async () => {
      await finder.close();
      await pool.end();
    },
  };
}
