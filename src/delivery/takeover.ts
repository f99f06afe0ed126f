import type { Briefing } from "../schemas.ts";
import { parseDestination } from "../schemas.ts";
import type { Claim, Ledger } from "../store/port.ts";
import type { DeliveryLogger } from "./engine.ts";
import type { Pacer } from "./pacer.ts";
import { type MessageRef, type Publisher, postedSince } from "./port.ts";
import type { RunReport } from "./poster.ts";
import { EngineStopping } from "./stopping.ts";

/**
 * Resolving a claim whose owner is gone (its lease ran out, or it is known dead): take it over
 * (only one taker wins), look on the platform for the post it may have made (`find`), and only
 * when there is none post it again, within the grace window; past it, the slot is missed and its
 * articles go to the next one.
 */
export function createTakeover(deps: {
  ledger: Ledger;
  publishers: Partial<Record<string, Publisher>>;
  log: DeliveryLogger;
  now: () => Date;
  owner: string;
  leaseMs: number;
  graceMs: number;
  pacer: (publisher: Publisher) => Pacer;
  briefingOf: (claim: Claim) => Promise<Briefing | undefined>;
  post: (claim: Claim, briefing: Briefing, r: RunReport) => Promise<{ ref?: MessageRef; error?: string }>;
  /** The quote thread under a post, finished: only what it lacks is posted. */
  reply: (publisher: Publisher, ref: MessageRef, briefing: Briefing, key: string, fields: object) => Promise<void>;
}) {
  const { ledger, log, now, owner, leaseMs, graceMs, pacer } = deps;
  return async function resolve(claim: Claim & { owner: string | null }, force: boolean, r: RunReport): Promise<void> {
    const taken = await ledger.takeOver(
      claim.key,
      owner,
      new Date(now().getTime() + leaseMs),
      now(),
      force,
      claim.owner,
    );
    if (!taken) return;
    const destination = parseDestination(taken.destination);
    const publisher = deps.publishers[destination.platform];
    const fields = { subscription: taken.subscription, slot: taken.slot, destination: taken.destination };
    if (publisher) {
      let found: MessageRef | undefined;
      try {
        found = await pacer(publisher).run(() => publisher.find(destination, taken.key, postedSince(taken.slot)));
      } catch (error) {
        // Not knowing is not knowing: leave the claim for the next run rather than risk a double post.
        await ledger.release(taken.key, owner, now());
        log.warn(
          { ...fields, error: error instanceof Error ? error.message : String(error) },
          "could not check for an earlier post",
        );
        return;
      }
      if (found) {
        r.delivered++;
        // Its owner may have died between the post and its quotes: the thread is finished first.
        const briefing = await deps.briefingOf(taken);
        try {
          if (briefing) await deps.reply(publisher, found, briefing, taken.key, fields);
        } catch (error) {
          if (!(error instanceof EngineStopping)) throw error;
          // Stopped mid-thread: left claimed for the next start, which finds the post again.
          await ledger.release(taken.key, owner, now());
          return;
        }
        // The post is out: a settle that fails leaves the claim to lapse and be found again, never failed.
        try {
          await ledger.settle(taken.key, owner, "delivered", JSON.stringify(found), null, now());
          log.info({ ...fields, status: "delivered", messageRef: found, recovered: true }, "delivery");
        } catch (error) {
          log.error(
            { ...fields, messageRef: found, error: error instanceof Error ? error.message : String(error) },
            "delivery posted, not recorded",
          );
        }
        return;
      }
    }
    if (now().getTime() - Date.parse(taken.slot) > graceMs) {
      // Its articles are free again: the next slot carries them.
      await ledger.settle(taken.key, owner, "missed", null, "not posted within the grace window", now());
      r.missed++;
      log.warn({ ...fields, status: "missed" }, "delivery");
      return;
    }
    const briefing = await deps.briefingOf(taken);
    if (!briefing) {
      await ledger.settle(taken.key, owner, "failed", null, "the subscription or card no longer exists", now());
      r.failed++;
      return;
    }
    await deps.post(taken, briefing, r);
  };
}
