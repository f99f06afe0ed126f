import { type Briefing, parseDestination } from "../schemas.ts";
import type { Claim, Ledger } from "../store/port.ts";
import type { DeliveryLogger } from "./engine.ts";
import { type MessageRef, type Publisher, postedSince } from "./port.ts";
import type { createRetrier } from "./retry.ts";
import { EngineStopping } from "./stopping.ts";

export interface RunReport {
  delivered: number;
  failed: number;
  missed: number;
  empty: number;
  /** Slots another process holds. */
  held: number;
}

export const emptyReport = (): RunReport => ({ delivered: 0, failed: 0, missed: 0, empty: 0, held: 0 });

/**
 * Posting one claimed delivery: the post with its retries (each renewing the claim's lease, and
 * looking on the platform before trying again after a timeout), the quote thread, then the settle.
 */
export function createPoster(deps: {
  ledger: Ledger;
  publishers: Partial<Record<string, Publisher>>;
  log: DeliveryLogger;
  now: () => Date;
  owner: string;
  leaseMs: number;
  withRetries: ReturnType<typeof createRetrier>;
}) {
  const { ledger, log, now, owner, leaseMs, withRetries } = deps;
  const options = { publishers: deps.publishers };
  /** Deliveries this process is posting right now, whatever their lease says. */
  const inFlight = new Set<string>();

  /** Post one claimed delivery, with retries; settles the ledger either way. */
  async function post(claim: Claim, briefing: Briefing, r: RunReport): Promise<{ ref?: MessageRef; error?: string }> {
    inFlight.add(claim.key);
    try {
      return await postClaimed(claim, briefing, r);
    } finally {
      inFlight.delete(claim.key);
    }
  }

  async function postClaimed(
    claim: Claim,
    briefing: Briefing,
    r: RunReport,
  ): Promise<{ ref?: MessageRef; error?: string }> {
    const destination = parseDestination(claim.destination);
    const publisher = options.publishers[destination.platform];
    const fields = {
      subscription: claim.subscription,
      slot: claim.slot,
      destination: claim.destination,
      articles: briefing.articles ?? [],
    };
    if (!publisher) {
      const error = `no ${destination.platform} publisher is configured`;
      await ledger.settle(claim.key, owner, "failed", null, error, now());
      log.error({ ...fields, status: "failed", error }, "delivery");
      r.failed++;
      return { error };
    }
    let attempts = 0;
    let ref: MessageRef;
    try {
      ref = await withRetries(
        publisher,
        fields,
        "delivery",
        async () => {
          // Each try renews the lease; a claim another process took over meanwhile is not ours to post.
          const counted = await ledger.attempt(claim.key, owner, now(), new Date(now().getTime() + leaseMs));
          if (counted === undefined) throw new ClaimLost();
          attempts = counted;
          return publisher.publish(destination, briefing, claim.key);
        },
        // A timeout or 5xx may have come after the platform took the post: look before posting again.
        () => publisher.find(destination, claim.key, postedSince(claim.slot)),
      );
    } catch (error) {
      if (error instanceof EngineStopping) {
        // Not posted, not failed: the next start (or another replica) posts it, within the grace window.
        await ledger.release(claim.key, owner, now());
        log.info({ ...fields, attempts }, "delivery left for the next start: stopping");
        return { error: error.message };
      }
      if (error instanceof ClaimLost) {
        r.held++;
        log.warn({ ...fields, attempts }, "delivery taken over by another process");
        return { error: "taken over by another process" };
      }
      const message = error instanceof Error ? error.message : String(error);
      await ledger.settle(claim.key, owner, "failed", null, message, now());
      r.failed++;
      log.error({ ...fields, status: "failed", attempts, error: message }, "delivery");
      return { error: message };
    }
    // The post is out, whatever the ledger says next: a settle that fails is not a failed post (the
    // claim stays claimed, its lease lapses, and `find` settles it), and one another process took
    // over meanwhile is theirs to settle. The quote thread goes first: a process that dies before
    // settling leaves a claim whose taker finds the post and finishes the thread (replies post only
    // what a thread lacks), so a crash between the post and its quotes loses no quote.
    r.delivered++;
    try {
      await replyWithQuotes(publisher, ref, briefing, claim.key, fields);
    } catch (error) {
      if (!(error instanceof EngineStopping)) throw error;
      // Stopped mid-thread: not settled, so the next start finds the post and finishes its thread.
      await ledger.release(claim.key, owner, now());
      log.info({ ...fields, messageRef: ref }, "quote thread left for the next start: stopping");
      return { ref };
    }
    try {
      if (await ledger.settle(claim.key, owner, "delivered", JSON.stringify(ref), null, now()))
        log.info({ ...fields, status: "delivered", attempts, messageRef: ref }, "delivery");
      else log.warn({ ...fields, attempts, messageRef: ref }, "delivery posted, settled by another process");
    } catch (error) {
      log.error(
        { ...fields, attempts, messageRef: ref, error: error instanceof Error ? error.message : String(error) },
        "delivery posted, not recorded",
      );
    }
    return { ref };
  }

  async function replyWithQuotes(
    publisher: Publisher,
    ref: MessageRef,
    briefing: Briefing,
    deliveryId: string,
    fields: object,
  ) {
    if (!briefing.cards.some((c) => c.quotes.length > 0)) return;
    try {
      // A retry after a partial failure posts only what the thread lacks (the publisher looks).
      await withRetries(publisher, fields, "quote reply", () => publisher.reply(ref, briefing.cards, deliveryId));
    } catch (error) {
      if (error instanceof EngineStopping) throw error;
      // The briefing is out; a missing thread of quotes is worth an error line, not a second post.
      log.error({ ...fields, error: error instanceof Error ? error.message : String(error) }, "quote reply failed");
    }
  }

  return { post, inFlight, replyWithQuotes };
}

/** The claim was taken over by another process while this one waited: it is theirs to settle. */
class ClaimLost extends Error {}
