/** Waits the delivery engine can cut short when briefbot stops. */

/** What a wait says when the engine is stopping: the delivery is left for the next start. */
export class EngineStopping extends Error {
  constructor() {
    super("briefbot is stopping");
  }
}

export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** A wait that ends, throwing EngineStopping, as soon as the signal is aborted. */
export function stoppable(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  signal: AbortSignal | undefined,
): (ms: number) => Promise<void> {
  return async (ms) => {
    if (signal?.aborted) throw new EngineStopping();
    await sleep(ms, signal);
    if (signal?.aborted) throw new EngineStopping();
  };
}
