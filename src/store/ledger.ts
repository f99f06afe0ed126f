import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { DeliveryRecord, DeliveryStatus, Subscription } from "../schemas.ts";

/** A subscription as stored, with how far its slots have been handled. */
export interface StoredSubscription extends Subscription {
  active: boolean;
  /** Every slot up to this instant has been claimed, delivered or recorded as missed. */
  checkedUntil: string;
}

/** A claimed delivery: what the engine needs to post it, or to find it after a crash. */
export interface Claim {
  subscription: string;
  slot: string;
  destination: string;
  /** Short and stable: travels with the message (Slack metadata, Discord nonce) to find it again. */
  key: string;
  attempts: number;
}

export type ClaimResult =
  | { claimed: true; claim: Claim }
  | { claimed: false; status: DeliveryStatus; owner: string | null; leaseUntil: string | null };

/**
 * Subscriptions and the delivery ledger: a delivery for (subscription, slot, destination) is
 * claimed before it is posted and settled after, so that retries, restarts and a second process
 * never post a slot twice.
 */
export interface Ledger {
  /** Create or update subscriptions from definitions; those from `origin` not listed are deactivated. */
  syncSubscriptions(origin: string, subscriptions: readonly Subscription[], now: Date): void;
  saveSubscription(subscription: Subscription, now: Date): void;
  deactivate(id: string, now: Date): void;
  subscriptions(): StoredSubscription[];
  setCheckedUntil(id: string, until: Date): void;
  /** Claim a delivery for `owner` until `leaseUntil`; only one claimant ever wins a slot. */
  claim(subscription: string, slot: Date, destination: string, owner: string, leaseUntil: Date, now: Date): ClaimResult;
  /**
   * Take over, for `owner`, a claim still held by `observedOwner` (as `openClaims` showed it) whose
   * lease has run out, or (with `force`) whose owner is known to be dead. Only one taker wins: a
   * claim someone else took meanwhile is not taken again.
   */
  takeOver(
    key: string,
    owner: string,
    leaseUntil: Date,
    now: Date,
    force: boolean,
    observedOwner: string | null,
  ): Claim | undefined;
  /** Give a claim up for any process's next run to take: no owner, its lease ended. */
  release(key: string, now: Date): void;
  /** Claims not settled, oldest first, with their owners and leases. */
  openClaims(): Array<Claim & { owner: string | null; leaseUntil: string | null }>;
  /**
   * Count one more try of a claim `owner` holds, and extend its lease to `leaseUntil` (a heartbeat
   * while retries and rate limits wait). Undefined when `owner` no longer holds it.
   */
  attempt(key: string, owner: string, now: Date, leaseUntil: Date): number | undefined;
  settle(
    key: string,
    status: Exclude<DeliveryStatus, "claimed">,
    messageRef: string | null,
    error: string | null,
    now: Date,
  ): void;
  record(
    subscription: string,
    slot: Date,
    destination: string,
    status: DeliveryStatus,
    error: string | null,
    now: Date,
  ): void;
  list(filter?: { status?: DeliveryStatus; subscription?: string }): DeliveryRecord[];
}

/** The stable key of a delivery: 24 characters, fits a Discord nonce (25). */
export function deliveryKey(subscription: string, slot: string, destination: string): string {
  return createHash("sha256")
    .update(`${subscription}\u0000${slot}\u0000${destination}`)
    .digest("base64url")
    .slice(0, 24);
}

interface SubRow {
  id: string;
  origin: string;
  schedule: string;
  timezone: string;
  topic: string | null;
  max_cards: number;
  destinations: string;
  active: number;
  checked_until: string;
}

interface DeliveryRow {
  subscription: string;
  slot: string;
  destination: string;
  delivery_key: string;
  status: DeliveryStatus;
  message_ref: string | null;
  attempts: number;
  error: string | null;
  owner: string | null;
  lease_until: string | null;
}

export function createLedger(db: Database.Database): Ledger {
  const q = {
    upsertSub: db.prepare(
      `INSERT INTO subscriptions (id, origin, schedule, timezone, topic, max_cards, destinations, active, checked_until, created_at, updated_at)
       VALUES (@id, @origin, @schedule, @timezone, @topic, @max_cards, @destinations, 1, @now, @now, @now)
       ON CONFLICT (id) DO UPDATE SET origin = @origin, schedule = @schedule, timezone = @timezone, topic = @topic,
         max_cards = @max_cards, destinations = @destinations, active = 1, updated_at = @now`,
    ),
    deactivateOthers: db.prepare(
      "UPDATE subscriptions SET active = 0, updated_at = ? WHERE origin = ? AND active = 1 AND id NOT IN (SELECT value FROM json_each(?))",
    ),
    deactivate: db.prepare("UPDATE subscriptions SET active = 0, updated_at = ? WHERE id = ?"),
    subs: db.prepare<[], SubRow>("SELECT * FROM subscriptions ORDER BY id"),
    checked: db.prepare("UPDATE subscriptions SET checked_until = ? WHERE id = ? AND checked_until < ?"),
    insertClaim: db.prepare(
      `INSERT INTO deliveries (subscription, slot, destination, delivery_key, status, attempts, owner, lease_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'claimed', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    byKey: db.prepare<[string], DeliveryRow>("SELECT * FROM deliveries WHERE delivery_key = ?"),
    takeOver: db.prepare(
      "UPDATE deliveries SET owner = ?, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed' AND owner IS ? AND (lease_until < ? OR ?)",
    ),
    release: db.prepare(
      "UPDATE deliveries SET owner = NULL, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed'",
    ),
    open: db.prepare<[], DeliveryRow>("SELECT * FROM deliveries WHERE status = 'claimed' ORDER BY slot, id"),
    attempt: db.prepare(
      "UPDATE deliveries SET attempts = attempts + 1, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed' AND owner = ?",
    ),
    settle: db.prepare(
      "UPDATE deliveries SET status = ?, message_ref = ?, error = ?, owner = NULL, lease_until = NULL, updated_at = ? WHERE delivery_key = ?",
    ),
    record: db.prepare(
      `INSERT INTO deliveries (subscription, slot, destination, delivery_key, status, error, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    list: db.prepare<[string, string], DeliveryRow>(
      "SELECT * FROM deliveries WHERE (? = '' OR status = ?) ORDER BY slot, subscription, destination",
    ),
  };
  const toClaim = (r: DeliveryRow): Claim => ({
    subscription: r.subscription,
    slot: r.slot,
    destination: r.destination,
    key: r.delivery_key,
    attempts: r.attempts,
  });
  const toSub = (r: SubRow): StoredSubscription => ({
    id: r.id,
    origin: r.origin,
    schedule: r.schedule,
    timezone: r.timezone,
    ...(r.topic ? { topic: r.topic } : {}),
    maxCards: r.max_cards,
    destinations: JSON.parse(r.destinations),
    active: r.active === 1,
    checkedUntil: r.checked_until,
  });
  const subParams = (s: Subscription, now: Date) => ({
    id: s.id,
    origin: s.origin,
    schedule: s.schedule,
    timezone: s.timezone,
    topic: s.topic ?? null,
    max_cards: s.maxCards,
    destinations: JSON.stringify(s.destinations),
    now: now.toISOString(),
  });

  const sync = db.transaction((origin: string, subs: readonly Subscription[], now: Date) => {
    for (const s of subs) q.upsertSub.run(subParams(s, now));
    q.deactivateOthers.run(now.toISOString(), origin, JSON.stringify(subs.map((s) => s.id)));
  });
  const claimTx = db.transaction(
    (
      subscription: string,
      slot: Date,
      destination: string,
      owner: string,
      leaseUntil: Date,
      now: Date,
    ): ClaimResult => {
      const slotIso = slot.toISOString();
      const key = deliveryKey(subscription, slotIso, destination);
      const stamp = now.toISOString();
      const inserted = q.insertClaim.run(
        subscription,
        slotIso,
        destination,
        key,
        owner,
        leaseUntil.toISOString(),
        stamp,
        stamp,
      );
      const row = q.byKey.get(key) as DeliveryRow;
      if (inserted.changes === 1) return { claimed: true, claim: toClaim(row) };
      return { claimed: false, status: row.status, owner: row.owner, leaseUntil: row.lease_until };
    },
  );
  const takeOverTx = db.transaction(
    (key: string, owner: string, leaseUntil: Date, now: Date, force: boolean, observedOwner: string | null) => {
      const stamp = now.toISOString();
      const changed = q.takeOver.run(
        owner,
        leaseUntil.toISOString(),
        stamp,
        key,
        observedOwner,
        stamp,
        force ? 1 : 0,
      ).changes;
      return changed === 1 ? toClaim(q.byKey.get(key) as DeliveryRow) : undefined;
    },
  );

  return {
    syncSubscriptions: (origin, subs, now) => sync.immediate(origin, subs, now),
    saveSubscription: (s, now) => {
      q.upsertSub.run(subParams(s, now));
    },
    deactivate: (id, now) => {
      q.deactivate.run(now.toISOString(), id);
    },
    subscriptions: () => q.subs.all().map(toSub),
    setCheckedUntil: (id, until) => {
      q.checked.run(until.toISOString(), id, until.toISOString());
    },
    claim: (...args) => claimTx.immediate(...args),
    takeOver: (...args) => takeOverTx.immediate(...args),
    release: (key, now) => {
      q.release.run(new Date(0).toISOString(), now.toISOString(), key);
    },
    openClaims: () => q.open.all().map((r) => ({ ...toClaim(r), owner: r.owner, leaseUntil: r.lease_until })),
    attempt: (key, owner, now, leaseUntil) => {
      const changed = q.attempt.run(leaseUntil.toISOString(), now.toISOString(), key, owner).changes;
      return changed === 1 ? (q.byKey.get(key) as DeliveryRow).attempts : undefined;
    },
    settle: (key, status, messageRef, error, now) => {
      q.settle.run(status, messageRef, error, now.toISOString(), key);
    },
    record: (subscription, slot, destination, status, error, now) => {
      const slotIso = slot.toISOString();
      const stamp = now.toISOString();
      q.record.run(
        subscription,
        slotIso,
        destination,
        deliveryKey(subscription, slotIso, destination),
        status,
        error,
        stamp,
        stamp,
      );
    },
    list: (filter = {}) =>
      q.list
        .all(filter.status ?? "", filter.status ?? "")
        .filter((r) => !filter.subscription || r.subscription === filter.subscription)
        .map((r) => ({
          subscription: r.subscription,
          slot: r.slot,
          destination: r.destination,
          status: r.status,
          messageRef: r.message_ref,
          attempts: r.attempts,
          error: r.error,
        })),
  };
}
