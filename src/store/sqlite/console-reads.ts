import type Database from "better-sqlite3";
import { type Article, BriefingCardSchema, type DeliveryStatus } from "../../schemas.ts";
import type { ConsoleReads, LibraryEntry } from "../console-reads.ts";
import type { Carried, ComposeRules, LedgerRow, StoredSubscription } from "../port.ts";
import { ftsQuery } from "../query.ts";
import { rankCandidates, SEARCH_CANDIDATES } from "../rank.ts";
import { ledgerRowOf } from "../rows.ts";

/** What the claim decides, shared so that previews and "why not?" follow its rule (`compose.ts`). */
export interface ClaimRule {
  /** The articles a slot to a destination carries, best first (at most `maxCarried`), and where it looked. */
  choose(
    subscription: StoredSubscription,
    destination: string,
    slot: string,
    rules: ComposeRules,
  ): { ids: string[]; from: string };
}

interface Row {
  id: string;
  card: string | null;
  summarizer: string;
  updated_at: string;
  added_at: string;
  dated_at: string;
  backlog: number;
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
const COLUMNS = "a.id, c.card, c.summarizer, a.added_at, a.updated_at, a.dated_at, a.backlog, a.feed_id, a.origin";
/** The filters of a browse or a search, checked on the row. */
const FILTERS = `a.dated_at >= @since AND a.dated_at < @until AND (@lang = '' OR a.lang = @lang)
  AND (@source = '' OR instr(lower(coalesce(a.source, '')), lower(@source)) > 0) AND (@feed < 0 OR a.feed_id = @feed)`;
const FOREVER = "9999-12-31T23:59:59.999Z";

const entryOf = (r: Row): LibraryEntry => ({
  card: BriefingCardSchema.parse(JSON.parse(r.card ?? "null")),
  addedAt: r.added_at,
  datedAt: r.dated_at,
  backlog: r.backlog === 1,
  feedId: r.feed_id,
  origin: r.origin,
  revision: `${r.updated_at}|${r.summarizer}`,
});

type Filters = { since: string; until: string; lang: string; source: string; feed: number };
type Paged = { limit: number; offset: number };

/**
 * The web console's reads over the SQLite library: every query the console makes beyond the store
 * port is here, and nothing here writes. better-sqlite3 answers at once; the methods return
 * promises all the same, as the port's do.
 */
export function createSqliteConsoleReads(
  db: Database.Database,
  claim: ClaimRule,
  now: () => Date = () => new Date(),
): ConsoleReads {
  const q = {
    // Walks the dated_at index newest first; the filters are checked on the way, so an unfiltered
    // page costs the same at any library size.
    cards: db.prepare<Filters & Paged, Row>(
      `SELECT ${COLUMNS} FROM articles a JOIN cards c ON c.article_rowid = a.rowid
       WHERE ${FILTERS} ORDER BY a.dated_at DESC, a.rowid DESC LIMIT @limit OFFSET @offset`,
    ),
    // Without a filter on the row, the page is found in the dated_at index alone (the rows it skips
    // are never read), then only its own rows are: a deep page costs little more than the first.
    cardsByDate: db.prepare<{ since: string; until: string } & Paged, Row>(
      `SELECT ${COLUMNS} FROM (SELECT rowid, dated_at FROM articles WHERE dated_at >= @since AND dated_at < @until
         ORDER BY dated_at DESC, rowid DESC LIMIT @limit OFFSET @offset) p
       JOIN articles a ON a.rowid = p.rowid JOIN cards c ON c.article_rowid = a.rowid
       ORDER BY p.dated_at DESC, p.rowid DESC`,
    ),
    // The search's candidates as `findCards` takes them (newest SEARCH_CANDIDATES matches, the same
    // BM25 weights), with the console's filters inside the match so that they never empty a page.
    candidates: db.prepare<
      Filters & { match: string; limit: number },
      { rowid: number; score: number; dated_at: string }
    >(
      `SELECT f.rowid AS rowid, bm25(articles_fts, 4.0, 1.0, 2.0) AS score, a.dated_at AS dated_at
       FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
       WHERE articles_fts MATCH @match AND ${FILTERS} ORDER BY f.rowid DESC LIMIT @limit`,
    ),
    byRowids: db.prepare<[string], Row & { rowid: number }>(
      `SELECT a.rowid, ${COLUMNS} FROM articles a JOIN cards c ON c.article_rowid = a.rowid
       WHERE a.rowid IN (SELECT value FROM json_each(?))`,
    ),
    byIds: db.prepare<[string], Row>(
      `SELECT ${COLUMNS} FROM articles a JOIN cards c ON c.article_rowid = a.rowid
       WHERE a.id IN (SELECT value FROM json_each(?))`,
    ),
    one: db.prepare<
      [string],
      Row & {
        url: string | null;
        title: string | null;
        source: string | null;
        published_at: string | null;
        lang: string;
        paragraphs: string;
      }
    >(
      `SELECT ${COLUMNS}, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs
       FROM articles a JOIN cards c ON c.article_rowid = a.rowid WHERE a.id = ?`,
    ),
    feedCounts: db.prepare<[], { feed_id: number; n: number }>(
      "SELECT feed_id, count(*) AS n FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id",
    ),
    deliveries: db.prepare<{ status: string; sub: string; dest: string } & Paged, DeliveryRow>(
      `SELECT id, subscription, slot, until, destination, status, message_ref, attempts, error, more FROM deliveries
       WHERE (@status = '' OR status = @status) AND (@sub = '' OR subscription = @sub) AND (@dest = '' OR destination = @dest)
       ORDER BY slot DESC, id DESC LIMIT @limit OFFSET @offset`,
    ),
    articlesOf: db.prepare<[number], { article_id: string }>(
      "SELECT article_id FROM delivery_articles WHERE delivery_id = ? ORDER BY position",
    ),
    article: db.prepare<[string], { rowid: number; added_at: string; backlog: number }>(
      "SELECT rowid, added_at, backlog FROM articles WHERE id = ?",
    ),
    // better-sqlite3 binds a number as REAL, and FTS5 then ignores a rowid constraint beside MATCH
    // (every match comes back): the cast keeps it.
    onTopic: db.prepare<[string, number], { one: number }>(
      "SELECT 1 AS one FROM articles_fts WHERE articles_fts MATCH ? AND rowid = CAST(? AS INTEGER)",
    ),
    carrying: db.prepare<
      [string, string, string],
      {
        delivery_key: string;
        slot: string;
        status: DeliveryStatus;
        shown: number;
        more: number;
        message_ref: string | null;
        error: string | null;
        updated_at: string;
      }
    >(
      `SELECT d.delivery_key, d.slot, d.status, da.shown, d.more, d.message_ref, d.error, d.updated_at
       FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
       WHERE da.article_id = ? AND d.subscription = ? AND d.destination = ? ORDER BY d.slot DESC, d.id DESC`,
    ),
  };

  const filtersOf = (query: Parameters<ConsoleReads["cards"]>[0] = {}): Filters => ({
    since: query.since ? query.since.toISOString() : "",
    until: query.until ? query.until.toISOString() : FOREVER,
    lang: query.lang ?? "",
    source: query.source ?? "",
    feed: query.feedId ?? -1,
  });

  return {
    async cards(query = {}) {
      const paged = { limit: query.limit ?? 20, offset: query.offset ?? 0 };
      const filters = filtersOf(query);
      const rows =
        query.lang || query.source || query.feedId !== undefined
          ? q.cards.all({ ...filters, ...paged })
          : q.cardsByDate.all({ since: filters.since, until: filters.until, ...paged });
      return rows.map(entryOf);
    },

    async search(words, query = {}) {
      const match = ftsQuery(words);
      if (!match) return [];
      const offset = query.offset ?? 0;
      const scored = q.candidates
        .all({ ...filtersOf(query), match, limit: SEARCH_CANDIDATES })
        .map((c) => ({ rowid: c.rowid, score: c.score, datedAt: c.dated_at }));
      const ranked = rankCandidates(scored, now().getTime(), offset + (query.limit ?? 10)).slice(offset);
      const rows = new Map(q.byRowids.all(JSON.stringify(ranked)).map((r) => [r.rowid, r]));
      return ranked.flatMap((rowid) => {
        const r = rows.get(rowid);
        return r ? [entryOf(r)] : [];
      });
    },

    async entries(ids) {
      const rows = new Map(q.byIds.all(JSON.stringify(ids)).map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const r = rows.get(id);
        return r ? [entryOf(r)] : [];
      });
    },

    async article(articleId) {
      const r = q.one.get(articleId);
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
      return new Map(q.feedCounts.all().map((r) => [r.feed_id, r.n]));
    },

    async deliveries(query = {}) {
      return q.deliveries
        .all({
          status: query.status ?? "",
          sub: query.subscription ?? "",
          dest: query.destination ?? "",
          limit: query.limit ?? -1,
          offset: query.offset ?? 0,
        })
        .map(
          (r): LedgerRow =>
            ledgerRowOf(
              r,
              q.articlesOf.all(r.id).map((a) => a.article_id),
            ),
        );
    },

    async preview(subscription, slot, destination, rules): Promise<Carried> {
      const { ids, from } = claim.choose(subscription, destination, slot.toISOString(), rules);
      return { shown: ids.slice(0, subscription.maxCards), more: ids.slice(subscription.maxCards), from };
    },

    async standing(subscription, destination, articleId, slot, rules) {
      const article = q.article.get(articleId);
      if (!article) return undefined;
      const match = subscription.topic ? ftsQuery(subscription.topic) : undefined;
      const onTopic = !subscription.topic || (match !== undefined && q.onTopic.get(match, article.rowid) !== undefined);
      const { ids, from } = claim.choose(subscription, destination, slot.toISOString(), rules);
      const position = ids.indexOf(articleId);
      return {
        addedAt: article.added_at,
        backlog: article.backlog === 1,
        onTopic,
        deliveries: q.carrying.all(articleId, subscription.id, destination).map((r) => ({
          key: r.delivery_key,
          slot: r.slot,
          status: r.status,
          shown: r.shown === 1,
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
