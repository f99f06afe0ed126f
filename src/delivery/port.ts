import { BriefbotError } from "../errors.ts";
import type { Briefing, BriefingCard, Destination } from "../schemas.ts";

/** A posted message, as the platform names it: enough to reply in its thread or to find it. */
export interface MessageRef {
  platform: Destination["platform"];
  channel: string;
  /** Slack `ts`, Discord message id, or the console's line id. */
  id: string;
}

/** What the engine may ask of a platform at once. */
export interface PublisherLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Messages per second the platform allows this bot; the engine paces itself to it. */
  perSecond?: number;
}

/**
 * The port every platform implements: Slack, Discord, and the console (the embedded default).
 *
 * @example
 * const ref = await publisher.publish(parseDestination("console"), briefing, "k1");
 * await publisher.reply(ref, briefing.cards);
 */
export interface Publisher {
  readonly platform: Destination["platform"];
  readonly limits: PublisherLimits;
  /** Post a briefing; `deliveryId` travels with the message so that {@link find} can see it. */
  publish(destination: Destination, briefing: Briefing, deliveryId: string): Promise<MessageRef>;
  /**
   * Reply in the message's thread with the cards' quotes, each with its speaker. Called again after
   * a partial failure, it posts only what the thread lacks: no quote message twice.
   */
  reply(ref: MessageRef, cards: readonly BriefingCard[], deliveryId: string): Promise<void>;
  /**
   * The message posted for `deliveryId`, if the platform has it: how a crash is resolved. It was
   * posted after `since` (its slot, less a few minutes of clock skew): the channel's history is
   * read back to then, however busy the channel, and no further.
   */
  find(destination: Destination, deliveryId: string, since: Date): Promise<MessageRef | undefined>;
}

/**
 * A publisher's failure. `retryable` failures (rate limits, 5xx, timeouts) are tried again after
 * `retryAfterMs` or a backoff; the others (unknown channel, no access, bad auth) are final.
 */
export class PublishError extends BriefbotError {
  readonly platform: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** The platform's own error code: `channel_not_found`, `50001`, `429`… */
  readonly platformCode?: string;
  constructor(
    platform: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; platformCode?: string; cause?: unknown },
  ) {
    super("FETCH", `${platform}: ${message}`, { cause: options.cause });
    this.platform = platform;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.platformCode = options.platformCode;
  }
}

/** Clock skew allowed between briefbot and a platform when looking for a post made after its slot. */
const FIND_SKEW_MS = 5 * 60_000;

/** Where {@link Publisher.find} starts looking for a delivery of `slot`: a post cannot be older. */
export function postedSince(slot: string): Date {
  return new Date(Date.parse(slot) - FIND_SKEW_MS);
}
