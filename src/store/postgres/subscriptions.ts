import type pg from "pg";
import type { Subscription } from "../../schemas.ts";
import type { StoredSubscription, Subscriptions } from "../port.ts";
import { transaction } from "./pool.ts";

interface SubRow {
  id: string;
  origin: string;
  schedule: string;
  timezone: string;
  topic: string | null;
  max_cards: number;
  destinations: string;
  first_lookback: string | null;
  active: boolean;
  checked_until: string;
  created_at: string;
  activated_at: string | null;
}

const toSub = (r: SubRow): StoredSubscription => ({
  id: r.id,
  origin: r.origin,
  schedule: r.schedule,
  timezone: r.timezone,
  ...(r.topic ? { topic: r.topic } : {}),
  maxCards: r.max_cards,
  destinations: JSON.parse(r.destinations),
  ...(r.first_lookback ? { firstLookback: r.first_lookback } : {}),
  active: r.active,
  checkedUntil: r.checked_until,
  createdAt: r.created_at,
  activatedAt: r.activated_at ?? r.created_at,
});

/** Write one subscription and note when each of its destinations was first seen. */
async function saveOn(c: pg.PoolClient, s: Subscription, now: Date): Promise<void> {
  const stamp = now.toISOString();
  await c.query(
    `INSERT INTO subscriptions (id, origin, schedule, timezone, topic, max_cards, destinations, first_lookback, active,
       checked_until, created_at, updated_at, activated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, $9, $9, $9)
     ON CONFLICT (id) DO UPDATE SET origin = $2, schedule = $3, timezone = $4, topic = $5, max_cards = $6,
       destinations = $7, first_lookback = $8, active = true, updated_at = $9,
       activated_at = CASE WHEN subscriptions.active THEN subscriptions.activated_at ELSE $9 END`,
    [
      s.id,
      s.origin,
      s.schedule,
      s.timezone,
      s.topic ?? null,
      s.maxCards,
      JSON.stringify(s.destinations),
      s.firstLookback ?? null,
      stamp,
    ],
  );
  await c.query(
    `INSERT INTO subscription_destinations (subscription, destination, first_seen)
     SELECT $1, d, $3 FROM unnest($2::text[]) AS d ON CONFLICT DO NOTHING`,
    [s.id, [...new Set(s.destinations)], stamp],
  );
}

/** Subscriptions in PostgreSQL: every replica syncs the same definitions; the upserts make that harmless. */
export function createPgSubscriptions(pool: pg.Pool): Subscriptions {
  return {
    syncSubscriptions: (origin, subs, now) =>
      transaction(pool, async (c) => {
        // Two replicas syncing at once would deadlock on each other's rows: one at a time.
        await c.query("SELECT pg_advisory_xact_lock(hashtextextended('briefbot:subscriptions', 0))");
        for (const s of subs) await saveOn(c, s, now);
        await c.query(
          "UPDATE subscriptions SET active = false, updated_at = $1 WHERE origin = $2 AND active AND NOT (id = ANY($3::text[]))",
          [now.toISOString(), origin, subs.map((s) => s.id)],
        );
      }),
    saveSubscription: (s, now) => transaction(pool, (c) => saveOn(c, s, now)),
    async deactivate(id, now) {
      await pool.query("UPDATE subscriptions SET active = false, updated_at = $1 WHERE id = $2", [
        now.toISOString(),
        id,
      ]);
    },
    subscriptions: async () => (await pool.query<SubRow>("SELECT * FROM subscriptions ORDER BY id")).rows.map(toSub),
    async subscription(id) {
      const r = (await pool.query<SubRow>("SELECT * FROM subscriptions WHERE id = $1", [id])).rows[0];
      return r ? toSub(r) : undefined;
    },
    async setCheckedUntil(id, until) {
      await pool.query("UPDATE subscriptions SET checked_until = $1 WHERE id = $2 AND checked_until < $1", [
        until.toISOString(),
        id,
      ]);
    },
    firstSeen: async (subscription, destination) =>
      (
        await pool.query<{ first_seen: string }>(
          "SELECT first_seen FROM subscription_destinations WHERE subscription = $1 AND destination = $2",
          [subscription, destination],
        )
      ).rows[0]?.first_seen,
  };
}
