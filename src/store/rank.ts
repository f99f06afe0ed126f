/**
 * Matches a search ranks: the newest this many by insertion, so that a common word costs no more
 * than a rare one. Older matches beyond them are not searched; with relevance already weighed
 * against age, they would rarely rank anyway. Both engines keep the same bound.
 */
export const SEARCH_CANDIDATES = 1000;
/** A month older weighs a match down as much as halving its relevance. */
const RECENCY_HALF_LIFE_MS = 30 * 86_400_000;

/** A search candidate as an engine scores it: lower is better (FTS5's bm25, or minus `ts_rank_cd`). */
export interface ScoredCandidate {
  rowid: number;
  score: number;
  datedAt: string;
}

/**
 * The best `limit` candidates, relevance weighed against age the same way on every engine, ties
 * broken by recency of insertion (the newer row first).
 */
export function rankCandidates(candidates: readonly ScoredCandidate[], at: number, limit: number): number[] {
  return candidates
    .map((c) => ({
      rowid: c.rowid,
      rank: c.score / (1 + Math.max(0, at - Date.parse(c.datedAt)) / RECENCY_HALF_LIFE_MS),
    }))
    .sort((a, b) => a.rank - b.rank || b.rowid - a.rowid)
    .slice(0, limit)
    .map((r) => r.rowid);
}
