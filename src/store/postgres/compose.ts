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

/** A connection or the pool: a claim chooses inside its transaction, a preview on any connection. */
type Queryable = pg.Pool | pg.PoolClient;

/** The search queries of a topic, made on the connection given (`search.ts`). */
export type QueryMaker = (text: string, on?: Queryable) => Promise<Queries | undefined>;

/** The lower bound of a briefing's candidates for a destination (as on SQLite). */
export async function lookFrom(
  c: Queryable,
  subscription: StoredSubscription,
  destination: string,
  rules: ComposeRules,
): Promise<string> {
  const found = (await c.query<{ last: string | null; seen: string | null }>(LOOK([subscription.id, destination])))
    .rows[0];
  return lookBackFrom(subscription, found?.last, found?.seen, rules);
}

/**
 * The articles a slot to a destination carries, best first (at most `maxCarried`), and where it
 * looked. Reads only: the claim writes its choice down (`compose`), the console's previews do not.
 */
export async function choose(
  c: Queryable,
  subscription: StoredSubscription,
  destination: string,
  slot: string,
  rules: ComposeRules,
  queries: QueryMaker,
): Promise<{ ids: string[]; from: string }> {
  const from = await lookFrom(c, subscription, destination, rules);
  const params = [subscription.id, destination, from, slot, [...HOLDING_STATUSES], rules.maxCarried];
  if (!subscription.topic)
    return { ids: (await c.query<{ id: string }>(CANDIDATES(params))).rows.map((r) => r.id), from };
  const q = await queries(subscription.topic, c);
  // A topic with no searchable word matches nothing.
  if (!q) return { ids: [], from };
  const window = "a.added_at > $3 AND a.added_at <= $4 AND NOT a.backlog";
  const rows = await c.query<{ id: string }>(
    `SELECT a.id FROM articles a WHERE ${matchSql("a", 7)} AND ${window} AND ${NOT_HELD}
     ORDER BY ${rankSql("a", 7)} DESC, a.dated_at DESC, a.rowid DESC LIMIT $6`,
    [...params, ...queryParams(q)],
  );
  return { ids: rows.rows.map((r) => r.id), from };
}

/**
 * The candidates past the cap (the least recent, or least relevant to a topic), held by the
 * delivery unlisted: the "+N more" counts them and no later slot offers them again. Written after
 * the listed ones, which the held-articles rule then leaves out. Returns how many.
 */
async function holdRest(
  c: pg.PoolClient,
  row: ComposedRow,
  subscription: StoredSubscription,
  from: string,
  position: number,
  queries: QueryMaker,
): Promise<number> {
  const params = [subscription.id, row.destination, from, row.slot, [...HOLDING_STATUSES], row.id, position];
  const window = "a.added_at > $3 AND a.added_at <= $4 AND NOT a.backlog";
  const insert = "INSERT INTO delivery_articles (delivery_id, article_id, position, shown) SELECT $6, a.id, $7, false";
  if (!subscription.topic)
    return (await c.query(`${insert} FROM articles a WHERE ${window} AND ${NOT_HELD}`, params)).rowCount ?? 0;
  const q = await queries(subscription.topic, c);
  if (!q) return 0;
  // The query's own parameters follow ours, from $8.
  return (
    (
      await c.query(`${insert} FROM articles a WHERE ${matchSql("a", 8)} AND ${window} AND ${NOT_HELD}`, [
        ...params,
        ...queryParams(q),
      ])
    ).rowCount ?? 0
  );
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
  queries: QueryMaker,
): Promise<Carried> {
  const { ids, from } = await choose(c, subscription, row.destination, row.slot, rules, queries);
  const shown = ids.slice(0, subscription.maxCards);
  const more = ids.slice(subscription.maxCards);
  await c.query(WRITE([row.id, ids, shown.length, more.length]));
  // Past the cap, the rest is held and counted: the "+N more" says how many, none is dropped unsaid.
  const beyond =
    ids.length < rules.maxCarried ? 0 : await holdRest(c, row, subscription, from, rules.maxCarried, queries);
  if (beyond > 0) await c.query("UPDATE deliveries SET more = $1 WHERE id = $2", [more.length + beyond, row.id]);
  return { shown, more, from, ...(beyond > 0 ? { beyond } : {}) };
}
