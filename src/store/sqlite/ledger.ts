import type Database from "better-sqlite3";
import type { DeliveryStatus } from "../../schemas.ts";
import { deliveryKey, HOLDING_STATUSES, POST_SUBSCRIPTION } from "../keys.ts";
import type {
  BriefingClaim,
  Carried,
  Claim,
  Claimant,
  ClaimResult,
  ComposeRules,
  Ledger,
  PostClaim,
  StoredSubscription,
} from "../port.ts";
import { ledgerRowOf } from "../rows.ts";
import { createComposer } from "./compose.ts";
import { createSubscriptions } from "./subscriptions.ts";

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

const HOLDING = `(${HOLDING_STATUSES.map((s) => `'${s}'`).join(", ")})`;

/**
 * The ledger on SQLite. Every claim is an `IMMEDIATE` transaction: the file's write lock
 * serializes claims (and the choice of what they carry) across every process on the machine.
 */
export function createLedger(db: Database.Database): Ledger {
  const subscriptions = createSubscriptions(db);
  const composer = createComposer(db, subscriptions.firstSeenNow);
  const q = {
    insertClaim: db.prepare(
      `INSERT INTO deliveries (subscription, slot, destination, delivery_key, status, attempts, owner, lease_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'claimed', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    byKey: db.prepare<[string], DeliveryRow>("SELECT * FROM deliveries WHERE delivery_key = ?"),
    deleteKey: db.prepare("DELETE FROM deliveries WHERE delivery_key = ?"),
    takeOver: db.prepare(
      "UPDATE deliveries SET owner = ?, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed' AND owner IS ? AND (lease_until < ? OR ?)",
    ),
    release: db.prepare(
      "UPDATE deliveries SET owner = NULL, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed' AND owner = ?",
    ),
    open: db.prepare<[], DeliveryRow>("SELECT * FROM deliveries WHERE status = 'claimed' ORDER BY slot, id"),
    attempt: db.prepare(
      "UPDATE deliveries SET attempts = attempts + 1, lease_until = ?, updated_at = ? WHERE delivery_key = ? AND status = 'claimed' AND owner = ?",
    ),
    renew: db.prepare<{ keys: string; owner: string; until: string; now: string }, { delivery_key: string }>(
      `UPDATE deliveries SET lease_until = @until, updated_at = @now
       WHERE delivery_key IN (SELECT value FROM json_each(@keys)) AND status = 'claimed' AND owner = @owner
       RETURNING delivery_key`,
    ),
    settle: db.prepare(
      `UPDATE deliveries SET status = ?, message_ref = ?, error = ?, owner = NULL, lease_until = NULL, updated_at = ?
       WHERE delivery_key = ? AND status = 'claimed' AND owner = ?`,
    ),
    record: db.prepare(
      `INSERT INTO deliveries (subscription, slot, until, destination, delivery_key, status, error, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    lastRow: db.prepare<[string, string], DeliveryRow>(
      "SELECT * FROM deliveries WHERE subscription = ? AND destination = ? ORDER BY slot DESC, id DESC LIMIT 1",
    ),
    extend: db.prepare("UPDATE deliveries SET until = ?, updated_at = ? WHERE id = ? AND (until IS NULL OR until < ?)"),
    articlesOf: db.prepare<[number], { article_id: string; shown: number; position: number }>(
      "SELECT article_id, shown, position FROM delivery_articles WHERE delivery_id = ? ORDER BY position",
    ),
    recentPost: db.prepare<[string, string, string], DeliveryRow>(
      `SELECT d.* FROM deliveries d JOIN delivery_articles da ON da.delivery_id = d.id
       WHERE d.subscription = '${POST_SUBSCRIPTION}' AND d.destination = ? AND da.article_id = ? AND d.created_at > ?
         AND d.status IN ${HOLDING} ORDER BY d.id DESC LIMIT 1`,
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

  const insertClaim = (
    subscription: string,
    slot: string,
    destination: string,
    claimant: Claimant,
    key = deliveryKey(subscription, slot, destination),
  ) => {
    const stamp = claimant.now.toISOString();
    const inserted = q.insertClaim.run(
      subscription,
      slot,
      destination,
      key,
      claimant.owner,
      claimant.leaseUntil.toISOString(),
      stamp,
      stamp,
    );
    return { inserted: inserted.changes === 1, row: q.byKey.get(key) };
  };

  const recordRangeTx = db.transaction(
    (
      subscription: string,
      destination: string,
      status: "missed" | "empty",
      first: Date,
      last: Date,
      error: string | null,
      now: Date,
    ) => {
      const stamp = now.toISOString();
      const firstIso = first.toISOString();
      const lastIso = last.toISOString();
      // An empty slot right after an empty range joins it: one row for a quiet night, not one a minute.
      const previous = q.lastRow.get(subscription, destination);
      if (status === "empty" && previous?.status === "empty" && previous.slot < firstIso) {
        q.extend.run(lastIso, stamp, previous.id, lastIso);
        return;
      }
      const until = lastIso === firstIso ? null : lastIso;
      const key = deliveryKey(subscription, firstIso, destination);
      q.record.run(subscription, firstIso, until, destination, key, status, error, stamp, stamp);
    },
  );

  const claimBriefingTx = db.transaction(
    (
      subscription: StoredSubscription,
      slot: Date,
      destination: string,
      claimant: Claimant,
      rules: ComposeRules,
    ): BriefingClaim => {
      const { inserted, row: found } = insertClaim(subscription.id, slot.toISOString(), destination, claimant);
      const row = found as DeliveryRow;
      if (!inserted) return { kind: "held", status: row.status, owner: row.owner, leaseUntil: row.lease_until };
      const carried = composer.compose(row, subscription, rules);
      if (carried.shown.length > 0) return { kind: "claimed", claim: toClaim(row), carried };
      q.deleteKey.run(row.delivery_key);
      recordRangeTx(subscription.id, destination, "empty", slot, slot, null, claimant.now);
      return { kind: "empty", from: carried.from };
    },
  );

  const carriedTx = db.transaction((key: string, subscription: StoredSubscription, rules: ComposeRules): Carried => {
    const row = q.byKey.get(key);
    if (!row) return { shown: [], more: [], from: new Date(0).toISOString() };
    const articles = q.articlesOf.all(row.id);
    if (articles.length === 0 && row.status === "claimed") return composer.compose(row, subscription, rules);
    // Those held past the cap are counted, not listed (as when the briefing was composed).
    const unlisted = articles.filter((a) => a.shown === 0);
    const more = unlisted.filter((a) => a.position < rules.maxCarried).map((a) => a.article_id);
    const beyond = unlisted.length - more.length;
    return {
      shown: articles.filter((a) => a.shown === 1).map((a) => a.article_id),
      more,
      from: composer.lookFrom(subscription, row.destination, rules),
      ...(beyond > 0 ? { beyond } : {}),
    };
  });

  const claimPostTx = db.transaction(
    (articleId: string, destination: string, claimant: Claimant, windowMs: number): PostClaim => {
      const since = new Date(claimant.now.getTime() - windowMs).toISOString();
      const recent = q.recentPost.get(destination, articleId, since);
      if (recent)
        return { kind: "done", status: recent.status, messageRef: recent.message_ref, key: recent.delivery_key };
      // The slot is the click's instant; another card posted to the channel in that very
      // millisecond holds it, so this one takes the next free millisecond.
      for (let t = claimant.now.getTime(); ; t++) {
        const slot = new Date(t).toISOString();
        const key = deliveryKey(POST_SUBSCRIPTION, slot, destination, articleId);
        const { inserted, row } = insertClaim(POST_SUBSCRIPTION, slot, destination, claimant, key);
        if (!row) continue;
        if (!inserted) return { kind: "done", status: row.status, messageRef: row.message_ref, key: row.delivery_key };
        composer.addArticle(row.id, articleId);
        return { kind: "claimed", claim: toClaim(row) };
      }
    },
  );

  const claimTx = db.transaction(
    (subscription: string, slot: Date, destination: string, claimant: Claimant): ClaimResult => {
      const { inserted, row: found } = insertClaim(subscription, slot.toISOString(), destination, claimant);
      const row = found as DeliveryRow;
      if (inserted) return { claimed: true, claim: toClaim(row) };
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
    ...subscriptions,
    claim: async (subscription, slot, destination, owner, leaseUntil, now) =>
      claimTx.immediate(subscription, slot, destination, { owner, leaseUntil, now }),
    claimBriefing: async (...args) => claimBriefingTx.immediate(...args),
    carried: async (...args) => carriedTx.immediate(...args),
    claimPost: async (...args) => claimPostTx.immediate(...args),
    takeOver: async (...args) => takeOverTx.immediate(...args),
    release: async (key, owner, now) => {
      q.release.run(new Date(0).toISOString(), now.toISOString(), key, owner);
    },
    openClaims: async () => q.open.all().map((r) => ({ ...toClaim(r), owner: r.owner, leaseUntil: r.lease_until })),
    attempt: async (key, owner, now, leaseUntil) => {
      const changed = q.attempt.run(leaseUntil.toISOString(), now.toISOString(), key, owner).changes;
      return changed === 1 ? (q.byKey.get(key) as DeliveryRow).attempts : undefined;
    },
    renew: async (keys, owner, now, leaseUntil) =>
      keys.length === 0
        ? []
        : q.renew
            .all({ keys: JSON.stringify(keys), owner, until: leaseUntil.toISOString(), now: now.toISOString() })
            .map((r) => r.delivery_key),
    settle: async (key, owner, status, messageRef, error, now) =>
      q.settle.run(status, messageRef, error, now.toISOString(), key, owner).changes === 1,
    recordRange: async (...args) => recordRangeTx.immediate(...args),
    list: async (filter = {}) =>
      q.list
        .all(filter.status ?? "", filter.status ?? "")
        .filter((r) => !filter.subscription || r.subscription === filter.subscription)
        .map((r) =>
          ledgerRowOf(
            r,
            q.articlesOf.all(r.id).map((a) => a.article_id),
          ),
        ),
  };
}
