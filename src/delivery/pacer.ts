import type { PublisherLimits } from "./port.ts";

/** Keeps one platform's requests within its limits: so many at once, so many a second. */
export interface Pacer {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** The platform said "slow down": no task starts for `ms` (Slack's and Discord's own clients do the same). */
  pause(ms: number): void;
}

/**
 * A pacer for a publisher's limits: at most `concurrency` tasks in flight, and starts spaced
 * `1000 / perSecond` ms apart. Time and waiting are injected, as everywhere in delivery. With
 * `share`, the rate is split among that many live replicas (a platform's limit is per bot token,
 * whichever replica posts), read afresh for every start.
 */
export function createPacer(
  limits: PublisherLimits,
  now: () => Date,
  sleep: (ms: number) => Promise<void>,
  share: () => number = () => 1,
): Pacer {
  const spacingNow = () => (limits.perSecond ? (1000 * Math.max(1, share())) / limits.perSecond : 0);
  let active = 0;
  let nextStart = 0;
  let pausedUntil = 0;
  const waiting: Array<() => void> = [];

  const acquire = async () => {
    // `while`: a task arriving between a release and the woken waiter's start must wait too.
    while (active >= limits.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    // Count from when the wait ends, not from a clock read after it: a clock that a test holds
    // still (or that jumps) never makes this loop.
    let t = now().getTime();
    if (pausedUntil > t) {
      await sleep(pausedUntil - t);
      t = pausedUntil;
    }
    const spacing = spacingNow();
    if (spacing === 0) return;
    // Starts sit on a grid `spacing` apart: the rate holds however long each call takes.
    const start = Math.max(t, nextStart);
    nextStart = start + spacing;
    if (start > t) await sleep(start - t);
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now().getTime() + ms);
    },
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
