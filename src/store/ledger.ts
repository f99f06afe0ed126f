import { createHash } from "node:crypto";
import type Database from "better-sqlite3";
import type { DeliveryStatus } from "../schemas.ts";
import { type ComposeRules, createCandidates, HOLDING } from "./candidates.ts";
import { createSubscriptions, type StoredSubscription, type Subscriptions } from "./subscriptions.ts";

export type { ComposeRules } from "./candidates.ts";
export type { StoredSubscription } from "./subscriptions.ts";

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

/** What a delivery carries: the articles shown (best first), those named as "+N more", and where it looked. */
export interface Carried {
  shown: string[];
  more: string[];
  /** Articles added after this instant (and up to the slot) were the briefing's candidates. */
  from: string;
}

export type BriefingClaim =
  | { kind: "claimed"; claim: Claim; carried: Carried }
  | { kind: "empty"; from: string }
  | { kind: "held"; status: DeliveryStatus; owner: string | null; leaseUntil: string | null };

/** A post made from a button: one per card, channel and `windowMS`, however often it is clicked. */
export type PostClaim =
  | { kind: "claimed"; claim: Claim }
  | { kind: "done"; status: DeliveryStatus; messageRef: string | null; key: string };

/** A ledger row as the ledger keeps it; `deliveries --json` adds the slot in the subscription's zone. */
export interface LedgerRow {
  subscription: string;
  slot: string;
  until?: string;
  destination: string;
  status: DeliveryStatus;
  messageRef: string | null;
  attempts: number;
  error: string | null;
  articles: string[];
  more: number;
}

/** The subscription id of posts made from a card's button. */
export const POST_SUBSCRIPTION = "post";

/**
 * Subscriptions and the delivery ledger: a delivery for (subscription, slot, destination) is
 * claimed before it is posted and settled after, so that retries, restarts and a second process
 * never post a slot twice; it records which articles it carried, so that every article reaches
 * every destination of its subscription once, whatever slots were empty, missed or failed.
 */
export interface Ledger extends Subscriptions {
  /** Claim a delivery for `owner` until `leaseUntil`; only one claimant ever wins a slot. */
  claim(subscription: string, slot: Date, destination: string, owner: string, leaseUntil: Date, now: Date): ClaimResult;
  /**
   * Claim a slot's delivery and choose what it carries, in one transaction: the articles added
   * (backlog aside, about the topic) that no delivery of this subscription to this destination
   * carries or is carrying. Nothing to carry: the slot is recorded `empty` (joined to the empty
   * range before it) and nothing is claimed.
   */
  claimBriefing(
    subscription: StoredSubscription,
    slot: Date,
    destination: string,
    claimant: { owner: string; leaseUntil: Date; now: Date },
    rules: ComposeRules,
  ): BriefingClaim;
  /** What a claimed delivery carries; a claim made before it chose (an old one) chooses now. */
  carried(key: string, subscription: StoredSubscription, rules: ComposeRules): Carried;
  /** Claim a card's post to a channel, unless one was posted or is being posted within `windowMs`. */
  claimPost(
    articleId: string,
    destination: string,
    claimant: { owner: string; leaseUntil: Date; now: Date },
    windowMs: number,
  ): PostClaim;
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
  /** Record slots `first` … `last` of a destination as one `missed` or `empty` row. */
  recordRange(
    subscription: string,
    destination: string,
    status: "missed" | "empty",
    first: Date,
    last: Date,
    error: string | null,
    now: Date,
  ): void;
  list(filter?: { status?: DeliveryStatus; subscription?: string }): LedgerRow[];
}

/** The stable key of a delivery: 24 characters, fits a Discord nonce (25). */
export function deliveryKey(subscription: string, slot: string, destination: string): string {
  return createHash("sha256")
    .update(`${subscription}\u0000${slot}\u0000${destination}`)
    .digest("base64url")
    .slice(0, 24);
}

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

export function createLedger(db: Database.Database): Ledger {
  const subscriptions = createSubscriptions(db);
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
      `INSERT INTO deliveries (subscription, slot, until, destination, delivery_key, status, error, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    lastRow: db.prepare<[string, string], DeliveryRow>(
      "SELECT * FROM deliveries WHERE subscription = ? AND destination = ? ORDER BY slot DESC, id DESC LIMIT 1",
    ),
    extend: db.prepare("UPDATE deliveries SET until = ?, updated_at = ? WHERE id = ? AND (until IS NULL OR until < ?)"),
    addArticle: db.prepare(
      "INSERT INTO delivery_articles (delivery_id, article_id, position, shown) VALUES (?, ?, ?, ?)",
    ),
    setMore: db.prepare("UPDATE deliveries SET more = ?, until = ? WHERE id = ?"),
    articlesOf: db.prepare<[number], { article_id: string; shown: number }>(
      "SELECT article_id, shown FROM delivery_articles WHERE delivery_id = ? ORDER BY position",
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

  const candidates = createCandidates(db, subscriptions);
  const lookFrom = candidates.lookFrom;

  /** Choose the articles of a claimed delivery and write them down; none chosen, none written. */
  const compose = (row: DeliveryRow, subscription: StoredSubscription, rules: ComposeRules): Carried => {
    const { ids, from } = candidates.choose(subscription, row.destination, row.slot, rules);
    const shown = ids.slice(0, subscription.maxCards);
    const more = ids.slice(subscription.maxCards);
    for (const [i, id] of ids.entries()) q.addArticle.run(row.id, id, i, i < shown.length ? 1 : 0);
    q.setMore.run(more.length, null, row.id);
    return { shown, more, from };
  };

  const insertClaim = (
    subscription: string,
    slot: string,
    destination: string,
    owner: string,
    leaseUntil: Date,
    now: Date,
  ) => {
    const key = deliveryKey(subscription, slot, destination);
    const stamp = now.toISOString();
    const inserted = q.insertClaim.run(
      subscription,
      slot,
      destination,
      key,
      owner,
      leaseUntil.toISOString(),
      stamp,
      stamp,
    );
    return { inserted: inserted.changes === 1, row: q.byKey.get(key) as DeliveryRow };
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
      q.record.run(
        subscription,
        firstIso,
        until,
        destination,
        deliveryKey(subscription, firstIso, destination),
        status,
        error,
        stamp,
        stamp,
      );
    },
  );

  const claimBriefingTx = db.transaction(
    (
      subscription: StoredSubscription,
      slot: Date,
      destination: string,
      claimant: { owner: string; leaseUntil: Date; now: Date },
      rules: ComposeRules,
    ): BriefingClaim => {
      const { inserted, row } = insertClaim(
        subscription.id,
        slot.toISOString(),
        destination,
        claimant.owner,
        claimant.leaseUntil,
        claimant.now,
      );
      if (!inserted) return { kind: "held", status: row.status, owner: row.owner, leaseUntil: row.lease_until };
      const carried = compose(row, subscription, rules);
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
    if (articles.length === 0 && row.status === "claimed") return compose(row, subscription, rules);
    return {
      shown: articles.filter((a) => a.shown === 1).map((a) => a.article_id),
      more: articles.filter((a) => a.shown === 0).map((a) => a.article_id),
      from: lookFrom(subscription, row.destination, rules),
    };
  });

  const claimPostTx = db.transaction(
    (
      articleId: string,
      destination: string,
      claimant: { owner: string; leaseUntil: Date; now: Date },
      windowMs: number,
    ): PostClaim => {
      const since = new Date(claimant.now.getTime() - windowMs).toISOString();
      const recent = q.recentPost.get(destination, articleId, since);
      if (recent)
        return { kind: "done", status: recent.status, messageRef: recent.message_ref, key: recent.delivery_key };
      const { inserted, row } = insertClaim(
        POST_SUBSCRIPTION,
        claimant.now.toISOString(),
        destination,
        claimant.owner,
        claimant.leaseUntil,
        claimant.now,
      );
      if (!inserted) return { kind: "done", status: row.status, messageRef: row.message_ref, key: row.delivery_key };
      q.addArticle.run(row.id, articleId, 0, 1);
      return { kind: "claimed", claim: toClaim(row) };
    },
  );

  const claimTx = db.transaction(
    (
      subscription: string,
      slot: Date,
      destination: string,
      owner: string,
      leaseUntil: Date,
      now: Date,
    ): ClaimResult => {
      const { inserted, row } = insertClaim(subscription, slot.toISOString(), destination, owner, leaseUntil, now);
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
    claim: (...args) => claimTx.immediate(...args),
    claimBriefing: (...args) => claimBriefingTx.immediate(...args),
    carried: (...args) => carriedTx.immediate(...args),
    claimPost: (...args) => claimPostTx.immediate(...args),
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
    recordRange: (...args) => recordRangeTx.immediate(...args),
    list: (filter = {}) =>
      q.list
        .all(filter.status ?? "", filter.status ?? "")
        .filter((r) => !filter.subscription || r.subscription === filter.subscription)
        .map((r) => ({
          subscription: r.subscription,
          slot: r.slot,
          ...(r.until ? { until: r.until } : {}),
          destination: r.destination,
          status: r.status,
          messageRef: r.message_ref,
          attempts: r.attempts,
          error: r.error,
          articles: q.articlesOf.all(r.id).map((a) => a.article_id),
          more: r.more,
        })),
  };
}
