import type { CardQuery } from "../port.ts";
import { rankCandidates, SEARCH_CANDIDATES } from "../rank.ts";
import { createPool } from "./pool.ts";
import { matchSql, type Queries, queryParams, rankSql } from "./search.ts";

/** What a search is bounded by: `search`'s and `/brief`'s filters, and the web console's. */
export interface SearchFilters extends CardQuery {
  /** Dated before this moment. */
  until?: Date;
  /** Part of the source's name, any case. */
  source?: string;
  feedId?: number;
}

/**
 * Walking the rows newest first costs a check of each row's vector until enough match (about
 * SEARCH_CANDIDATES / share rows, each check reading the vector); the text index costs a visit of
 * every match (share × rows, a cheaper visit). Measured here, a check costs about four visits, so
 * the two cost alike where share² = 4 × SEARCH_CANDIDATES / rows: a quarter of 64,000 articles, a
 * fifth of 100,000. Above that share the walk wins.
 */
const CHECK_COST_IN_VISITS = 4;
const walkFromShare = (rows: number) => Math.sqrt((CHECK_COST_IN_VISITS * SEARCH_CANDIDATES) / Math.max(1, rows));

/**
 * Search with FTS5's bound: the newest SEARCH_CANDIDATES matches, then relevance for those only.
 * FTS5 walks a word's matches newest first and stops; PostgreSQL's planner, left alone, prices
 * checking a row's vector far too low and walks the rows newest first for words it should look
 * up in the index (a word in one article of twelve: 12,000 rows checked for 1,000 matches). So
 * the planner's own estimate of how many articles match is asked first, and the walk or the index
 * is chosen by it, each on a pool of its own whose settings allow only that plan.
 */
export function createFinder(url: string) {
  const walk = createPool(url, 2, "-c enable_bitmapscan=off -c enable_seqscan=off");
  const lookUp = createPool(url, 2, "-c enable_indexscan=off -c enable_seqscan=off");

  /** The planner's estimate of the matches, and the library's size. */
  async function estimate(where: string, params: unknown[]): Promise<{ matches: number; rows: number }> {
    const plan = await lookUp.query<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM articles a WHERE ${where}`,
      params,
    );
    const rows = plan.rows[0]?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0;
    const total = (
      await lookUp.query<{ n: number }>("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'articles'::regclass")
    ).rows[0]?.n;
    return { matches: rows, rows: total && total > 0 ? total : 0 };
  }

  return {
    /**
     * The rowids of the best `limit` matches, relevance weighed against age. The web console's
     * filters (`until`, part of the source's name, a feed) are checked inside the match, as
     * `since` and `lang` are, so that they never empty a page.
     */
    async find(q: Queries, options: SearchFilters, at: number): Promise<number[]> {
      const params: unknown[] = [...queryParams(q)];
      const where = [
        matchSql("a", 1),
        ...(options.since ? [`a.dated_at >= $${params.push(options.since.toISOString())}`] : []),
        ...(options.until ? [`a.dated_at < $${params.push(options.until.toISOString())}`] : []),
        ...(options.lang ? [`a.lang = $${params.push(options.lang)}`] : []),
        ...(options.source
          ? [`strpos(lower(coalesce(a.source, '')), lower($${params.push(options.source)})) > 0`]
          : []),
        ...(options.feedId !== undefined ? [`a.feed_id = $${params.push(options.feedId)}`] : []),
      ].join(" AND ");
      const { matches, rows } = await estimate(where, params);
      const pool = rows > 0 && matches / rows > walkFromShare(rows) ? walk : lookUp;
      const scored = await pool.query<{ rowid: number; score: number; dated_at: string }>(
        `SELECT a.rowid, -${rankSql("a", 1)} AS score, a.dated_at
         FROM (SELECT a.rowid FROM articles a WHERE ${where} ORDER BY a.rowid DESC LIMIT ${SEARCH_CANDIDATES}) m
         JOIN articles a ON a.rowid = m.rowid`,
        params,
      );
      return rankCandidates(
        scored.rows.map((c) => ({ rowid: c.rowid, score: c.score, datedAt: c.dated_at })),
        at,
        options.limit ?? 10,
      );
    },
    async close() {
      await walk.end();
      await lookUp.end();
    },
  };
}
