import type Database from "better-sqlite3";
import { ftsQuery } from "./query.ts";
import type { StoredSubscription, Subscriptions } from "./subscriptions.ts";

/** Deliveries that hold their articles: a failed one gives them back for the next slot. */
export const HOLDING = "('claimed', 'delivered')";

/** How a briefing's articles are chosen, within the claim's transaction. */
export interface ComposeRules {
  /** A destination's first briefing looks back this far from when the destination was first seen. */
  lookbackMs: number;
  /** Later briefings look back from the last delivered slot by this much (an article stored late is still seen). */
  overlapMs: number;
  /** Articles at most in one briefing, shown and named together; more wait for the next. */
  maxCarried: number;
}

interface Candidate {
  id: string;
}

/**
 * The one rule for what a briefing carries, shared by the claim (which writes it down) and by the
 * read-only previews: the articles added after the look-back bound and up to the slot, backlog
 * aside, about the topic (by the search index), that no delivery of this subscription to this
 * destination carries or is carrying; best first (by relevance to the topic, then newest).
 */
export function createCandidates(db: Database.Database, subscriptions: Pick<Subscriptions, "firstSeen">) {
  const held = `NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
           WHERE da.article_id = a.id AND d.subscription = @sub AND d.destination = @dest AND d.status IN ${HOLDING})`;
  const q = {
    lastDelivered: db.prepare<[string, string], { slot: string | null }>(
      "SELECT max(slot) AS slot FROM deliveries WHERE subscription = ? AND destination = ? AND status = 'delivered'",
    ),
    candidates: db.prepare<{ sub: string; dest: string; from: string; to: string; limit: number }, Candidate>(
      `SELECT a.id FROM articles a
       WHERE a.added_at > @from AND a.added_at <= @to AND a.backlog = 0 AND ${held}
       ORDER BY a.dated_at DESC, a.rowid DESC LIMIT @limit`,
    ),
    candidatesTopic: db.prepare<
      { match: string; sub: string; dest: string; from: string; to: string; limit: number },
      Candidate
    >(
      `SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
       WHERE articles_fts MATCH @match AND a.added_at > @from AND a.added_at <= @to AND a.backlog = 0 AND ${held}
       ORDER BY bm25(articles_fts, 4.0, 1.0, 2.0), a.dated_at DESC, a.rowid DESC LIMIT @limit`,
    ),
  };

  /** The lower bound of a briefing's candidates for a destination. */
  const lookFrom = (subscription: StoredSubscription, destination: string, rules: ComposeRules): string => {
    const last = q.lastDelivered.get(subscription.id, destination)?.slot;
    if (last) return new Date(Date.parse(last) - rules.overlapMs).toISOString();
    const seen = subscriptions.firstSeen(subscription.id, destination) ?? subscription.createdAt;
    return new Date(Date.parse(seen) - rules.lookbackMs).toISOString();
  };

  /** The articles a slot to a destination carries, best first (at most `maxCarried`), and where it looked. */
  const choose = (
    subscription: StoredSubscription,
    destination: string,
    slot: string,
    rules: ComposeRules,
  ): { ids: string[]; from: string } => {
    const from = lookFrom(subscription, destination, rules);
    const params = { sub: subscription.id, dest: destination, from, to: slot, limit: rules.maxCarried };
    if (!subscription.topic) return { ids: q.candidates.all(params).map((c) => c.id), from };
    const match = ftsQuery(subscription.topic);
    // A topic with no searchable word matches nothing, as in the claim.
    return { ids: match ? q.candidatesTopic.all({ ...params, match }).map((c) => c.id) : [], from };
  };

  return { lookFrom, choose };
}
