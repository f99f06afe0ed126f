import type { FeedRow } from "./port.ts";

/** Default polling interval of a feed: 15 minutes. */
export const DEFAULT_FEED_INTERVAL_SECONDS = 900;

/** Whether a feed's interval has passed since its last poll, as of `at`. */
export const isDue =
  (at: Date) =>
  (f: FeedRow): boolean =>
    !f.lastPolledAt || Date.parse(f.lastPolledAt) + f.intervalSeconds * 1000 <= at.getTime();
