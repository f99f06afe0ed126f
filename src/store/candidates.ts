import type Database from "better-sqlite3";
import type { DeliveryStatus } from "../schemas.ts";
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

/** A delivery that carried one article, as `articleStanding` reports it. */
export interface CarryingDelivery {
  key: string;
  slot: string;
  status: DeliveryStatus;
  /** Shown as a card; false when the article was named as "+N more". */
  shown: boolean;
  /** How many articles the delivery named as "+N more". */
  more: number;
  messageRef: string | null;
  error: string | null;
  /** When the delivery was last written: settled, for all but `claimed`. */
  updatedAt: string;
}

/** Where one article stands for one destination of a subscription, by the rules a claim follows. */
export interface ArticleStanding {
  addedAt: string;
  backlog: boolean;
  /** The article matches the subscription's topic (always true without one). */
  onTopic: boolean;
  /** The deliveries of this subscription to this destination that carried it, newest slot first. */
  deliveries: CarryingDelivery[];
  /** Where the slot's candidates start: articles added after this, up to the slot. */
  from: string;
  /** The article's place among what the slot would carry now (0 = first), if it is there. */
  position?: number;
  /** How many articles the slot would carry now. */
  chosen: number;
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

  /** Where an article stands for a destination as of `slot`: read only, nothing claimed or written. */
  const standing = (
    subscription: StoredSubscription,
    destination: string,
    articleId: string,
    slot: string,
    rules: ComposeRules,
  ): ArticleStanding | undefined => {
    const article = q.article.get(articleId);
    if (!article) return undefined;
    const match = subscription.topic ? ftsQuery(subscription.topic) : undefined;
    const onTopic = !subscription.topic || (match !== undefined && q.onTopic.get(match, article.rowid) !== undefined);
    const { ids, from } = choose(subscription, destination, slot, rules);
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
  };

  return { lookFrom, choose, standing };
}
