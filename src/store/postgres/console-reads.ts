import type pg from "pg";
import { type Article, BriefingCardSchema, type DeliveryStatus } from "../../schemas.ts";
import type { BrowseQuery, ConsoleReads, LibraryEntry } from "../console-reads.ts";
import type { LedgerRow } from "../port.ts";
import { ledgerRowOf } from "../rows.ts";
import { choose, type QueryMaker } from "./compose.ts";
import type { SearchFilters } from "./find.ts";
import { matchSql, queryParams } from "./search.ts";

/** The search the store's `findCards` runs (`find.ts`): the console ranks through the same one. */
export interface Finder {
  find(q: NonNullable<Awaited<ReturnType<QueryMaker>>>, options: SearchFilters, at: number): Promise<number[]>;
}

interface Row {
  rowid: number;
  id: string;
  card: string | null;
  summarizer: string;
  updated_at: string;
  added_at: string;
  dated_at: string;
  backlog: boolean;
  feed_id: number | null;
  origin: string;
}

interface DeliveryRow {
  id: number;
  subscription: string;
  slot: string;
  until: string | null;
  destination: string;
  status: DeliveryStatus;
  message_ref: string | null;
  attempts: number;
  error: string | null;
  more: number;
}

/** An entry's columns; an article's paragraphs (its bulk) are read only for `article`. */
const COLUMNS =
  "a.rowid, a.id, c.card, c.summarizer, a.added_at, a.updated_at, a.dated_at, a.backlog, a.feed_id, a.origin";
const FROM = "FROM articles a JOIN cards c ON c.article_rowid = a.rowid";

const entryOf = (r: Row): LibraryEntry => ({
  card: BriefingCardSchema.parse(JSON.parse(r.card ?? "null")),
  addedAt: r.added_at,
  datedAt: r.dated_at,
  backlog: r.backlog,
  feedId: r.feed_id,
  origin: r.origin,
  revision: `${r.updated_at}|${r.summarizer}`,
});

/** The browse filters as SQL conditions on `a`, their values appended to `params`. */
function filterSql(query: BrowseQuery, params: unknown[]): string {
  const where = [
    ...(query.since ? [`a.dated_at >= $${params.push(query.since.toISOString())}`] : []),
    ...(query.until ? [`a.dated_at < $${params.push(query.until.toISOString())}`] : []),
    ...(query.lang ? [`a.lang = $${params.push(query.lang)}`] : []),
    ...(query.source ? [`strpos(lower(coalesce(a.source, '')), lower($${params.push(query.source)})) > 0`] : []),
    ...(query.feedId !== undefined ? [`a.feed_id = $${params.push(query.feedId)}`] : []),
  ];
  return where.length ? `WHERE ${where.join(" AND ")}` : "";
}

/**
 * The web console's reads over the PostgreSQL library, the same answers as
 * `sqlite/console-reads.ts`: search through the store's own finder (so the library ranks as
 * `search` and `/brief` do), previews and "why not?" through the claim's own `choose`. Nothing
 * here writes.
 */
export function createPgConsoleReads(
  pool: pg.Pool,
  queries: QueryMaker,
  finder: Finder,
  now: () => Date = () => new Date(),
): ConsoleReads {
  const rows = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await pool.query<R>(sql, params)).rows;

  /** Entries of these rowids or ids, in the order given; unknown ones are left out. */
  async function entriesBy<K extends "rowid" | "id">(key: K, keys: readonly Row[K][]): Promise<LibraryEntry[]> {
    if (keys.length === 0) return [];
    const found = await rows<Row>(
      `SELECT ${COLUMNS} ${FROM} WHERE a.${key} = ANY($1::${key === "rowid" ? "bigint" : "text"}[])`,
      [keys],
    );
    const byKey = new Map(found.map((r) => [r[key], r]));
    return keys.flatMap((k) => {
      const r = byKey.get(k);
      return r ? [entryOf(r)] : [];
    });
  }

  return {
    async cards(query = {}) {
      const params: unknown[] = [query.limit ?? 20, query.offset ?? 0];
      const found = await rows<Row>(
        `SELECT ${COLUMNS} ${FROM} ${filterSql(query, params)}
         ORDER BY a.dated_at DESC, a.rowid DESC LIMIT $1 OFFSET $2`,
        params,
      );
      return found.map(entryOf);
    },

    async search(words, query = {}) {
      const q = await queries(words);
      if (!q) return [];
      const offset = query.offset ?? 0;
      const filters: SearchFilters = {
        limit: offset + (query.limit ?? 10),
        ...(query.since ? { since: query.since } : {}),
        ...(query.until ? { until: query.until } : {}),
        ...(query.lang ? { lang: query.lang } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...(query.feedId !== undefined ? { feedId: query.feedId } : {}),
      };
      const ranked = (await finder.find(q, filters, now().getTime())).slice(offset);
      return entriesBy("rowid", ranked);
    },

    entries: (ids) => entriesBy("id", ids),

    async article(articleId) {
      const r = (
        await rows<
          Row & {
            url: string | null;
            title: string | null;
            source: string | null;
            published_at: string | null;
            lang: string;
            paragraphs: string;
          }
        >(`SELECT ${COLUMNS}, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs ${FROM} WHERE a.id = $1`, [
          articleId,
        ])
      )[0];
      if (!r) return undefined;
      const paragraphs = JSON.parse(r.paragraphs) as string[];
      const article: Article = {
        id: r.id,
        lang: r.lang,
        paragraphs,
        text: paragraphs.join("\n\n"),
        ...(r.title ? { title: r.title } : {}),
        ...(r.url ? { url: r.url } : {}),
        ...(r.source ? { source: r.source } : {}),
        ...(r.published_at ? { publishedAt: r.published_at } : {}),
      };
      return { article, entry: entryOf(r) };
    },

    async feedCounts() {
      const counts = await rows<{ feed_id: number; n: number }>(
        "SELECT feed_id, count(*) AS n FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id",
      );
      return new Map(counts.map((r) => [r.feed_id, r.n]));
    },

    async deliveries(query = {}) {
      const params: unknown[] = [query.limit ?? null, query.offset ?? 0];
      const where = [
        ...(query.status ? [`status = $${params.push(query.status)}`] : []),
        ...(query.subscription ? [`subscription = $${params.push(query.subscription)}`] : []),
        ...(query.destination ? [`destination = $${params.push(query.destination)}`] : []),
      ];
      const found = await rows<DeliveryRow>(
        `SELECT id, subscription, slot, until, destination, status, message_ref, attempts, error, more FROM deliveries
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY slot DESC, id DESC LIMIT $1 OFFSET $2`,
        params,
      );
      // The articles of the whole page in one round trip.
      const carried = await rows<{ delivery_id: number; article_id: string }>(
        "SELECT delivery_id, article_id FROM delivery_articles WHERE delivery_id = ANY($1::bigint[]) ORDER BY delivery_id, position",
        [found.map((r) => r.id)],
      );
      const articles = new Map<number, string[]>();
      for (const a of carried) articles.set(a.delivery_id, [...(articles.get(a.delivery_id) ?? []), a.article_id]);
      return found.map((r): LedgerRow => ledgerRowOf(r, articles.get(r.id) ?? []));
    },

    async preview(subscription, slot, destination, rules) {
      const { ids, from } = await choose(pool, subscription, destination, slot.toISOString(), rules, queries);
      return { shown: ids.slice(0, subscription.maxCards), more: ids.slice(subscription.maxCards), from };
    },

    async standing(subscription, destination, articleId, slot, rules) {
      const article = (
        await rows<{ rowid: number; added_at: string; backlog: boolean }>(
          "SELECT rowid, added_at, backlog FROM articles WHERE id = $1",
          [articleId],
        )
      )[0];
      if (!article) return undefined;
      let onTopic = true;
      if (subscription.topic) {
        const q = await queries(subscription.topic);
        onTopic =
          q !== undefined &&
          (
            await rows(`SELECT 1 FROM articles a WHERE a.rowid = $1 AND ${matchSql("a", 2)}`, [
              article.rowid,
              ...queryParams(q),
            ])
          ).length > 0;
      }
      const { ids, from } = await choose(pool, subscription, destination, slot.toISOString(), rules, queries);
      const carrying = await rows<{
        delivery_key: string;
        slot: string;
        status: DeliveryStatus;
        shown: boolean;
        more: number;
        message_ref: string | null;
        error: string | null;
        updated_at: string;
      }>(
        `SELECT d.delivery_key, d.slot, d.status, da.shown, d.more, d.message_ref, d.error, d.updated_at
         FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
         WHERE da.article_id = $1 AND d.subscription = $2 AND d.destination = $3 ORDER BY d.slot DESC, d.id DESC`,
        [articleId, subscription.id, destination],
      );
      const position = ids.indexOf(articleId);
      return {
        addedAt: article.added_at,
        backlog: article.backlog,
        onTopic,
        deliveries: carrying.map((r) => ({
          key: r.delivery_key,
          slot: r.slot,
          status: r.status,
          shown: r.shown,
          more: r.more,
          messageRef: r.message_ref,
          error: r.error,
          updatedAt: r.updated_at,
        })),
        from,
        ...(position >= 0 ? { position } : {}),
        chosen: ids.length,
      };
    },
  };
}
