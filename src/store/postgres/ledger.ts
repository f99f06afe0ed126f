import type pg from "pg";
import type { DeliveryStatus } from "../../schemas.ts";
import { deliveryKey, HOLDING_STATUSES, POST_SUBSCRIPTION } from "../keys.ts";
import type { Claim, Claimant, Ledger } from "../port.ts";
import { ledgerRowOf } from "../rows.ts";
import { compose, lookFrom, type QueryMaker } from "./compose.ts";
import { prepared, transaction } from "./pool.ts";
import { createPgSubscriptions } from "./subscriptions.ts";

interface DeliveryRow {
  id: number;
  subscription: string;
  slot: string;
  until: string | null;
  destination: string;
  delivery_key: string;
  status: DeliveryStatus;
  message_ref: string | null;
  attempts: number;
  error: string | null;
  owner: string | null;
  lease_until: string | null;
  more: number;
}

const toClaim = (r: DeliveryRow): Claim => ({
  subscription: r.subscription,
  slot: r.slot,
  destination: r.destination,
  key: r.delivery_key,
  attempts: r.attempts,
});

/** The ledger's statements, each prepared once per connection: they run for every delivery. */
const SQL = {
  insertClaim: prepared(
    "ledger.insert-claim",
    `INSERT INTO deliveries (subscription, slot, destination, delivery_key, status, attempts, owner, lease_until, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'claimed', 0, $5, $6, $7, $7) ON CONFLICT DO NOTHING RETURNING *`,
  ),
  byKey: prepared("ledger.by-key", "SELECT * FROM deliveries WHERE delivery_key = $1"),
  deleteId: prepared("ledger.delete", "DELETE FROM deliveries WHERE id = $1"),
  open: prepared("ledger.open", "SELECT * FROM deliveries WHERE status = 'claimed' ORDER BY slot, id"),
  attempt: prepared(
    "ledger.attempt",
    `UPDATE deliveries SET attempts = attempts + 1, lease_until = $1, updated_at = $2
     WHERE delivery_key = $3 AND status = 'claimed' AND owner = $4 RETURNING attempts`,
  ),
  settle: prepared(
    "ledger.settle",
    `UPDATE deliveries SET status = $1, message_ref = $2, error = $3, owner = NULL, lease_until = NULL, updated_at = $4
     WHERE delivery_key = $5 AND status = 'claimed' AND owner = $6`,
  ),
  articlesOf: prepared(
    "ledger.articles-of",
    "SELECT article_id, shown, position FROM delivery_articles WHERE delivery_id = $1 ORDER BY position",
  ),
};

/** What serializes the claims of one subscription to one destination across replicas. */
const destinationLock = (subscription: string, destination: string) => `deliver:${subscription}\u001f${destination}`;

async function insertClaim(
  c: pg.PoolClient,
  subscription: string,
  slot: string,
  destination: string,
  claimant: Claimant,
  key = deliveryKey(subscription, slot, destination),
): Promise<{ inserted: boolean; row: DeliveryRow | undefined }> {
  const stamp = claimant.now.toISOString();
  const inserted = await c.query<DeliveryRow>(
    SQL.insertClaim([subscription, slot, destination, key, claimant.owner, claimant.leaseUntil.toISOString(), stamp]),
  );
  if (inserted.rows[0]) return { inserted: true, row: inserted.rows[0] };
  // Undefined when another key holds (subscription, slot, destination): a button post of another card.
  const row = (await c.query<DeliveryRow>(SQL.byKey([key]))).rows[0];
  return { inserted: false, row };
}

async function recordRangeOn(
  c: pg.PoolClient,
  subscription: string,
  destination: string,
  status: "missed" | "empty",
  first: Date,
  last: Date,
  error: string | null,
  now: Date,
): Promise<void> {
  const stamp = now.toISOString();
  const firstIso = first.toISOString();
  const lastIso = last.toISOString();
  const previous = (
    await c.query<DeliveryRow>(
      "SELECT * FROM deliveries WHERE subscription = $1 AND destination = $2 ORDER BY slot DESC, id DESC LIMIT 1",
      [subscription, destination],
    )
  ).rows[0];
  // An empty slot right after an empty range joins it: one row for a quiet night, not one a minute.
  if (status === "empty" && previous?.status === "empty" && previous.slot < firstIso) {
    await c.query("UPDATE deliveries SET until = $1, updated_at = $2 WHERE id = $3 AND (until IS NULL OR until < $1)", [
      lastIso,
      stamp,
      previous.id,
    ]);
    return;
  }
  await c.query(
    `INSERT INTO deliveries (subscription, slot, until, destination, delivery_key, status, error, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT DO NOTHING`,
    [
      subscription,
      firstIso,
      lastIso === firstIso ? null : lastIso,
      destination,
      deliveryKey(subscription, firstIso, destination),
      status,
      error,
      stamp,
    ],
  );
}

/**
 * The ledger on PostgreSQL, shared by replicas. Claims are rows: inserted once (a unique key),
 * each claim and its choice of articles one transaction under an advisory lock per subscription
 * and destination; a lapsed claim is taken with `FOR UPDATE SKIP LOCKED`, so of two replicas
 * reaching for it one gets it and the other passes by; ownership is an owner id and a lease.
 */
export function createPgLedger(pool: pg.Pool, queries: QueryMaker): Ledger {
  const subscriptions = createPgSubscriptions(pool);
  const articlesOf = async (c: pg.Pool | pg.PoolClient, id: number) =>
    (await c.query<{ article_id: string; shown: boolean; position: number }>(SQL.articlesOf([id]))).rows;
  return {
    ...subscriptions,
    claim: (subscription, slot, destination, owner, leaseUntil, now) =>
      transaction(
        pool,
        async (c) => {
          const { inserted, row: found } = await insertClaim(c, subscription, slot.toISOString(), destination, {
            owner,
            leaseUntil,
            now,
          });
          // Its key is the slot's own: a conflict is that very delivery.
          const row = found as DeliveryRow;
          if (inserted) return { claimed: true, claim: toClaim(row) };
          return { claimed: false, status: row.status, owner: row.owner, leaseUntil: row.lease_until };
        },
        { lock: [destinationLock(subscription, destination)] },
      ),
    claimBriefing: (subscription, slot, destination, claimant, rules) =>
      transaction(
        pool,
        async (c) => {
          const claimed = await insertClaim(c, subscription.id, slot.toISOString(), destination, claimant);
          const { inserted } = claimed;
          const row = claimed.row as DeliveryRow;
          if (!inserted) return { kind: "held", status: row.status, owner: row.owner, leaseUntil: row.lease_until };
          const carried = await compose(c, row, subscription, rules, queries);
          if (carried.shown.length > 0) return { kind: "claimed", claim: toClaim(row), carried };
          await c.query(SQL.deleteId([row.id]));
          await recordRangeOn(c, subscription.id, destination, "empty", slot, slot, null, claimant.now);
          return { kind: "empty", from: carried.from };
        },
        { lock: [destinationLock(subscription.id, destination)] },
      ),
    carried: (key, subscription, rules) =>
      transaction(pool, async (c) => {
        const row = (await c.query<DeliveryRow>(SQL.byKey([key]))).rows[0];
        if (!row) return { shown: [], more: [], from: new Date(0).toISOString() };
        await c.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
          destinationLock(row.subscription, row.destination),
        ]);
        const articles = await articlesOf(c, row.id);
        if (articles.length === 0 && row.status === "claimed") return compose(c, row, subscription, rules, queries);
        // Those held past the cap are counted, not listed (as when the briefing was composed).
        const unlisted = articles.filter((a) => !a.shown);
        const more = unlisted.filter((a) => a.position < rules.maxCarried).map((a) => a.article_id);
        const beyond = unlisted.length - more.length;
        return {
          shown: articles.filter((a) => a.shown).map((a) => a.article_id),
          more,
          from: await lookFrom(c, subscription, row.destination, rules),
          ...(beyond > 0 ? { beyond } : {}),
        };
      }),
    claimPost: (articleId, destination, claimant, windowMs) =>
      transaction(
        pool,
        async (c) => {
          const since = new Date(claimant.now.getTime() - windowMs).toISOString();
          const recent = (
            await c.query<DeliveryRow>(
              `SELECT d.* FROM deliveries d JOIN delivery_articles da ON da.delivery_id = d.id
             WHERE d.subscription = $1 AND d.destination = $2 AND da.article_id = $3 AND d.created_at > $4
               AND d.status = ANY($5::text[]) ORDER BY d.id DESC LIMIT 1`,
              [POST_SUBSCRIPTION, destination, articleId, since, [...HOLDING_STATUSES]],
            )
          ).rows[0];
          if (recent)
            return { kind: "done", status: recent.status, messageRef: recent.message_ref, key: recent.delivery_key };
          // The slot is the click's instant; another card posted to the channel in that very
          // millisecond holds it, so this one takes the next free millisecond.
          for (let t = claimant.now.getTime(); ; t++) {
            const slot = new Date(t).toISOString();
            const key = deliveryKey(POST_SUBSCRIPTION, slot, destination, articleId);
            const { inserted, row } = await insertClaim(c, POST_SUBSCRIPTION, slot, destination, claimant, key);
            if (!row) continue;
            if (!inserted)
              return { kind: "done", status: row.status, messageRef: row.message_ref, key: row.delivery_key };
            await c.query(
              "INSERT INTO delivery_articles (delivery_id, article_id, position, shown) VALUES ($1, $2, 0, true)",
              [row.id, articleId],
            );
            return { kind: "claimed", claim: toClaim(row) };
          }
        },
        { lock: [`post:${destination}\u001f${articleId}`] },
      ),
    async takeOver(key, owner, leaseUntil, now, force, observedOwner) {
      // The row is locked while it is taken; a replica that finds it locked skips it, never waits.
      const r = await pool.query<DeliveryRow>(
        `WITH lapsed AS (
           SELECT id FROM deliveries WHERE delivery_key = $4 AND status = 'claimed' AND owner IS NOT DISTINCT FROM $5
             AND (lease_until < $3 OR $6) FOR UPDATE SKIP LOCKED)
         UPDATE deliveries d SET owner = $1, lease_until = $2, updated_at = $3 FROM lapsed WHERE d.id = lapsed.id
         RETURNING d.*`,
        [owner, leaseUntil.toISOString(), now.toISOString(), key, observedOwner, force],
      );
      return r.rows[0] ? toClaim(r.rows[0]) : undefined;
    },
    async release(key, owner, now) {
      await pool.query(
        "UPDATE deliveries SET owner = NULL, lease_until = $1, updated_at = $2 WHERE delivery_key = $3 AND status = 'claimed' AND owner = $4",
        [new Date(0).toISOString(), now.toISOString(), key, owner],
      );
    },
    openClaims: async () =>
      (await pool.query<DeliveryRow>(SQL.open([]))).rows.map((r) => ({
        ...toClaim(r),
        owner: r.owner,
        leaseUntil: r.lease_until,
      })),
    async attempt(key, owner, now, leaseUntil) {
      const r = await pool.query<{ attempts: number }>(
        SQL.attempt([leaseUntil.toISOString(), now.toISOString(), key, owner]),
      );
      return r.rows[0]?.attempts;
    },
    async renew(keys, owner, now, leaseUntil) {
      if (keys.length === 0) return [];
      const r = await pool.query<{ delivery_key: string }>(
        `UPDATE deliveries SET lease_until = $1, updated_at = $2
         WHERE delivery_key = ANY($3::text[]) AND status = 'claimed' AND owner = $4 RETURNING delivery_key`,
        [leaseUntil.toISOString(), now.toISOString(), [...keys], owner],
      );
      return r.rows.map((row) => row.delivery_key);
    },
    async settle(key, owner, status, messageRef, error, now) {
      return (await pool.query(SQL.settle([status, messageRef, error, now.toISOString(), key, owner]))).rowCount === 1;
    },
    recordRange: (subscription, destination, status, first, last, error, now) =>
      transaction(pool, (c) => recordRangeOn(c, subscription, destination, status, first, last, error, now), {
        lock: [destinationLock(subscription, destination)],
      }),
    async list(filter = {}) {
      const rows = (
        await pool.query<DeliveryRow & { articles: string[] | null }>(
          `SELECT d.*, (SELECT array_agg(article_id ORDER BY position) FROM delivery_articles WHERE delivery_id = d.id) AS articles
           FROM deliveries d WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR subscription = $2)
           ORDER BY slot, subscription, destination`,
          [filter.status ?? null, filter.subscription ?? null],
        )
      ).rows;
      return rows.map((r) => ledgerRowOf(r, r.articles ?? []));
    },
  };
}
