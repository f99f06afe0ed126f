import type pg from "pg";
import { articleId } from "../../article/parse.ts";
import { BriefbotError } from "../../errors.ts";
import type { BriefingCard } from "../../schemas.ts";
import { contentHash } from "../canonical.ts";
import { datedAt } from "../dates.ts";
import { duplicateReason, type TextTwin } from "../dedup.ts";
import type { SaveInput, SaveOutcome, SaveResult, Store } from "../port.ts";
import { rankCandidates, SEARCH_CANDIDATES } from "../rank.ts";
import { type ArticleRow, articleOf, cardOf } from "../rows.ts";
import { NewerSchemaError } from "../schema-error.ts";
import { createSecretBox } from "../secrets.ts";
import { createPgFeedTable } from "./feeds.ts";
import { createPgInstallations } from "./installations.ts";
import { createPgLeases } from "./leases.ts";
import { createPgLedger } from "./ledger.ts";
import { hasSchema, migratePostgres } from "./migrations.ts";
import { connectionFailure, createPool, lockKeys, redactUrl, transaction } from "./pool.ts";
import { matchSql, queryCte, rankSql, tsConfig, tsQueryText, vectorSql } from "./search.ts";

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
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<R>(sql, params)).rows;

  /** An article's search vector, from its stored title and text and its card's names. */
  async function writeSearch(
    client: pg.PoolClient,
    rowid: number,
    card: BriefingCard,
    known?: { title?: string; text: string },
  ): Promise<void> {
    const row =
      known ??
      (
        await client.query<{ title: string | null; paragraphs: string }>(
          "SELECT title, paragraphs FROM articles WHERE rowid = $1",
          [rowid],
        )
      ).rows.map((r) => ({ title: r.title ?? "", text: (JSON.parse(r.paragraphs) as string[]).join("\n\n") }))[0];
    if (!row) return;
    await client.query(
      `UPDATE articles SET search = ${vectorSql("ts_config", "$2::text", "$3::text", "$4::text")} WHERE rowid = $1`,
      [rowid, row.title ?? "", card.names.join(" "), row.text],
    );
  }

  async function putCardRow(client: pg.PoolClient, rowid: number, card: BriefingCard): Promise<void> {
    await client.query(
      `INSERT INTO cards (article_rowid, summarizer, card) VALUES ($1, $2, $3)
       ON CONFLICT (article_rowid) DO UPDATE SET summarizer = excluded.summarizer, card = excluded.card`,
      [rowid, card.summarizer, JSON.stringify(card)],
    );
  }

  async function save(input: SaveInput): Promise<SaveResult> {
    const { article } = input;
    const hash = contentHash(article.text);
    return transaction(pool, async (c) => {
      // Replicas saving the same text, URL or id wait for each other; then each sees the other's row.
      await lockKeys(c, [`text:${hash}`, `id:${article.id}`, ...(input.canonical ? [`url:${input.canonical}`] : [])]);
      const existing = input.canonical
        ? (
            await c.query<{ rowid: number; id: string; content_hash: string }>(
              "SELECT rowid, id, content_hash FROM articles WHERE md5(canonical) = md5($1) AND canonical = $1",
              [input.canonical],
            )
          ).rows[0]
        : undefined;
      if (existing && existing.content_hash === hash) {
        const version = (
          await c.query<{ summarizer: string }>("SELECT summarizer FROM cards WHERE article_rowid = $1", [
            existing.rowid,
          ])
        ).rows[0];
        if (version?.summarizer === input.card.summarizer)
          return { outcome: "skipped", articleId: existing.id, reason: "unchanged" };
        await putCardRow(c, existing.rowid, { ...input.card, articleId: existing.id });
        await writeSearch(c, existing.rowid, input.card);
        return { outcome: "updated", articleId: existing.id, reason: "card rebuilt" };
      }
      const twins = await c.query<TextTwin & { rowid: number }>(
        "SELECT rowid, id, title, canonical FROM articles WHERE content_hash = $1 ORDER BY rowid LIMIT 20",
        [hash],
      );
      for (const twin of twins.rows) {
        if (twin.rowid === existing?.rowid) continue;
        const why = duplicateReason(article, input.canonical, twin);
        if (why) return { outcome: "skipped", articleId: twin.id, reason: `duplicate of ${twin.id} (${why})` };
      }
      const stamp = now().toISOString();
      const fields = [
        hash,
        article.url ?? null,
        article.title ?? null,
        article.source ?? null,
        article.publishedAt ?? null,
        datedAt(article.publishedAt, stamp),
        article.lang,
        JSON.stringify(article.paragraphs),
        input.origin,
        stamp,
        tsConfig(article.lang),
      ];
      let rowid: number;
      let id: string;
      let outcome: SaveOutcome;
      if (existing) {
        rowid = existing.rowid;
        id = existing.id;
        await c.query(
          `UPDATE articles SET content_hash = $1, url = $2, title = $3, source = $4, published_at = $5, dated_at = $6,
             lang = $7, paragraphs = $8, origin = $9, updated_at = $10, ts_config = $11 WHERE rowid = $12`,
          [...fields, rowid],
        );
        outcome = "updated";
      } else {
        const taken = await c.query("SELECT 1 FROM articles WHERE id = $1", [article.id]);
        id = taken.rows.length > 0 ? articleId(input.canonical ?? input.origin, article.text) : article.id;
        const inserted = await c.query<{ rowid: number }>(
          `INSERT INTO articles (content_hash, url, title, source, published_at, dated_at, lang, paragraphs, origin,
             added_at, ts_config, updated_at, id, canonical, feed_id, backlog, search)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $12, $13, $14, $15,
             ${vectorSql("$11::text", "$16::text", "$17::text", "$18::text")}) RETURNING rowid`,
          [
            ...fields,
            id,
            input.canonical ?? null,
            input.feedId ?? null,
            Boolean(input.backlog),
            article.title ?? "",
            input.card.names.join(" "),
            article.text,
          ],
        );
        rowid = inserted.rows[0]?.rowid as number;
        outcome = "added";
      }
      await putCardRow(c, rowid, { ...input.card, articleId: id });
      // A new row was indexed as it was inserted; an updated one is indexed anew.
      if (outcome === "updated")
        await writeSearch(c, rowid, input.card, { title: article.title ?? "", text: article.text });
      return { outcome, articleId: id };
    });
  }

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
    save,
    async getCard(articleId) {
      const rows = await query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid WHERE a.id = $1`,
        [articleId],
      );
      return rows[0] ? cardOf(rows[0]) : undefined;
    },
    async findCards(text, options = {}) {
      const tsq = tsQueryText(text);
      if (!tsq) return [];
      // Candidates newest first with the filters inside the match, as on SQLite: relevance is
      // computed for at most SEARCH_CANDIDATES rows, however common the words.
      const candidates = await query<{ rowid: number; score: number; dated_at: string }>(
        `WITH ${queryCte("$1")},
         c AS (SELECT a.rowid FROM articles a
           WHERE ${matchSql("a")} AND ($2::timestamptz IS NULL OR a.dated_at >= $2) AND ($3::text IS NULL OR a.lang = $3)
           ORDER BY a.rowid DESC LIMIT $4)
         SELECT a.rowid, -${rankSql("a")} AS score, a.dated_at FROM c JOIN articles a ON a.rowid = c.rowid`,
        [tsq, options.since?.toISOString() ?? null, options.lang ?? null, SEARCH_CANDIDATES],
      );
      const ranked = rankCandidates(
        candidates.map((c) => ({ rowid: c.rowid, score: c.score, datedAt: c.dated_at })),
        now().getTime(),
        options.limit ?? 10,
      );
      const rows = new Map((await byRowids(ranked)).map((r) => [r.rowid, r]));
      return ranked.map((rowid) => cardOf(rows.get(rowid) as ArticleRow));
    },
    async recentCards(options = {}) {
      const by = options.by === "dated" ? "dated_at" : "added_at";
      const tsq = options.topic ? tsQueryText(options.topic) : undefined;
      if (options.topic && !tsq) return [];
      const window = `($1::timestamptz IS NULL OR a.${by} > $1) AND ($2::timestamptz IS NULL OR a.${by} <= $2) AND NOT a.backlog`;
      const params = [options.since?.toISOString() ?? null, options.until?.toISOString() ?? null, options.limit ?? 20];
      const rows = tsq
        ? await query<ArticleRow>(
            `WITH ${queryCte("$4")} SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
             WHERE ${matchSql("a")} AND ${window} ORDER BY a.dated_at DESC, a.rowid DESC LIMIT $3`,
            [...params, tsq],
          )
        : await query<ArticleRow>(
            `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
             WHERE ${window} ORDER BY a.dated_at DESC, a.rowid DESC LIMIT $3`,
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
    ledger: createPgLedger(pool),
    installations: createPgInstallations(pool, now, createSecretBox(options.encryptionKey)),
    leases: createPgLeases(pool),
    close: () => pool.end(),
  };
}
