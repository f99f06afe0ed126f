import type pg from "pg";
import { tsQueryText } from "../query.ts";

/**
 * Text search in PostgreSQL, to behave as SQLite's FTS5 does: accents folded (`unaccent`), each
 * article stemmed by its language (`dutch`, `english`, else `simple`), every word required, the
 * last also as a prefix, ranked by `ts_rank_cd` with FTS5's column weights (title 4, names 2,
 * text 1) and, by the caller, the same recency weighting.
 *
 * The query reaches the planner as constants (one `tsquery` per configuration, made by the
 * server first), matched against one partial GIN index per configuration: so PostgreSQL knows
 * from its statistics how common the words are, and takes the newest matches either by walking
 * the rows newest first (a common word: it stops after the first thousand) or from the index (a
 * rare one). A query computed inside the statement would hide that, and cost a pass over every
 * match.
 */

export type TsConfig = "dutch" | "english" | "simple";
export const TS_CONFIGS: readonly TsConfig[] = ["dutch", "english", "simple"];

/** The text-search configuration of an article's language. */
export function tsConfig(lang: string): TsConfig {
  return lang === "nl" ? "dutch" : lang === "en" ? "english" : "simple";
}

/**
 * An article's text is indexed up to this many characters: a tsvector holds at most 1 MB, and
 * positions stop counting at 16,383 anyway.
 */
const INDEXED_CHARS = 400_000;

/** The SQL of a search vector from the configuration, title, names and text expressions given. */
export function vectorSql(cfg: string, title: string, names: string, text: string): string {
  const v = (p: string, w: string) => `setweight(to_tsvector(${cfg}::regconfig, unaccent(${p})), '${w}')`;
  return `${v(title, "A")} || ${v(names, "B")} || ${v(`left(${text}, ${INDEXED_CHARS})`, "D")}`;
}

/** `ts_rank_cd` weights, {D, C, B, A}: text 1, names 2, title 4, as FTS5's bm25 weighs the columns. */
const WEIGHTS = "'{0.25, 0, 0.5, 1}'::float4[]";

/** A search query as each configuration reads it (`to_tsquery` text). */
export type Queries = Record<TsConfig, string>;

/**
 * The user's words as a query per configuration, accents folded and stemmed by the server; kept
 * for the next time the same words are searched (a `/brief` autocomplete repeats itself).
 */
export function createQueryMaker(pool: pg.Pool) {
  const made = new Map<string, Queries>();
  // Inside a transaction, on its own connection: waiting for another could starve the pool.
  return async (input: string, on: pg.Pool | pg.PoolClient = pool): Promise<Queries | undefined> => {
    const text = tsQueryText(input);
    if (!text) return undefined;
    const known = made.get(text);
    if (known) return known;
    const r = await on.query<Queries>(
      `SELECT to_tsquery('dutch', t)::text AS dutch, to_tsquery('english', t)::text AS english,
         to_tsquery('simple', t)::text AS simple FROM (SELECT unaccent($1) AS t) x`,
      [text],
    );
    const queries = r.rows[0] as Queries;
    if (made.size >= 1000) made.delete(made.keys().next().value as string);
    made.set(text, queries);
    return queries;
  };
}

/**
 * Article `a` matches the queries in parameters `$first`, `$first+1`, `$first+2` (dutch, english,
 * simple): each configuration's articles against their own language's query, so a Dutch stem
 * never matches an English article by accident, and each through its own partial index.
 */
export const matchSql = (a: string, first: number) =>
  `(${TS_CONFIGS.map((cfg, i) => `(${a}.ts_config = '${cfg}' AND ${a}.search @@ $${first + i}::tsquery)`).join(" OR ")})`;

/** How well article `a` matches (higher is better), the queries in the same parameters. */
export const rankSql = (a: string, first: number) =>
  `ts_rank_cd(${WEIGHTS}, ${a}.search, CASE ${a}.ts_config ${TS_CONFIGS.map((cfg, i) => `WHEN '${cfg}' THEN $${first + i}::tsquery`).join(" ")} END, 1)`;

/** The query parameters, in the order `matchSql` and `rankSql` number them. */
export const queryParams = (q: Queries) => TS_CONFIGS.map((cfg) => q[cfg]);
