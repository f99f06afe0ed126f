import type Database from "better-sqlite3";
import { type Article, type BriefingCard, BriefingCardSchema } from "../schemas.ts";

/** A stored card with where its article came from and when it was stored. */
export interface LibraryEntry {
  card: BriefingCard;
  /** When the article was stored. */
  addedAt: string;
  /** Its date: published, else added. */
  datedAt: string;
  /** Stored but never posted: listed when its feed was first read. */
  backlog: boolean;
  feedId: number | null;
  /** A file path, a page URL or a feed URL. */
  origin: string;
  /** Changes whenever the card may have: the article's last update and the card's summarizer. */
  revision: string;
}

/** Which cards to browse: every filter is optional; newest first by date (published, else added). */
export interface BrowseQuery {
  lang?: string;
  /** Part of the source's name, any case. */
  source?: string;
  feedId?: number;
  /** Dated at or after this moment… */
  since?: Date;
  /** …and before this one. */
  until?: Date;
  limit?: number;
  offset?: number;
}

/** Reads for browsing the library: cards with their provenance, backlog included. Nothing here writes. */
export interface LibraryBrowse {
  /** Cards newest first (by date), with the filters of `query`. */
  cards(query?: BrowseQuery): LibraryEntry[];
  /** The entries of these articles, in the order given; unknown ids are left out. */
  entries(articleIds: readonly string[]): LibraryEntry[];
  /** Where these articles came from, by id, without their cards (for cards a search found already). */
  provenance(articleIds: readonly string[]): Map<string, Omit<LibraryEntry, "card">>;
  /** One article as stored (its paragraphs, the text every card span is cut from), with its entry. */
  article(articleId: string): { article: Article; entry: LibraryEntry } | undefined;
  /** How many stored articles each feed brought, by feed id. */
  feedCounts(): Map<number, number>;
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

/** An entry's columns; an article's paragraphs (its bulk) are read only for `article`. */
const COLUMNS = "a.id, c.card, c.summarizer, a.added_at, a.updated_at, a.dated_at, a.backlog, a.feed_id, a.origin";

const provenanceOf = (r: Omit<Row, "card">): Omit<LibraryEntry, "card"> => ({
  addedAt: r.added_at,
  datedAt: r.dated_at,
  backlog: r.backlog === 1,
  feedId: r.feed_id,
  origin: r.origin,
  revision: `${r.updated_at}|${r.summarizer}`,
});

const entryOf = (r: Row): LibraryEntry => ({
  card: BriefingCardSchema.parse(JSON.parse(r.card ?? "null")),
  addedAt: r.added_at,
  datedAt: r.dated_at,
  backlog: r.backlog === 1,
  feedId: r.feed_id,
  origin: r.origin,
  revision: `${r.updated_at}|${r.summarizer}`,
});

export function createLibraryBrowse(db: Database.Database): LibraryBrowse {
  const q = {
    // Walks the dated_at index newest first; the filters are checked on the way, so an unfiltered
    // page costs the same at any library size.
    cards: db.prepare<
      { lang: string; source: string; feed: number; since: string; until: string; limit: number; offset: number },
      Row
    >(
      `SELECT ${COLUMNS} FROM articles a JOIN cards c ON c.article_rowid = a.rowid
       WHERE a.dated_at >= @since AND a.dated_at < @until AND (@lang = '' OR a.lang = @lang)
         AND (@source = '' OR instr(lower(coalesce(a.source, '')), lower(@source)) > 0)
         AND (@feed < 0 OR a.feed_id = @feed)
       ORDER BY a.dated_at DESC, a.rowid DESC LIMIT @limit OFFSET @offset`,
    ),
    // Without a filter on the row, the page is found in the dated_at index alone (the rows it skips
    // are never read), then only its own rows are: a deep page costs little more than the first.
    cardsByDate: db.prepare<{ since: string; until: string; limit: number; offset: number }, Row>(
      `SELECT ${COLUMNS} FROM (SELECT rowid, dated_at FROM articles WHERE dated_at >= @since AND dated_at < @until
         ORDER BY dated_at DESC, rowid DESC LIMIT @limit OFFSET @offset) p
       JOIN articles a ON a.rowid = p.rowid JOIN cards c ON c.article_rowid = a.rowid
       ORDER BY p.dated_at DESC, p.rowid DESC`,
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
    provenance: db.prepare<[string], Omit<Row, "card">>(
      `SELECT a.id, c.summarizer, a.added_at, a.updated_at, a.dated_at, a.backlog, a.feed_id, a.origin
       FROM articles a JOIN cards c ON c.article_rowid = a.rowid WHERE a.id IN (SELECT value FROM json_each(?))`,
    ),
    feedCounts: db.prepare<[], { feed_id: number; n: number }>(
      "SELECT feed_id, count(*) AS n FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id",
    ),
  };
  return {
    cards(query = {}) {
      const range = {
        since: query.since ? query.since.toISOString() : "",
        until: query.until ? query.until.toISOString() : "9999-12-31T23:59:59.999Z",
        limit: query.limit ?? 20,
        offset: query.offset ?? 0,
      };
      const rows =
        query.lang || query.source || query.feedId !== undefined
          ? q.cards.all({ ...range, lang: query.lang ?? "", source: query.source ?? "", feed: query.feedId ?? -1 })
          : q.cardsByDate.all(range);
      return rows.map(entryOf);
    },
    entries(ids) {
      const rows = new Map(q.byIds.all(JSON.stringify(ids)).map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const r = rows.get(id);
        return r ? [entryOf(r)] : [];
      });
    },
    provenance: (ids) => new Map(q.provenance.all(JSON.stringify(ids)).map((r) => [r.id, provenanceOf(r)])),
    article(articleId) {
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
    feedCounts: () => new Map(q.feedCounts.all().map((r) => [r.feed_id, r.n])),
  };
}
