import { BriefbotError } from "./errors.ts";

/** The platform was asked to stop connecting (SIGINT or SIGTERM during start-up). */
export class ConnectAborted extends Error {}

export interface ConnectOptions {
  /** Which platform, for the log lines: `slack`, `discord`. */
  name: string;
  /** One try; it should give up when `signal` aborts. */
  attempt: (signal: AbortSignal) => Promise<void>;
  /**
   * A failure no retry mends (a wrong token): return the one line that names what to fix, and
   * start-up stops with it. Anything else (the network, a 5xx) is tried again.
   */
  fatal: (error: unknown) => string | undefined;
  log: { warn(fields: object, message: string): void };
  /** Start-up stops (without an error) when this aborts. */
  signal?: AbortSignal;
  /** How long one try may take before it counts as failed (default 15 s). */
  deadlineMs?: number;
  /** Waits between tries, doubling from `firstDelayMs` up to `maxDelayMs` (default 1 s and 60 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Connect to a platform at start-up the way an operator wants it: a wrong credential stops at once
 * with one line naming the variable; an unreachable platform is tried again, with a deadline on
 * each try and a growing wait between them, one log line each, for as long as it takes; a stop
 * signal ends it at any moment.
 *
 * @throws {BriefbotError} `CONFIG` with the fatal line; {@link ConnectAborted} when stopped.
 */
export async function connectWithRetries(options: ConnectOptions): Promise<void> {
  const deadline = options.deadlineMs ?? 15_000;
  const sleep = options.sleep ?? abortableSleep;
  let delay = options.firstDelayMs ?? 1_000;
  for (let tries = 1; ; tries++) {
    if (options.signal?.aborted) throw new ConnectAborted();
    const attempt = new AbortController();
    const timer = setTimeout(
      () => attempt.abort(new Error(`no answer within ${Math.round(deadline / 1000)} s`)),
      deadline,
    );
    const onStop = () => attempt.abort(new ConnectAborted());
    options.signal?.addEventListener("abort", onStop, { once: true });
    try {
      await Promise.race([
        options.attempt(attempt.signal),
        new Promise<never>((_, reject) =>
          attempt.signal.addEventListener("abort", () => reject(attempt.signal.reason), { once: true }),
        ),
      ]);
      return;
    } catch (error) {
      if (options.signal?.aborted || error instanceof ConnectAborted) throw new ConnectAborted();
      const line = options.fatal(error);
      if (line) throw new BriefbotError("CONFIG", line, { cause: error });
      const reason = error instanceof Error ? error.message : String(error);
      options.log.warn(
        { platform: options.name, tries, retryInMs: delay, error: reason },
        `${options.name} unreachable: retrying until it answers (stop with Ctrl-C or SIGTERM)`,
      );
      await sleep(delay, options.signal);
      delay = Math.min(options.maxDelayMs ?? 60_000, delay * 2);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onStop);
    }
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
