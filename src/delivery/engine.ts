import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { composeBriefing, firstLookbackMs } from "../briefing/compose.ts";
import { slotsBetween } from "../briefing/schedule.ts";
import { type Briefing, type Destination, parseDestination } from "../schemas.ts";
import { type Claim, type ComposeRules, POST_SUBSCRIPTION, type StoredSubscription } from "../store/ledger.ts";
import type { Store } from "../store/store.ts";
import { cardBriefing, postSubscription } from "./card-post.ts";
import { isDeadOwner } from "./owner.ts";
import { createPacer, type Pacer } from "./pacer.ts";
import { type MessageRef, type Publisher, postedSince } from "./port.ts";
import { createPoster, emptyReport, type RunReport } from "./poster.ts";
import { createRetrier, DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";

/** Structured log lines: pino's `(object, message)` shape. */
export interface DeliveryLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface EngineOptions {
  store: Store;
  publishers: Partial<Record<Destination["platform"], Publisher>>;
  log: DeliveryLogger;
  /** The clock; injected so tests never wait for a tick. */
  now?: () => Date;
  /** How the engine waits (backoff, pacing); injected likewise. */
  sleep?: (ms: number) => Promise<void>;
  /** Who claims deliveries; unique per process. */
  owner?: string;
  /** The latest slot missed while down is still posted when it is at most this old (default 2 hours). */
  graceMs?: number;
  /** A claim not settled within this is taken to be its owner's crash (default 10 minutes). */
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Articles at most in one briefing, shown and named as "+N more" together (default 1,000). */
  maxCarried?: number;
  /** Clicks on a card's post button within this are one post (default 1 hour). */
  postWindowMs?: number;
}

export type { RunReport } from "./poster.ts";

/** What became of a card posted from a button. */
export type PostOutcome =
  | { status: "posted"; ref: MessageRef }
  | { status: "already"; ref?: MessageRef }
  | { status: "failed"; error: string }
  | { status: "no-card" };

export const DEFAULT_GRACE_MS = 2 * 3_600_000;
export const DEFAULT_LEASE_MS = 10 * 60_000;
/** A briefing looks back this much before its last delivered slot: an article stored late is still seen. */
export const OVERLAP_MS = 3_600_000;
/** Articles at most in one briefing unless `maxCarried` says otherwise. */
export const DEFAULT_MAX_CARRIED = 1_000;

/**
 * The delivery engine: turns subscriptions' slots into posts, each exactly once, and each article
 * to each destination once. A delivery is claimed in the ledger, with the articles it carries,
 * before it is posted, and settled after; a claim whose owner died is resolved through the platform
 * (`find`) before anything is posted again. After downtime, the latest slot within the grace window
 * is posted with everything not yet delivered and the slots before it are one missed range. Cards
 * posted from a button go the same way: claimed, paced, retried, recorded.
 *
 * @example
 * const engine = createDeliveryEngine({ store, publishers: { console: consolePublisher }, log });
 * await engine.runDue(); // call on every schedule tick, and once at start
 */
export function createDeliveryEngine(options: EngineOptions) {
  const { store, log } = options;
  const ledger = store.ledger;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxCarried = options.maxCarried ?? DEFAULT_MAX_CARRIED;
  const postWindowMs = options.postWindowMs ?? 3_600_000;
  const pacers = new Map<string, Pacer>();
  let running: Promise<RunReport> | undefined;
  let again = false;

  const pacer = (publisher: Publisher): Pacer => {
    let p = pacers.get(publisher.platform);
    if (!p) {
      p = createPacer(publisher.limits, now, sleep);
      pacers.set(publisher.platform, p);
    }
    return p;
  };
  const rules = (s: StoredSubscription): ComposeRules => ({
    lookbackMs: firstLookbackMs(s),
    overlapMs: OVERLAP_MS,
    maxCarried,
  });
  const claimant = () => ({ owner, leaseUntil: new Date(now().getTime() + leaseMs), now: now() });
  const report = emptyReport;
  const withRetries = createRetrier({ pacer, log, sleep, retry });

  const { post, inFlight } = createPoster({
    ledger,
    publishers: options.publishers,
    log,
    now,
    owner,
    leaseMs,
    withRetries,
  });

  /** The briefing a claimed delivery carries, from the ledger. */
  function briefingOf(claim: Claim): Briefing | undefined {
    if (claim.subscription === POST_SUBSCRIPTION) {
      const carried = ledger.carried(claim.key, postSubscription(claim), rules(postSubscription(claim)));
      const card = carried.shown[0] ? store.getCard(carried.shown[0]) : undefined;
      return card ? cardBriefing(card, new Date(claim.slot)) : undefined;
    }
    const subscription = ledger.subscription(claim.subscription);
    if (!subscription) return undefined;
    const carried = ledger.carried(claim.key, subscription, rules(subscription));
    return composeBriefing(store, subscription, new Date(claim.slot), carried);
  }

  /** A claim left by a dead owner: found on the platform, posted again within grace, or missed. */
  async function resolve(claim: Claim & { owner: string | null }, force: boolean, r: RunReport): Promise<void> {
    const taken = ledger.takeOver(claim.key, owner, new Date(now().getTime() + leaseMs), now(), force, claim.owner);
    if (!taken) return;
    const destination = parseDestination(taken.destination);
    const publisher = options.publishers[destination.platform];
    const fields = { subscription: taken.subscription, slot: taken.slot, destination: taken.destination };
    if (publisher) {
      try {
        const found = await pacer(publisher).run(() => publisher.find(destination, taken.key, postedSince(taken.slot)));
        if (found) {
          ledger.settle(taken.key, "delivered", JSON.stringify(found), null, now());
          r.delivered++;
          log.info({ ...fields, status: "delivered", messageRef: found, recovered: true }, "delivery");
          return;
        }
      } catch (error) {
        // Not knowing is not knowing: leave the claim for the next run rather than risk a double post.
        ledger.release(taken.key, now());
        log.warn(
          { ...fields, error: error instanceof Error ? error.message : String(error) },
          "could not check for an earlier post",
        );
        return;
      }
    }
    if (now().getTime() - Date.parse(taken.slot) > graceMs) {
      // Its articles are free again: the next slot carries them.
      ledger.settle(taken.key, "missed", null, "not posted within the grace window", now());
      r.missed++;
      log.warn({ ...fields, status: "missed" }, "delivery");
      return;
    }
    const briefing = briefingOf(taken);
    if (!briefing) {
      ledger.settle(taken.key, "failed", null, "the subscription or card no longer exists", now());
      r.failed++;
      return;
    }
    await post(taken, briefing, r);
  }

  async function deliverSlot(subscription: StoredSubscription, slot: Date, r: RunReport): Promise<void> {
    const work: Promise<unknown>[] = [];
    for (const destination of subscription.destinations) {
      const result = ledger.claimBriefing(subscription, slot, destination, claimant(), rules(subscription));
      const fields = { subscription: subscription.id, slot: slot.toISOString(), destination };
      if (result.kind === "held") {
        r.held++;
        continue;
      }
      if (result.kind === "empty") {
        r.empty++;
        log.info({ ...fields, status: "empty", articles: [] }, "delivery");
        continue;
      }
      const briefing = composeBriefing(store, subscription, slot, result.carried);
      // Every destination goes at once; each platform's pacer keeps within its limits.
      work.push(post(result.claim, briefing, r));
    }
    await Promise.all(work);
  }

  /** Slots before the one posted (or all, when none is within grace) become one missed range per destination. */
  function recordMissed(subscription: StoredSubscription, missed: Date[], posted: Date | undefined, r: RunReport) {
    const first = missed[0];
    const last = missed.at(-1);
    if (!first || !last) return;
    const reason = posted
      ? `not posted: the bot was down; the slot of ${posted.toISOString()} carries their articles`
      : "not posted: the bot was down past the grace window; their articles wait for the next slot";
    for (const destination of subscription.destinations) {
      ledger.recordRange(subscription.id, destination, "missed", first, last, reason, now());
      r.missed++;
      log.warn(
        {
          subscription: subscription.id,
          slot: first.toISOString(),
          until: last.toISOString(),
          slots: missed.length,
          destination,
          status: "missed",
        },
        "delivery",
      );
    }
  }

  async function runOnce(): Promise<RunReport> {
    const r = report();
    const t = now().getTime();
    for (const claim of ledger.openClaims()) {
      if (inFlight.has(claim.key)) continue;
      const leaseRuns = claim.leaseUntil !== null && Date.parse(claim.leaseUntil) >= t;
      if (claim.owner === owner && leaseRuns) continue;
      const dead = claim.owner !== owner && isDeadOwner(claim.owner);
      if (dead || !leaseRuns) await resolve(claim, dead, r);
    }
    const at = now();
    for (const subscription of ledger.subscriptions().filter((s) => s.active)) {
      // One subscription that cannot be served (a zone this runtime lacks) never holds up the rest.
      try {
        const slots = slotsBetween(
          subscription.schedule,
          subscription.timezone,
          new Date(subscription.checkedUntil),
          at,
        );
        const latest = slots.at(-1);
        const due = latest && at.getTime() - latest.getTime() <= graceMs ? latest : undefined;
        recordMissed(subscription, due ? slots.slice(0, -1) : slots, due, r);
        if (due) await deliverSlot(subscription, due, r);
        ledger.setCheckedUntil(subscription.id, at);
      } catch (error) {
        log.error(
          { subscription: subscription.id, error: error instanceof Error ? error.message : String(error) },
          "subscription failed",
        );
      }
    }
    return r;
  }

  return {
    owner,
    /**
     * Handle every slot that has come since the last run, and every claim a dead process left.
     * Concurrent calls share one run (and one more after it, if asked for meanwhile).
     */
    async runDue(): Promise<RunReport> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        const total = report();
        do {
          again = false;
          const r = await runOnce();
          for (const k of Object.keys(total) as Array<keyof RunReport>) total[k] += r[k];
        } while (again);
        return total;
      })();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    /**
     * Post one card to a channel (a "Post to channel" button) through the ledger, the pacer and
     * the retries, with its quote thread. Clicks within the post window make one post.
     */
    async postCard(articleId: string, destination: string): Promise<PostOutcome> {
      const card = store.getCard(articleId);
      if (!card) return { status: "no-card" };
      const result = ledger.claimPost(articleId, destination, claimant(), postWindowMs);
      if (result.kind === "done") {
        return { status: "already", ...(result.messageRef ? { ref: JSON.parse(result.messageRef) } : {}) };
      }
      const outcome = await post(result.claim, cardBriefing(card, now()), report());
      return outcome.ref
        ? { status: "posted", ref: outcome.ref }
        : { status: "failed", error: outcome.error ?? "the post did not go through" };
    },
    /** Wait for the run in flight, if any. */
    async idle(): Promise<void> {
      await running;
    },
  };
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;
