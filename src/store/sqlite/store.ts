import { join } from "node:path";
import { articleId } from "../../article/parse.ts";
import { BriefbotError } from "../../errors.ts";
import type { BriefingCard } from "../../schemas.ts";
import { contentHash } from "../canonical.ts";
import { datedAt } from "../dates.ts";
import { duplicateReason, type TextTwin } from "../dedup.ts";
import type { SaveInput, SaveOutcome, SaveResult, Store } from "../port.ts";
import { ftsQuery } from "../query.ts";
import { rankCandidates, SEARCH_CANDIDATES } from "../rank.ts";
import { type ArticleRow, articleOf, cardOf, DATABASE_FILE } from "../rows.ts";
import { createSecretBox } from "../secrets.ts";
import { createComposer } from "./compose.ts";
import { createSqliteConsoleReads } from "./console-reads.ts";
import { createFeedTable } from "./feeds.ts";
import { createInstallations } from "./installations.ts";
import { createLeases } from "./leases.ts";
import { createLedger } from "./ledger.ts";
import { openDatabase } from "./open.ts";
import { isDeadOwner } from "./owner.ts";
import { createSubscriptions } from "./subscriptions.ts";

export interface SqliteStoreOptions {
  /** Folder that holds `briefbot.db`; created when missing. */
  dataDir?: string;
  /** The database file itself (`:memory:` for a throwaway store). */
  file?: string;
  /** Seals secrets at rest (Slack installations' tokens): `BRIEFBOT_ENCRYPTION_KEY`, parsed. */
  encryptionKey?: Buffer;
  now?: () => Date;
}

/**
 * Open (and create or migrate) the SQLite store: one file (WAL) with articles, their cards,
 * FTS5 search, feeds, the ledger, installations and leases.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const file = options.file ?? join(options.dataDir ?? "data", DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  const { db, schema } = openDatabase(file);

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
    recent: (by: "added_at" | "dated_at") =>
      db.prepare<[string, string, number], ArticleRow>(
        `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
         FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
         WHERE a.${by} > ? AND a.${by} <= ? AND a.backlog = 0 ORDER BY a.dated_at DESC, a.rowid DESC LIMIT ?`,
      ),
    recentTopic: (by: "added_at" | "dated_at") =>
      db.prepare<[string, string, string, number], ArticleRow>(
        `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
         FROM articles_fts f JOIN articles a ON a.rowid = f.rowid LEFT JOIN cards c ON c.article_rowid = a.rowid
         WHERE articles_fts MATCH ? AND a.${by} > ? AND a.${by} <= ? AND a.backlog = 0
         ORDER BY a.dated_at DESC, a.rowid DESC LIMIT ?`,
      ),
    count: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM articles"),
    cardVersion: db.prepare<[number], { summarizer: string }>("SELECT summarizer FROM cards WHERE article_rowid = ?"),
    indexed: db.prepare<[number], { title: string | null; paragraphs: string }>(
      "SELECT title, paragraphs FROM articles WHERE rowid = ?",
    ),
    cardCounts: db.prepare<[string], { cards: number; stale: number }>(
      "SELECT count(*) AS cards, coalesce(sum(summarizer <> ?), 0) AS stale FROM cards",
    ),
    stale: db.prepare<[string, number], ArticleRow>(
      `SELECT a.rowid, a.id, a.url, a.title, a.source, a.published_at, a.lang, a.paragraphs, c.summarizer, c.card
       FROM articles a LEFT JOIN cards c ON c.article_rowid = a.rowid
       WHERE c.card IS NULL OR c.summarizer <> ? ORDER BY a.rowid LIMIT ?`,
    ),
  };

  const recent = { added_at: q.recent("added_at"), dated_at: q.recent("dated_at") };
  const recentTopic = { added_at: q.recentTopic("added_at"), dated_at: q.recentTopic("dated_at") };

  const save = db.transaction((input: SaveInput): SaveResult => {
    const { article } = input;
    const hash = contentHash(article.text);
    const existing = input.canonical ? q.byCanonical.get(input.canonical) : undefined;
    if (existing && existing.content_hash === hash) {
      // The same text: only a card from another summarizer is worth writing.
      if (q.cardVersion.get(existing.rowid)?.summarizer === input.card.summarizer)
        return { outcome: "skipped", articleId: existing.id, reason: "unchanged" };
      writeCard(existing.rowid, { ...input.card, articleId: existing.id });
      return { outcome: "updated", articleId: existing.id, reason: "card rebuilt" };
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
    const card = { ...input.card, articleId: id };
    q.putCard.run(rowid, card.summarizer, JSON.stringify(card));
    // Only an update has index entries to replace; a new row has none to look for.
    if (outcome === "updated") q.ftsDelete.run(rowid);
    q.ftsInsert.run(rowid, article.title ?? "", article.text, card.names.join(" "));
    return { outcome, articleId: id };
  });

  /** A new card for a stored article: the card row and the names in the search index. */
  function writeCard(rowid: number, card: BriefingCard): void {
    const row = q.indexed.get(rowid);
    q.putCard.run(rowid, card.summarizer, JSON.stringify(card));
    if (!row) return;
    q.ftsDelete.run(rowid);
    q.ftsInsert.run(
      rowid,
      row.title ?? "",
      (JSON.parse(row.paragraphs) as string[]).join("\n\n"),
      card.names.join(" "),
    );
  }
  const putCard = db.transaction((articleId: string, card: BriefingCard) => {
    const row = q.byId.get(articleId);
    if (!row) throw new BriefbotError("NOT_FOUND", `no article ${articleId} in the library`);
    writeCard(row.rowid, { ...card, articleId });
  });

  // The console previews a slot by the claim's own choice (read only: `choose` writes nothing).
  const composer = createComposer(db, createSubscriptions(db).firstSeenNow);
  return {
    engine: "sqlite",
    location: file,
    schema,
    isOwnerGone: isDeadOwner,
    save: async (input) => save.immediate(input),
    async getCard(articleId) {
      const row = q.card.get(articleId);
      return row ? cardOf(row) : undefined;
    },
    async findCards(query, options = {}) {
      const match = ftsQuery(query);
      if (!match) return [];
      const candidates = q.candidates
        .all(
          match,
          options.since ? options.since.toISOString() : "",
          options.lang ?? "",
          options.lang ?? "",
          SEARCH_CANDIDATES,
        )
        .map((c) => ({ rowid: c.rowid, score: c.score, datedAt: c.dated_at }));
      const ranked = rankCandidates(candidates, now().getTime(), options.limit ?? 10);
      const rows = new Map(q.byRowids.all(JSON.stringify(ranked)).map((r) => [r.rowid, r]));
      return ranked.map((rowid) => cardOf(rows.get(rowid) as ArticleRow));
    },
    async recentCards(options = {}) {
      const since = options.since ? options.since.toISOString() : "";
      const until = options.until ? options.until.toISOString() : "9999-12-31T23:59:59.999Z";
      const limit = options.limit ?? 20;
      const match = options.topic ? ftsQuery(options.topic) : undefined;
      if (options.topic && !match) return [];
      const by = options.by === "dated" ? "dated_at" : "added_at";
      const rows = match ? recentTopic[by].all(match, since, until, limit) : recent[by].all(since, until, limit);
      return rows.map(cardOf);
    },
    countArticles: async () => q.count.get()?.n ?? 0,
    countCards: async (version) => q.cardCounts.get(version) ?? { cards: 0, stale: 0 },
    staleArticles: async (version, limit) => q.stale.all(version, limit).map(articleOf),
    putCard: async (articleId, card) => putCard.immediate(articleId, card),
    idByCanonical: async (canonical) => q.byCanonical.get(canonical)?.id,
    feeds: createFeedTable(db, now),
    ledger: createLedger(db),
    consoleReads: createSqliteConsoleReads(db, composer, now),
    installations: createInstallations(db, now, createSecretBox(options.encryptionKey)),
    leases: createLeases(db),
    close: async () => {
      db.close();
    },
  };
}
