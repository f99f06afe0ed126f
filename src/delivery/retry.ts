import type { DeliveryLogger } from "./engine.ts";
import type { Pacer } from "./pacer.ts";
import { PublishError, type Publisher } from "./port.ts";
import { EngineStopping } from "./stopping.ts";

/** How often, and how patiently, a failing post is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 1_000, maxMs: 60_000 };
/** Rate-limit answers waited out for one delivery before it counts as failed. */
export const MAX_RATE_LIMITED = 100;

/** Exponential backoff with a cap; the jitter is deterministic per attempt to keep runs repeatable. */
export function backoff(attempt: number, policy: RetryPolicy): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(exp * (0.75 + (0.25 * ((attempt * 7919) % 11)) / 10));
}

/**
 * Call the platform until it answers: a rate limit pauses every call to that platform for as long
 * as it says and is not counted as a failure; a 5xx or timeout is tried again after a backoff, up
 * to the retry policy, first asking `recheck` whether the last try went through after all; anything
 * else is final. Throws the last error.
 */
export function createRetrier(deps: {
  pacer: (publisher: Publisher) => Pacer;
  log: DeliveryLogger;
  sleep: (ms: number) => Promise<void>;
  retry: RetryPolicy;
}) {
  const { pacer, log, sleep, retry } = deps;
  return async function withRetries<T>(
    publisher: Publisher,
    fields: object,
    what: string,
    call: () => Promise<T>,
    recheck?: () => Promise<T | undefined>,
  ): Promise<T> {
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      try {
        return await pacer(publisher).run(call);
      } catch (error) {
        const retryable = error instanceof PublishError ? error.retryable : false;
        const retryAfter = error instanceof PublishError ? error.retryAfterMs : undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (retryable && retryAfter !== undefined && rateLimited < MAX_RATE_LIMITED) {
          rateLimited++;
          pacer(publisher).pause(retryAfter);
          log.warn({ ...fields, retryInMs: retryAfter, error: message }, `${what} rate limited`);
          continue;
        }
        failures++;
        if (!retryable || failures >= retry.attempts) throw error;
        const wait = backoff(failures, retry);
        log.warn({ ...fields, failures, retryInMs: wait, error: message }, `${what} retry`);
        await sleep(wait);
        const already = recheck
          ? await pacer(publisher)
              .run(recheck)
              .catch((e) => {
                // A stop while looking is no answer: never post again on it.
                if (e instanceof EngineStopping) throw e;
                return undefined;
              })
          : undefined;
        if (already !== undefined) return already;
      }
    }
  };
}
