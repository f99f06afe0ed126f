import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { composeBriefing, firstLookbackMs } from "../briefing/compose.ts";
import { slotsBetween } from "../briefing/schedule.ts";
import type { Briefing, Destination } from "../schemas.ts";
import type { Store } from "../store/index.ts";
import { POST_SUBSCRIPTION } from "../store/keys.ts";
import type { Claim, ComposeRules, StoredSubscription } from "../store/port.ts";
import { cardBriefing, postSubscription } from "./card-post.ts";
import { startKeeper } from "./keeper.ts";
import { createPacer, type Pacer } from "./pacer.ts";
import type { MessageRef, Publisher } from "./port.ts";
import { createPoster, emptyReport, type RunReport } from "./poster.ts";
import { createRetrier, DEFAULT_RETRY, type RetryPolicy } from "./retry.ts";
import { createSlotRunner } from "./slots.ts";
import { stoppable, timerSleep } from "./stopping.ts";
import { createTakeover } from "./takeover.ts";

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
  /**
   * Stopping (SIGTERM): every wait (a backoff, a pause for a rate limit, pacing) ends at once and the
   * delivery waiting is released for the next start instead of posted or failed, so a stop never
   * waits out a Retry-After.
   */
  signal?: AbortSignal;
  /** Who claims deliveries; unique per process. */
  owner?: string;
  /** The latest slot missed while down is still posted when it is at most this old (default 2 hours). */
  graceMs?: number;
  /**
   * A claim's lease: renewed while its owner posts (each try, and every third of it while the
   * engine is kept), so a claim not renewed within this is taken to be its owner's crash (default 10 minutes).
   */
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
  const sleep = stoppable(options.sleep ?? timerSleep, options.signal);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const retry = options.retry ?? DEFAULT_RETRY;
  const maxCarried = options.maxCarried ?? DEFAULT_MAX_CARRIED;
  const postWindowMs = options.postWindowMs ?? 3_600_000;
  const pacers = new Map<string, Pacer>();
  let replicas = 1;
  let running: Promise<RunReport> | undefined;
  let again = false;

  const pacer = (publisher: Publisher): Pacer => {
    let p = pacers.get(publisher.platform);
    if (!p) {
      p = createPacer(publisher.limits, now, sleep, () => replicas);
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

  const { post, inFlight, replyWithQuotes } = createPoster({
    ledger,
    publishers: options.publishers,
    log,
    now,
    owner,
    leaseMs,
    withRetries,
  });

  /** The briefing a claimed delivery carries, from the ledger. */
  async function briefingOf(claim: Claim): Promise<Briefing | undefined> {
    if (claim.subscription === POST_SUBSCRIPTION) {
      const carried = await ledger.carried(claim.key, postSubscription(claim), rules(postSubscription(claim)));
      const card = carried.shown[0] ? await store.getCard(carried.shown[0]) : undefined;
      return card ? cardBriefing(card, new Date(claim.slot)) : undefined;
    }
    const subscription = await ledger.subscription(claim.subscription);
    if (!subscription) return undefined;
    const carried = await ledger.carried(claim.key, subscription, rules(subscription));
    return composeBriefing(store, subscription, new Date(claim.slot), carried);
  }

  /**
   * One claim's unexpected trouble (a briefing that cannot be built, a destination that cannot be
   * read, the database failing mid-claim): the claim is settled failed if it is still this
   * engine's, one line says so, and the run goes on with the other claims.
   */
  async function abandon(
    fields: { subscription: string; slot: string; destination: string },
    key: string | undefined,
    error: unknown,
    r: RunReport,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    let settled = false;
    try {
      settled = key !== undefined && (await ledger.settle(key, owner, "failed", null, message, now()));
    } catch {
      // The line below says what went wrong; the claim's lease lapses and another run resolves it.
    }
    if (settled) r.failed++;
    log.error({ ...fields, status: settled ? "failed" : "unsettled", error: message }, "delivery failed");
  }

  const resolve = createTakeover({
    ledger,
    publishers: options.publishers,
    log,
    now,
    owner,
    leaseMs,
    graceMs,
    pacer,
    briefingOf,
    post,
    // The thread under a post found on the platform: its lease renewed while it is written, as a post's is.
    reply: async (publisher, ref, briefing, key, fields) => {
      inFlight.add(key);
      try {
        await replyWithQuotes(publisher, ref, briefing, key, fields);
      } finally {
        inFlight.delete(key);
      }
    },
  });

  const { deliverSlot, recordMissed } = createSlotRunner({
    store,
    log,
    now,
    claimant,
    rules,
    post,
    abandon,
    // Claims held at most at once per slot: what a replica that dies leaves waiting for its lease.
    claimAhead: Math.max(
      4,
      2 * Math.max(0, ...Object.values(options.publishers).map((p) => p?.limits.concurrency ?? 0)),
    ),
  });

  /** When the earliest claim another owner holds lapses, as the last run saw them. */
  let nextLapse: number | undefined;

  /** The earliest lease among claims other owners hold, that no run of this engine is posting. */
  async function scanLapses(): Promise<number | undefined> {
    let lapse: number | undefined;
    for (const claim of await ledger.openClaims()) {
      if (inFlight.has(claim.key) || claim.owner === owner || claim.leaseUntil === null) continue;
      lapse = Math.min(lapse ?? Number.POSITIVE_INFINITY, Date.parse(claim.leaseUntil));
    }
    return lapse;
  }

  async function runOnce(): Promise<RunReport> {
    const r = report();
    const t = now().getTime();
    for (const claim of await ledger.openClaims()) {
      // Stopping: nothing more is taken; what is open waits for the next start.
      if (options.signal?.aborted) break;
      if (inFlight.has(claim.key)) continue;
      const leaseRuns = claim.leaseUntil !== null && Date.parse(claim.leaseUntil) >= t;
      if (claim.owner === owner && leaseRuns) continue;
      const dead = claim.owner !== owner && store.isOwnerGone(claim.owner);
      if (!dead && leaseRuns) continue;
      // Each claim on its own: one that fails leaves the others (and the due slots) to be done.
      try {
        await resolve(claim, dead, r);
      } catch (error) {
        await abandon(claim, claim.key, error, r);
      }
    }
    const at = now();
    for (const subscription of (await ledger.subscriptions()).filter((s) => s.active)) {
      if (options.signal?.aborted) break;
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
        await recordMissed(subscription, due ? slots.slice(0, -1) : slots, due, r);
        if (due) await deliverSlot(subscription, due, r);
        await ledger.setCheckedUntil(subscription.id, at);
      } catch (error) {
        log.error(
          { subscription: subscription.id, error: error instanceof Error ? error.message : String(error) },
          "subscription failed",
        );
      }
    }
    // Claims another replica holds now (taken while this run posted) lapse when it stops renewing them.
    nextLapse = await scanLapses();
    return r;
  }

  async function runDue(): Promise<RunReport> {
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
  }

  return {
    owner,
    /**
     * Handle every slot that has come since the last run, and every claim whose owner is gone.
     * Concurrent calls share one run (and one more after it, if asked for meanwhile).
     */
    runDue,
    /**
     * Keep the engine's leases while it runs for long (`serve`): renew what it posts, count the live
     * replicas to share the platforms' rate limits with, and run again when another owner's claim
     * lapses. Stop it before closing the store.
     */
    keep: (keepOptions: { presenceMs?: number } = {}) =>
      startKeeper({
        store,
        owner,
        leaseMs,
        now,
        log,
        inFlight: () => [...inFlight],
        setReplicas: (n) => {
          replicas = Math.max(1, n);
        },
        nextLapse: () => nextLapse,
        runDue,
        ...keepOptions,
      }),
    /**
     * Post one card to a channel (a "Post to channel" button) through the ledger, the pacer and
     * the retries, with its quote thread. Clicks within the post window make one post.
     */
    async postCard(articleId: string, destination: string): Promise<PostOutcome> {
      const card = await store.getCard(articleId);
      if (!card) return { status: "no-card" };
      const result = await ledger.claimPost(articleId, destination, claimant(), postWindowMs);
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
