import { composeBriefing } from "../briefing/compose.ts";
import type { Briefing } from "../schemas.ts";
import type { Claim, Claimant, ComposeRules, Store, StoredSubscription } from "../store/port.ts";
import type { DeliveryLogger } from "./engine.ts";
import type { MessageRef } from "./port.ts";
import type { RunReport } from "./poster.ts";

/** A due slot's deliveries, and the missed slots before it. */
export function createSlotRunner(deps: {
  store: Store;
  log: DeliveryLogger;
  now: () => Date;
  claimant: () => Claimant;
  rules: (s: StoredSubscription) => ComposeRules;
  post: (claim: Claim, briefing: Briefing, r: RunReport) => Promise<{ ref?: MessageRef; error?: string }>;
  /** A destination's claim that failed unexpectedly: settled failed (when claimed), one line logged. */
  abandon: (
    fields: { subscription: string; slot: string; destination: string },
    key: string | undefined,
    error: unknown,
    r: RunReport,
  ) => Promise<void>;
  claimAhead: number;
}) {
  const { store, log, now, claimant, rules, post, abandon, claimAhead } = deps;
  const ledger = store.ledger;

  /**
   * Claim and post a slot's deliveries a few at a time, not all at once: replicas on one database
   * share the destinations as they go, and one that dies leaves only a few claims to lapse.
   */
  async function deliverSlot(subscription: StoredSubscription, slot: Date, r: RunReport): Promise<void> {
    const destinations = subscription.destinations;
    let next = 0;
    const worker = async () => {
      while (next < destinations.length) {
        const destination = destinations[next++] as string;
        const fields = { subscription: subscription.id, slot: slot.toISOString(), destination };
        let key: string | undefined;
        // Each destination on its own: one that fails leaves the slot's others to be posted.
        try {
          const result = await ledger.claimBriefing(subscription, slot, destination, claimant(), rules(subscription));
          if (result.kind === "held") {
            r.held++;
            continue;
          }
          if (result.kind === "empty") {
            r.empty++;
            log.info({ ...fields, status: "empty", articles: [] }, "delivery");
            continue;
          }
          key = result.claim.key;
          const briefing = await composeBriefing(store, subscription, slot, result.carried);
          // Each platform's pacer keeps within its limits, whatever runs at once.
          await post(result.claim, briefing, r);
        } catch (error) {
          await abandon(fields, key, error, r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(claimAhead, destinations.length) }, worker));
  }

  /** Slots before the one posted (or all, when none is within grace) become one missed range per destination. */
  async function recordMissed(
    subscription: StoredSubscription,
    missed: Date[],
    posted: Date | undefined,
    r: RunReport,
  ) {
    const first = missed[0];
    const last = missed.at(-1);
    if (!first || !last) return;
    const reason = posted
      ? `not posted: the bot was down; the slot of ${posted.toISOString()} carries their articles`
      : "not posted: the bot was down past the grace window; their articles wait for the next slot";
    for (const destination of subscription.destinations) {
      await ledger.recordRange(subscription.id, destination, "missed", first, last, reason, now());
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

  return { deliverSlot, recordMissed };
}
