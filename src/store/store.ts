import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { articleId } from "../article/parse.ts";
import { BriefbotError } from "../errors.ts";
import { type Article, type BriefingCard, BriefingCardSchema } from "../schemas.ts";
import { SUMMARIZER_VERSION, summarize } from "../summarize/index.ts";
import { contentHash } from "./canonical.ts";
import { datedAt } from "./dates.ts";
import { duplicateReason, type TextTwin } from "./dedup.ts";
import { createFeedTable, type FeedTable } from "./feeds.ts";
import { createInstallations, type Installations } from "./installations.ts";
import { createLedger, type Ledger } from "./ledger.ts";
import { migrate } from "./migrations.ts";
import { ftsQuery } from "./query.ts";

/**
 * Matches a search ranks: the newest this many by insertion, so that a common word costs no more
 * than a rare one. Older matches beyond them are not searched; with relevance already weighed
 * against age, they would rarely rank anyway.
 */
export const SEARCH_CANDIDATES = 1000;
/** A month older weighs a match down as much as halving its relevance. */
const RECENCY_HALF_LIFE_MS = 30 * 86_400_000;

/** The database file inside a data directory. */
export const DATABASE_FILE = "briefbot.db";

export type SaveOutcome = "added" | "updated" | "skipped";

export interface SaveInput {
  article: Article;
  /** Where the article came from: a file path, a page URL, a feed URL. */
  origin: string;
  /** The canonical URL (or `file:` URL) that identifies the article across ingests. */
  canonical?: string;
  feedId?: number;
  /** Stored but never posted: the first run of a new feed. */
  backlog?: boolean;
  /** A card made already (the summarizer is pure; ingest may summarize outside the transaction). */
  card?: BriefingCard;
}

export interface SaveResult {
  outcome: SaveOutcome;
  articleId: string;
  /** Why an article was skipped: `unchanged`, or `duplicate of a_… (same text and title)` and the like. */
  reason?: string;
}

export interface CardQuery {
  /** Only articles dated (published, else added) at or after this moment. */
  since?: Date;
  limit?: number;
  lang?: string;
}

export interface BriefingQuery {
  /** Only articles added to the library after this moment (exclusive, so consecutive windows never share one)… */
  since?: Date;
  /** …and at or before this one. */
  until?: Date;
  topic?: string;
  limit?: number;
}

/**
 * The embedded store: one SQLite file (WAL) with articles, their cards, full-text search and
 * feeds. Every write is one transaction; a crash loses at most the article being written.
 *
 * @example
 * const store = openStore({ dataDir: "./data" });
 * store.save({ article, origin: "briefings/articles/poetin-2022-02.txt" });
 * store.findCards("oekraine", { limit: 5 });
 */
export interface Store {
  readonly file: string;
  save(input: SaveInput): SaveResult;
  getCard(articleId: string): BriefingCard | undefined;
  findCards(query: string, options?: CardQuery): BriefingCard[];
  recentCards(options?: BriefingQuery): BriefingCard[];
  countArticles(): number;
  /** The id of the article stored under a canonical URL, if any. */
  idByCanonical(canonical: string): string | undefined;
  readonly feeds: FeedTable;
  readonly ledger: Ledger;
  /** A platform's installations (Slack workspaces installed through OAuth), as opaque JSON. */
  readonly installations: Installations;
  close(): void;
}

export interface StoreOptions {
  /** Folder that holds `briefbot.db`; created when missing. */
  dataDir?: string;
  /** The database file itself (`:memory:` for a throwaway store). */
  file?: string;
  now?: () => Date;
}

interface ArticleRow {
  rowid: number;
  id: string;
  url: string | null;
  title: string | null;
  source: string | null;
  published_at: string | null;
  lang: string;
  paragraphs: string;
  summarizer: string | null;
  card: string | null;
}

/** Open (and create or migrate) the store. */
export function openStore(options: StoreOptions): Store {
  const file = options.file ?? join(options.dataDir ?? "data", DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  let db: Database.Database;
  try {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw new BriefbotError("CONFIG", `cannot open the database ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const q = {
    byCanonical: db.prepare<[string], { rowid: number; id: string; content_hash: string }>(
      "SELECT rowid, id, content_hash FROM articles WHERE canonical = ?",
    ),
    byId: db.prepare<[string], { rowid: number }>("SELECT rowid FROM articles WHERE id = ?"),
    byHash: db.prepare<[string], TextTwin & { rowid: number }>(
      "SELECT rowid, id, title, canonical FROM articles WHERE content_hash = ? ORDER BY rowid LIMIT 20",
    ),
    insert: db.prepare(
      `INSERT INTO articles (id, canonical, content_hash, url, title, source, published_at, dated_at, lang, paragraphs,
         origin, feed_id, backlog, added_at, updated_at)
       VALUES (@id, @canonical, @content_hash, @url, @title, @source, @published_at, @dated_at, @lang, @paragraphs,
         @origin, @feed_id, @backlog, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE articles SET content_hash = @content_hash, url = @url, title = @title, source = @source,
         published_at = @published_at, dated_at = @dated_at, lang = @lang, paragraphs = @paragraphs,
         origin = @origin, updated_at = @now WHERE rowid = @rowid`,
    ),
    putCard: db.prepare("INSERT OR REPLACE INTO cards (article_rowid, summarizer, card) VALUES (?, ?, ?)"),
    ftsDelete: db.prepare("DELETE FROM articles_fts WHERE rowid = ?"),
    ftsInsert: db.prepare("INSERT INTO articles_fts (rowid, title, text, names) VALUES (?, ?, ?, ?)"),
    card: db.prepare<[string], ArticleRow>(
      `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
       FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid WHERE a.id = ?`,
    ),
    // Candidates newest first, filters inside the match: BM25 is computed for at most
    // SEARCH_CANDIDATES rows however common the words, and `since`/`lang` never empty a result.
    candidates: db.prepare<
      [string, string, string, string, number],
      { rowid: number; score: number; dated_at: string }
    >(
      `SELECT f.rowid AS rowid, bm25(articles_fts, 4.0, 1.0, 2.0) AS score, a.dated_at AS dated_at
       FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
       WHERE articles_fts MATCH ? AND a.dated_at >= ? AND (? = '' OR a.lang = ?)
       ORDER BY f.rowid DESC LIMIT ?`,
    ),
    byRowids: db.prepare<[string], ArticleRow>(
      `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
       FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
       WHERE a.rowid IN (SELECT value FROM json_each(?))`,
    ),
    recent: db.prepare<[string, string, number], ArticleRow>(
      `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
       FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
       WHERE a.added_at > ? AND a.added_at <= ? AND a.backlog = 0 ORDER BY a.dated_at DESC, a.rowid DESC LIMIT ?`,
    ),
    recentTopic: db.prepare<[string, string, string, number], ArticleRow>(
      `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
       FROM articles_fts f JOIN articles a ON a.rowid = f.rowid LEFT JOIN cards c ON c.article_rowid = a.rowid
       WHERE articles_fts MATCH ? AND a.added_at > ? AND a.added_at <= ? AND a.backlog = 0
       ORDER BY a.dated_at DESC, a.rowid DESC LIMIT ?`,
    ),
    count: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM articles"),
  };

  const save = db.transaction((input: SaveInput): SaveResult => {
    const { article } = input;
    const hash = contentHash(article.text);
    const existing = input.canonical ? q.byCanonical.get(input.canonical) : undefined;
    if (existing && existing.content_hash === hash) {
      return { outcome: "skipped", articleId: existing.id, reason: "unchanged" };
    }
    // The same text elsewhere is a duplicate only when it is an article and more than the text agrees.
    for (const twin of q.byHash.all(hash)) {
      if (twin.rowid === existing?.rowid) continue;
      const why = duplicateReason(article, input.canonical, twin);
      if (why) return { outcome: "skipped", articleId: twin.id, reason: `duplicate of ${twin.id} (${why})` };
    }
    const stamp = now().toISOString();
    const fields = {
      content_hash: hash,
      url: article.url ?? null,
      title: article.title ?? null,
      source: article.source ?? null,
      published_at: article.publishedAt ?? null,
      dated_at: datedAt(article.publishedAt, stamp),
      lang: article.lang,
      paragraphs: JSON.stringify(article.paragraphs),
      origin: input.origin,
      now: stamp,
    };
    let rowid: number;
    let id: string;
    let outcome: SaveOutcome;
    if (existing) {
      rowid = existing.rowid;
      id = existing.id;
      q.update.run({ ...fields, rowid });
      outcome = "updated";
    } else {
      // Two pages can declare one canonical link (a homepage, an AMP copy) and so one article id;
      // the second is a different article, so its id comes from where it was found instead.
      id = q.byId.get(article.id) ? articleId(input.canonical ?? input.origin, article.text) : article.id;
      rowid = Number(
        q.insert.run({
          ...fields,
          id,
          canonical: input.canonical ?? null,
          feed_id: input.feedId ?? null,
          backlog: input.backlog ? 1 : 0,
        }).lastInsertRowid,
      );
      outcome = "added";
    }
    const card = { ...(input.card ?? summarize(article)), articleId: id };
    q.putCard.run(rowid, card.summarizer, JSON.stringify(card));
    // Only an update has index entries to replace; a new row has none to look for.
    if (outcome === "updated") q.ftsDelete.run(rowid);
    q.ftsInsert.run(rowid, article.title ?? "", article.text, card.names.join(" "));
    return { outcome, articleId: id };
  });

  /** A row's card, rebuilt (and stored) when the summarizer has changed since it was made. */
  const cardOf = (row: ArticleRow): BriefingCard => {
    if (row.card && row.summarizer === SUMMARIZER_VERSION) return BriefingCardSchema.parse(JSON.parse(row.card));
    const paragraphs = JSON.parse(row.paragraphs) as string[];
    const article: Article = {
      id: row.id,
      lang: row.lang,
      paragraphs,
      text: paragraphs.join("\n\n"),
      ...(row.title ? { title: row.title } : {}),
      ...(row.url ? { url: row.url } : {}),
      ...(row.source ? { source: row.source } : {}),
      ...(row.published_at ? { publishedAt: row.published_at } : {}),
    };
    const card = summarize(article);
    q.putCard.run(row.rowid, card.summarizer, JSON.stringify(card));
    return card;
  };

  return {
    file,
    save: (input) => save.immediate(input),
    getCard(articleId) {
      const row = q.card.get(articleId);
      return row ? cardOf(row) : undefined;
    },
    findCards(query, options = {}) {
      const match = ftsQuery(query);
      if (!match) return [];
      const at = now().getTime();
      const ranked = q.candidates
        .all(
          match,
          options.since ? options.since.toISOString() : "",
          options.lang ?? "",
          options.lang ?? "",
          SEARCH_CANDIDATES,
        )
        .map((c) => ({
          rowid: c.rowid,
          rank: c.score / (1 + Math.max(0, at - Date.parse(c.dated_at)) / RECENCY_HALF_LIFE_MS),
        }))
        .sort((a, b) => a.rank - b.rank || b.rowid - a.rowid)
        .slice(0, options.limit ?? 10);
      const rows = new Map(q.byRowids.all(JSON.stringify(ranked.map((r) => r.rowid))).map((r) => [r.rowid, r]));
      return ranked.map((r) => cardOf(rows.get(r.rowid) as ArticleRow));
    },
    recentCards(options = {}) {
      const since = options.since ? options.since.toISOString() : "";
      const until = options.until ? options.until.toISOString() : "9999-12-31T23:59:59.999Z";
      const limit = options.limit ?? 20;
      const match = options.topic ? ftsQuery(options.topic) : undefined;
      if (options.topic && !match) return [];
      const rows = match ? q.recentTopic.all(match, since, until, limit) : q.recent.all(since, until, limit);
      return rows.map(cardOf);
    },
    countArticles: () => q.count.get()?.n ?? 0,
    idByCanonical: (canonical) => q.byCanonical.get(canonical)?.id,
    feeds: createFeedTable(db, now),
    ledger: createLedger(db),
    installations: createInstallations(db, now),
    close: () => db.close(),
  };
}
