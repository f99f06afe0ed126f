/** How long a library page is reused: the same page or search asked again within this answers from memory. */
export const LIBRARY_TTL_MS = 10_000;

/**
 * Values kept for a few seconds by key, at most `max` (oldest out first): the same library page
 * asked again (by several people, by one paging back) costs no query and no drawing, and a burst
 * of the same question runs it once, since the pending value is kept. What the library gains
 * meanwhile shows at most `ttlMs` later. Each value lives a little more or less than `ttlMs`
 * (`jitter`, a fraction), so that pages made together are not all made again in the same
 * instant, each in turn holding up the rest. A failure is not kept.
 */
export function createTtlCache<T>(
  options: { ttlMs?: number; max?: number; now?: () => number; jitter?: number; random?: () => number } = {},
) {
  const ttlMs = options.ttlMs ?? LIBRARY_TTL_MS;
  const max = options.max ?? 200;
  const now = options.now ?? (() => Date.now());
  const jitter = options.jitter ?? 0.25;
  const random = options.random ?? Math.random;
  const kept = new Map<string, { until: number; value: Promise<T> }>();
  return {
    get(key: string, make: () => Promise<T>): Promise<T> {
      const t = now();
      const hit = kept.get(key);
      if (hit && t <= hit.until) return hit.value;
      kept.delete(key);
      const value = make();
      value.catch(() => kept.delete(key));
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      // At most ttlMs: a value never lives longer than it says, only shorter.
      kept.set(key, { until: t + ttlMs * (1 - jitter * random()), value });
      return value;
    },
  };
}
