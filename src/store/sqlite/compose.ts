import type Database from "better-sqlite3";
import { HOLDING_STATUSES } from "../keys.ts";
import { lookBackFrom } from "../look-back.ts";
import type { Carried, ComposeRules, StoredSubscription } from "../port.ts";
import { ftsQuery } from "../query.ts";

const HOLDING = `(${HOLDING_STATUSES.map((s) => `'${s}'`).join(", ")})`;

/** The delivery row a briefing is composed for. */
export interface ComposedRow {
  id: number;
  subscription: string;
  slot: string;
  destination: string;
}

/**
 * Choosing what a delivery carries, inside the ledger's transactions (synchronous, as
 * better-sqlite3's transactions are): the articles added since the destination's last delivered
 * slot (less an overlap) or its first sighting (less the look-back), that no delivery of the
 * subscription to the destination holds.
 */
export function createComposer(
  db: Database.Database,
  firstSeen: (subscription: string, destination: string) => string | undefined,
) {
  const q = {
    lastDelivered: db.prepare<[string, string], { slot: string | null }>(
      "SELECT max(slot) AS slot FROM deliveries WHERE subscription = ? AND destination = ? AND status = 'delivered'",
    ),
    candidates: db.prepare<{ sub: string; dest: string; from: string; to: string; limit: number }, { id: string }>(
      `SELECT a.id FROM articles a
       WHERE a.added_at > @from AND a.added_at <= @to AND a.backlog = 0
         AND NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
           WHERE da.article_id = a.id AND d.subscription = @sub AND d.destination = @dest AND d.status IN ${HOLDING})
       ORDER BY a.dated_at DESC, a.rowid DESC LIMIT @limit`,
    ),
    candidatesTopic: db.prepare<
      { match: string; sub: string; dest: string; from: string; to: string; limit: number },
      { id: string }
    >(
      `SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
       WHERE articles_fts MATCH @match AND a.added_at > @from AND a.added_at <= @to AND a.backlog = 0
         AND NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
           WHERE da.article_id = a.id AND d.subscription = @sub AND d.destination = @dest AND d.status IN ${HOLDING})
       ORDER BY bm25(articles_fts, 4.0, 1.0, 2.0), a.dated_at DESC, a.rowid DESC LIMIT @limit`,
    ),
    holdRest: db.prepare<{ delivery: number; position: number; sub: string; dest: string; from: string; to: string }>(
      `INSERT INTO delivery_articles (delivery_id, article_id, position, shown)
       SELECT @delivery, a.id, @position, 0 FROM articles a
       WHERE a.added_at > @from AND a.added_at <= @to AND a.backlog = 0
         AND NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
           WHERE da.article_id = a.id AND d.subscription = @sub AND d.destination = @dest AND d.status IN ${HOLDING})`,
    ),
    holdRestTopic: db.prepare<{
      delivery: number;
      position: number;
      match: string;
      sub: string;
      dest: string;
      from: string;
      to: string;
    }>(
      `INSERT INTO delivery_articles (delivery_id, article_id, position, shown)
       SELECT @delivery, a.id, @position, 0 FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
       WHERE articles_fts MATCH @match AND a.added_at > @from AND a.added_at <= @to AND a.backlog = 0
         AND NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
           WHERE da.article_id = a.id AND d.subscription = @sub AND d.destination = @dest AND d.status IN ${HOLDING})`,
    ),
    addArticle: db.prepare(
      "INSERT INTO delivery_articles (delivery_id, article_id, position, shown) VALUES (?, ?, ?, ?)",
    ),
    setMore: db.prepare("UPDATE deliveries SET more = ?, until = ? WHERE id = ?"),
  };

  /** The lower bound of a briefing's candidates for a destination. */
  const lookFrom = (subscription: StoredSubscription, destination: string, rules: ComposeRules): string =>
    lookBackFrom(
      subscription,
      q.lastDelivered.get(subscription.id, destination)?.slot,
      firstSeen(subscription.id, destination),
      rules,
    );

  /**
   * The articles a slot to a destination carries, best first (at most `maxCarried`), and where it
   * looked. Reads only: the claim writes its choice down, the console's previews do not.
   */
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
    // A topic with no searchable word matches nothing.
    return { ids: match ? q.candidatesTopic.all({ ...params, match }).map((c) => c.id) : [], from };
  };

  /**
   * The candidates past the cap (the least recent, or least relevant to a topic), held by the
   * delivery unlisted: the "+N more" counts them and no later slot offers them again. Written after
   * the listed ones, which the held-articles rule then leaves out. Returns how many.
   */
  const holdRest = (row: ComposedRow, subscription: StoredSubscription, from: string, position: number): number => {
    const params = { delivery: row.id, position, sub: subscription.id, dest: row.destination, from, to: row.slot };
    if (!subscription.topic) return q.holdRest.run(params).changes;
    const match = ftsQuery(subscription.topic);
    return match ? q.holdRestTopic.run({ ...params, match }).changes : 0;
  };

  /** Choose the articles of a claimed delivery and write them down; none chosen, none written. */
  const compose = (row: ComposedRow, subscription: StoredSubscription, rules: ComposeRules): Carried => {
    const { ids, from } = choose(subscription, row.destination, row.slot, rules);
    const shown = ids.slice(0, subscription.maxCards);
    const more = ids.slice(subscription.maxCards);
    for (const [i, id] of ids.entries()) q.addArticle.run(row.id, id, i, i < shown.length ? 1 : 0);
    // Past the cap, the rest is held and counted: the "+N more" says how many, none is dropped unsaid.
    const beyond = ids.length < rules.maxCarried ? 0 : holdRest(row, subscription, from, rules.maxCarried);
    q.setMore.run(more.length + beyond, null, row.id);
    return { shown, more, from, ...(beyond > 0 ? { beyond } : {}) };
  };

  return {
    lookFrom,
    choose,
    compose,
    addArticle: (deliveryId: number, articleId: string) => q.addArticle.run(deliveryId, articleId, 0, 1),
  };
}
