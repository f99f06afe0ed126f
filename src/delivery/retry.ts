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
