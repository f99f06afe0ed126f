import { tsQueryText } from "../query.ts";

/**
 * Text search in PostgreSQL, to behave as SQLite's FTS5 does: accents folded (`unaccent`), each
 * article stemmed by its language (`dutch`, `english`, else `simple`), every word required, the
 * last also as a prefix, ranked by `ts_rank_cd` with FTS5's column weights (title 4, names 2,
 * text 1) and, by the caller, the same recency weighting.
 */

/** The text-search configuration of an article's language. */
export function tsConfig(lang: string): "dutch" | "english" | "simple" {
  return lang === "nl" ? "dutch" : lang === "en" ? "english" : "simple";
}

/**
 * An article's text is indexed up to this many characters: a tsvector holds at most 1 MB, and
 * positions stop counting at 16,383 anyway.
 */
const INDEXED_CHARS = 400_000;

/** The SQL of a search vector from `$cfg`, `$title`, `$names`, `$text` (parameter numbers given). */
export function vectorSql(cfg: string, title: string, names: string, text: string): string {
  const v = (p: string, w: string) => `setweight(to_tsvector(${cfg}::regconfig, unaccent(${p})), '${w}')`;
  return `${v(title, "A")} || ${v(names, "B")} || ${v(`left(${text}, ${INDEXED_CHARS})`, "D")}`;
}

/** `ts_rank_cd` weights, {D, C, B, A}: text 1, names 2, title 4, as FTS5's bm25 weighs the columns. */
const WEIGHTS = "'{0.25, 0, 0.5, 1}'::float4[]";

/**
 * A CTE `q` of the query in every configuration, from the query text in `$param`; its columns are
 * read through scalar subqueries, which PostgreSQL computes once (an InitPlan) and can hand to the
 * GIN index.
 */
export function queryCte(param: string): string {
  return `q AS MATERIALIZED (SELECT to_tsquery('dutch', t) AS nl, to_tsquery('english', t) AS en,
    to_tsquery('simple', t) AS simple FROM (SELECT unaccent(${param}) AS t) x)`;
}

/** The query in article `a`'s own configuration. */
const ownQuery = (a: string) =>
  `CASE ${a}.ts_config WHEN 'dutch' THEN (SELECT nl FROM q) WHEN 'english' THEN (SELECT en FROM q) ELSE (SELECT simple FROM q) END`;

/**
 * Article `a` matches: first any configuration's query (what the index answers), then its own
 * language's (exact), so a Dutch stem never matches an English article by accident.
 */
export const matchSql = (a: string) =>
  `${a}.search @@ (SELECT nl || en || simple FROM q) AND ${a}.search @@ ${ownQuery(a)}`;

/** How well article `a` matches, higher is better. */
export const rankSql = (a: string) => `ts_rank_cd(${WEIGHTS}, ${a}.search, ${ownQuery(a)}, 1)`;

/** The query text for `to_tsquery`, or undefined when the input has no words to search. */
export { tsQueryText };
