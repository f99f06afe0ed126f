import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { composeBriefing } from "../briefing/compose.ts";
import { slotsBetween } from "../briefing/schedule.ts";
import { type Briefing, type Destination, parseDestination } from "../schemas.ts";
import type { Claim, StoredSubscription } from "../store/ledger.ts";
import type { Store } from "../store/store.ts";
import { isDeadOwner } from "./owner.ts";
import { createPacer, type Pacer } from "./pacer.ts";
import type { MessageRef, Publisher } from "./port.ts";
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
  /** A slot missed while down is still posted when it is at most this old (default 2 hours). */
  graceMs?: number;
  /** A claim not settled within this is taken to be its owner's crash (default 10 minutes). */
  leaseMs?: number;
  retry?: RetryPolicy;
}

export interface RunReport {
  delivered: number;
  failed: number;
  missed: number;
  empty: number;
  /** Slots another process holds. */
  held: number;
}

export const DEFAULT_GRACE_MS = 2 * 3_600_000;
export const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * The delivery engine: turns subscriptions' slots into posts, each exactly once. A delivery is
 * claimed in the ledger before it is posted and settled after; a claim whose owner died is resolved
 * through the platform (`find`) before anything is posted again. Slots missed while down are
 * posted within the grace window, and recorded as missed beyond it.
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

  const report = (): RunReport => ({ delivered: 0, failed: 0, missed: 0, empty: 0, held: 0 });
  const withRetries = createRetrier({ pacer, log, sleep, retry });

  /** Deliveries this process is posting right now, whatever their lease says. */
  const inFlight = new Set<string>();

  /** Post one claimed delivery, with retries; settles the ledger either way. */
  async function post(claim: Claim, briefing: Briefing, r: RunReport): Promise<void> {
    inFlight.add(claim.key);
    try {
      await postClaimed(claim, briefing, r);
    } finally {
      inFlight.delete(claim.key);
    }
  }

  async function postClaimed(claim: Claim, briefing: Briefing, r: RunReport): Promise<void> {
    const destination = parseDestination(claim.destination);
    const publisher = options.publishers[destination.platform];
    const fields = { subscription: claim.subscription, slot: claim.slot, destination: claim.destination };
    if (!publisher) {
      const error = `no ${destination.platform} publisher is configured`;
      ledger.settle(claim.key, "failed", null, error, now());
      log.error({ ...fields, status: "failed", error }, "delivery");
      r.failed++;
      return;
    }
    let attempts = 0;
    try {
      const ref = await withRetries(
        publisher,
        fields,
        "delivery",
        () => {
          // Each try renews the lease; a claim another process took over meanwhile is not ours to post.
          const counted = ledger.attempt(claim.key, owner, now(), new Date(now().getTime() + leaseMs));
          if (counted === undefined) throw new ClaimLost();
          attempts = counted;
          return publisher.publish(destination, briefing, claim.key);
        },
        // A timeout or 5xx may have come after the platform took the post: look before posting again.
        () => publisher.find(destination, claim.key),
      );
      ledger.settle(claim.key, "delivered", JSON.stringify(ref), null, now());
      r.delivered++;
      log.info({ ...fields, status: "delivered", attempts, messageRef: ref }, "delivery");
      await replyWithQuotes(publisher, ref, briefing, fields);
    } catch (error) {
      if (error instanceof ClaimLost) {
        r.held++;
        log.warn({ ...fields, attempts }, "delivery taken over by another process");
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      ledger.settle(claim.key, "failed", null, message, now());
      r.failed++;
      log.error({ ...fields, status: "failed", attempts, error: message }, "delivery");
    }
  }

  async function replyWithQuotes(publisher: Publisher, ref: MessageRef, briefing: Briefing, fields: object) {
    if (!briefing.cards.some((c) => c.quotes.length > 0)) return;
    try {
      await withRetries(publisher, fields, "quote reply", () => publisher.reply(ref, briefing.cards));
    } catch (error) {
      // The briefing is out; a missing thread of quotes is worth an error line, not a second post.
      log.error({ ...fields, error: error instanceof Error ? error.message : String(error) }, "quote reply failed");
    }
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
        const found = await pacer(publisher).run(() => publisher.find(destination, taken.key));
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
    const slot = new Date(taken.slot);
    if (now().getTime() - slot.getTime() > graceMs) {
      ledger.settle(taken.key, "missed", null, "not posted within the grace window", now());
      r.missed++;
      log.warn({ ...fields, status: "missed" }, "delivery");
      return;
    }
    const subscription = ledger.subscriptions().find((s) => s.id === taken.subscription);
    if (!subscription) {
      ledger.settle(taken.key, "failed", null, "the subscription no longer exists", now());
      r.failed++;
      return;
    }
    await post(taken, composeBriefing(store, subscription, slot), r);
  }

  async function deliverSlot(subscription: StoredSubscription, slot: Date, r: RunReport): Promise<void> {
    const briefing = composeBriefing(store, subscription, slot);
    const leaseUntil = new Date(now().getTime() + leaseMs);
    const work: Promise<void>[] = [];
    for (const destination of subscription.destinations) {
      const result = ledger.claim(subscription.id, slot, destination, owner, leaseUntil, now());
      if (!result.claimed) {
        r.held++;
        continue;
      }
      if (briefing.cards.length === 0) {
        ledger.settle(result.claim.key, "empty", null, null, now());
        r.empty++;
        log.info({ subscription: subscription.id, slot: slot.toISOString(), destination, status: "empty" }, "delivery");
        continue;
      }
      // Every destination goes at once; each platform's pacer keeps within its limits.
      work.push(post(result.claim, briefing, r));
    }
    await Promise.all(work);
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
        for (const slot of slots) {
          if (at.getTime() - slot.getTime() > graceMs) {
            for (const destination of subscription.destinations) {
              ledger.record(
                subscription.id,
                slot,
                destination,
                "missed",
                "the bot was down at the slot and past the grace window",
                at,
              );
              r.missed++;
              log.warn(
                { subscription: subscription.id, slot: slot.toISOString(), destination, status: "missed" },
                "delivery",
              );
            }
          } else {
            await deliverSlot(subscription, slot, r);
          }
        }
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
    /** Wait for the run in flight, if any. */
    async idle(): Promise<void> {
      await running;
    },
  };
}

export type DeliveryEngine = ReturnType<typeof createDeliveryEngine>;

/** The claim was taken over by another process while this one waited: it is theirs to settle. */
class ClaimLost extends Error {}
