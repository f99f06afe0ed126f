import type pg from "pg";
import { HOLDING_STATUSES } from "../keys.ts";
import { lookBackFrom } from "../look-back.ts";
import type { Carried, ComposeRules, StoredSubscription } from "../port.ts";
import { prepared } from "./pool.ts";
import { matchSql, type Queries, queryParams, rankSql } from "./search.ts";

/** The delivery row a briefing is composed for. */
export interface ComposedRow {
  id: number;
  subscription: string;
  slot: string;
  destination: string;
}

const NOT_HELD = `NOT EXISTS (SELECT 1 FROM delivery_articles da JOIN deliveries d ON d.id = da.delivery_id
  WHERE da.article_id = a.id AND d.subscription = $1 AND d.destination = $2 AND d.status = ANY($5::text[]))`;

/** The last delivered slot and the first sighting of a destination, in one round trip. */
const LOOK = prepared(
  "compose.look",
  `SELECT (SELECT max(slot) FROM deliveries WHERE subscription = $1 AND destination = $2 AND status = 'delivered') AS last,
     (SELECT first_seen FROM subscription_destinations WHERE subscription = $1 AND destination = $2) AS seen`,
);
const CANDIDATES = prepared(
  "compose.candidates",
  `SELECT a.id FROM articles a WHERE a.added_at > $3 AND a.added_at <= $4 AND NOT a.backlog AND ${NOT_HELD}
   ORDER BY a.dated_at DESC, a.rowid DESC LIMIT $6`,
);
/** What was chosen, and how many of it are named as "+N more", in one statement. */
const WRITE = prepared(
  "compose.write",
  `WITH chosen AS (INSERT INTO delivery_articles (delivery_id, article_id, position, shown)
     SELECT $1, id, ord - 1, ord <= $3 FROM unnest($2::text[]) WITH ORDINALITY AS t(id, ord))
   UPDATE deliveries SET more = $4, until = NULL WHERE id = $1`,
);

/** The lower bound of a briefing's candidates for a destination (as on SQLite). */
export async function lookFrom(
  c: pg.PoolClient,
  subscription: StoredSubscription,
  destination: string,
  rules: ComposeRules,
): Promise<string> {
  const found = (await c.query<{ last: string | null; seen: string | null }>(LOOK([subscription.id, destination])))
    .rows[0];
  return lookBackFrom(subscription, found?.last, found?.seen, rules);
}

/**
 * Choose the articles of a claimed delivery and write them down, inside the claim's transaction
 * (which holds the subscription-and-destination lock, so no other claim chooses meanwhile).
 */
export async function compose(
  c: pg.PoolClient,
  row: ComposedRow,
  subscription: StoredSubscription,
  rules: ComposeRules,
  queries: (text: string, on?: pg.PoolClient) => Promise<Queries | undefined>,
): Promise<Carried> {
  const from = await lookFrom(c, subscription, row.destination, rules);
  const params = [row.subscription, row.destination, from, row.slot, [...HOLDING_STATUSES], rules.maxCarried];
  const window = "a.added_at > $3 AND a.added_at <= $4 AND NOT a.backlog";
  let ids: string[];
  let count: () => Promise<number>;
  const counted = params.slice(0, 5);
  const countOf = async (sql: string, values: unknown[]) =>
    Number((await c.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);
  if (subscription.topic) {
    const q = await queries(subscription.topic, c);
    ids = q
      ? (
          await c.query<{ id: string }>(
            `SELECT a.id FROM articles a WHERE ${matchSql("a", 7)} AND ${window} AND ${NOT_HELD}
             ORDER BY ${rankSql("a", 7)} DESC, a.dated_at DESC, a.rowid DESC LIMIT $6`,
            [...params, ...queryParams(q)],
          )
        ).rows.map((r) => r.id)
      : [];
    count = async () =>
      q
        ? countOf(
            `SELECT count(*) AS n FROM articles a WHERE ${matchSql("a", 7)} AND ${window} AND ${NOT_HELD} AND $6::int IS NOT NULL`,
            [...params, ...queryParams(q)],
          )
        : 0;
  } else {
    ids = (await c.query<{ id: string }>(CANDIDATES(params))).rows.map((r) => r.id);
    count = () => countOf(`SELECT count(*) AS n FROM articles a WHERE ${window} AND ${NOT_HELD}`, counted);
  }
  const shown = ids.slice(0, subscription.maxCards);
  const more = ids.slice(subscription.maxCards);
  // Past the cap, the rest is counted: the "+N more" says how many there are, none is dropped unsaid.
  const beyond = ids.length < rules.maxCarried ? 0 : Math.max(0, (await count()) - ids.length);
  await c.query(WRITE([row.id, ids, shown.length, more.length + beyond]));
  return { shown, more, from, ...(beyond > 0 ? { beyond } : {}) };
}
