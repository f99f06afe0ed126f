import { type MessageRef, PublishError, type Publisher } from "../../src/delivery/port.ts";
import type { Briefing, BriefingCard, Destination } from "../../src/schemas.ts";

/** A failure the fake platform answers with, once per publish attempt, in order. */
export type Fault =
  | { kind: "429"; retryAfterMs: number }
  | { kind: "5xx"; status?: number }
  | { kind: "timeout" }
  | { kind: "permanent"; code: string };

export interface Posted {
  destination: string;
  deliveryId: string;
  briefing: Briefing;
  ref: MessageRef;
}

/**
 * A test fake of the Publisher port (not of our own code): a platform that keeps what it was
 * sent, answers `find` from that, and fails on cue per channel.
 */
export function createFlakyPublisher(limits: Publisher["limits"] = { concurrency: 4 }) {
  const posted: Posted[] = [];
  const replies: Array<{ ref: MessageRef; quotes: number }> = [];
  const faults = new Map<string, Fault[]>();
  let attempts = 0;
  let inFlight = 0;
  let findFailures = 0;
  let findDelayMs = 0;
  let maxInFlight = 0;
  const publisher: Publisher = {
    platform: "slack",
    limits,
    async publish(destination: Destination, briefing: Briefing, deliveryId: string) {
      attempts++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await Promise.resolve();
        const fault = faults.get(destination.channel)?.shift();
        if (fault?.kind === "429") {
          throw new PublishError("slack", "ratelimited", {
            retryable: true,
            retryAfterMs: fault.retryAfterMs,
            platformCode: "429",
          });
        }
        if (fault?.kind === "5xx") throw new PublishError("slack", `HTTP ${fault.status ?? 503}`, { retryable: true });
        if (fault?.kind === "timeout") throw new PublishError("slack", "timed out", { retryable: true });
        if (fault?.kind === "permanent")
          throw new PublishError("slack", fault.code, { retryable: false, platformCode: fault.code });
        const ref: MessageRef = { platform: "slack", channel: destination.channel, id: `${posted.length + 1}.000` };
        posted.push({ destination: `slack:${destination.channel}`, deliveryId, briefing, ref });
        return ref;
      } finally {
        inFlight--;
      }
    },
    async reply(ref: MessageRef, cards: readonly BriefingCard[]) {
      replies.push({ ref, quotes: cards.reduce((n, c) => n + c.quotes.length, 0) });
    },
    async find(_destination: Destination, deliveryId: string) {
      if (findDelayMs > 0) await new Promise((r) => setTimeout(r, findDelayMs));
      if (findFailures > 0) {
        findFailures--;
        throw new PublishError("slack", "history unavailable", { retryable: true });
      }
      return posted.find((p) => p.deliveryId === deliveryId)?.ref;
    },
  };
  return {
    publisher,
    posted,
    replies,
    /** The next `n` lookups fail; every lookup takes `delayMs`. */
    findTrouble(n: number, delayMs = 0) {
      findFailures = n;
      findDelayMs = delayMs;
    },
    failNext(channel: string, ...sequence: Fault[]) {
      faults.set(channel, [...(faults.get(channel) ?? []), ...sequence]);
    },
    get attempts() {
      return attempts;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}
