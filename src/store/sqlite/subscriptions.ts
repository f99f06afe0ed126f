import type Database from "better-sqlite3";
import type { Subscription } from "../../schemas.ts";
import type { StoredSubscription, Subscriptions } from "../port.ts";

interface SubRow {
  id: string;
  origin: string;
  schedule: string;
  timezone: string;
  topic: string | null;
  max_cards: number;
  destinations: string;
  first_lookback: string | null;
  active: number;
  checked_until: string;
  created_at: string;
  activated_at: string | null;
}

/** Subscriptions on SQLite, with the synchronous `firstSeen` the ledger's transactions need. */
export function createSubscriptions(db: Database.Database): Subscriptions & {
  firstSeenNow(subscription: string, destination: string): string | undefined;
} {
  const q = {
    upsert: db.prepare(
      `INSERT INTO subscriptions (id, origin, schedule, timezone, topic, max_cards, destinations, first_lookback, active, checked_until, created_at, updated_at, activated_at)
       VALUES (@id, @origin, @schedule, @timezone, @topic, @max_cards, @destinations, @first_lookback, 1, @now, @now, @now, @now)
       ON CONFLICT (id) DO UPDATE SET origin = @origin, schedule = @schedule, timezone = @timezone, topic = @topic,
         max_cards = @max_cards, destinations = @destinations, first_lookback = @first_lookback, active = 1, updated_at = @now,
         activated_at = CASE WHEN subscriptions.active = 1 THEN subscriptions.activated_at ELSE @now END`,
    ),
    seen: db.prepare(
      "INSERT INTO subscription_destinations (subscription, destination, first_seen) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    firstSeen: db.prepare<[string, string], { first_seen: string }>(
      "SELECT first_seen FROM subscription_destinations WHERE subscription = ? AND destination = ?",
    ),
    deactivateOthers: db.prepare(
      "UPDATE subscriptions SET active = 0, updated_at = ? WHERE origin = ? AND active = 1 AND id NOT IN (SELECT value FROM json_each(?))",
    ),
    deactivate: db.prepare("UPDATE subscriptions SET active = 0, updated_at = ? WHERE id = ?"),
    all: db.prepare<[], SubRow>("SELECT * FROM subscriptions ORDER BY id"),
    one: db.prepare<[string], SubRow>("SELECT * FROM subscriptions WHERE id = ?"),
    checked: db.prepare("UPDATE subscriptions SET checked_until = ? WHERE id = ? AND checked_until < ?"),
  };
  const toSub = (r: SubRow): StoredSubscription => ({
    id: r.id,
    origin: r.origin,
    schedule: r.schedule,
    timezone: r.timezone,
    ...(r.topic ? { topic: r.topic } : {}),
    maxCards: r.max_cards,
    destinations: JSON.parse(r.destinations),
    ...(r.first_lookback ? { firstLookback: r.first_lookback } : {}),
    active: r.active === 1,
    checkedUntil: r.checked_until,
    createdAt: r.created_at,
    activatedAt: r.activated_at ?? r.created_at,
  });
  const save = (s: Subscription, now: Date) => {
    const stamp = now.toISOString();
    q.upsert.run({
      id: s.id,
      origin: s.origin,
      schedule: s.schedule,
      timezone: s.timezone,
      topic: s.topic ?? null,
      max_cards: s.maxCards,
      destinations: JSON.stringify(s.destinations),
      first_lookback: s.firstLookback ?? null,
      now: stamp,
    });
    for (const d of s.destinations) q.seen.run(s.id, d, stamp);
  };
  const firstSeen = (subscription: string, destination: string) =>
    q.firstSeen.get(subscription, destination)?.first_seen;
  const sync = db.transaction((origin: string, subs: readonly Subscription[], now: Date) => {
    for (const s of subs) save(s, now);
    q.deactivateOthers.run(now.toISOString(), origin, JSON.stringify(subs.map((s) => s.id)));
  });
  const saveOne = db.transaction(save);
  return {
    syncSubscriptions: async (origin, subs, now) => sync.immediate(origin, subs, now),
    saveSubscription: async (s, now) => saveOne.immediate(s, now),
    deactivate: async (id, now) => {
      q.deactivate.run(now.toISOString(), id);
    },
    subscriptions: async () => q.all.all().map(toSub),
    subscription: async (id) => {
      const r = q.one.get(id);
      return r ? toSub(r) : undefined;
    },
    setCheckedUntil: async (id, until) => {
      q.checked.run(until.toISOString(), id, until.toISOString());
    },
    firstSeen: async (subscription, destination) => firstSeen(subscription, destination),
    firstSeenNow: firstSeen,
  };
}
