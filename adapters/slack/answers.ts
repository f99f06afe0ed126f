/**
 * Answering slash commands after their acknowledgement: the lookups (CPU) a few at a time and in
 * order, behind the acks; the answers (network, to `response_url`) each on its own with a deadline,
 * so one dead `response_url` never delays anyone else's. Past `maxWaiting`, a command is told that
 * briefbot is busy. Stopping waits a little for what is in flight, then drops the rest.
 */
export interface AnswerQueueOptions {
  /** Lookups worked on at once (default 2). */
  concurrency?: number;
  /** Commands waiting for a lookup or for their answer to go out, beyond which a new one is turned away (default 200). */
  maxWaiting?: number;
  /** How long one answer may take to reach `response_url` (default 10 s). */
  respondTimeoutMs?: number;
  /** How long stopping waits for what is in flight (default 3 s). */
  drainMs?: number;
}

export function createAnswerQueue(options: AnswerQueueOptions = {}) {
  const concurrency = options.concurrency ?? 2;
  const maxWaiting = options.maxWaiting ?? 200;
  const respondTimeoutMs = options.respondTimeoutMs ?? 10_000;
  const waiting: Array<() => Promise<void>> = [];
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  let running = 0;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
  };
  const pump = () => {
    while (running < concurrency && waiting.length > 0 && !stopping.signal.aborted) {
      const task = waiting.shift() as () => Promise<void>;
      running++;
      // A macrotask later: the acks already in the event queue go out first. The task is tracked
      // from now, so stopping waits for it; if stopping began meanwhile, it does not start.
      const work = new Promise<void>((resolve) => {
        setImmediate(() => {
          (stopping.signal.aborted ? Promise.resolve() : task())
            .catch(() => undefined)
            .finally(() => {
              running--;
              resolve();
              pump();
            });
        });
      });
      track(work);
    }
  };

  return {
    /**
     * Queue a lookup; false when too many are waiting (or briefbot is stopping), and the caller
     * should say so in its acknowledgement.
     */
    push(task: () => Promise<void>): boolean {
      if (stopping.signal.aborted || waiting.length + inFlight.size >= maxWaiting) return false;
      waiting.push(task);
      pump();
      return true;
    },
    /**
     * POST an answer to a `response_url`, within the deadline, without holding a lookup's place.
     * Rejects when the deadline passes or the server says no.
     */
    respond(url: string, body: unknown): Promise<void> {
      const work = (async () => {
        const signal = AbortSignal.any([AbortSignal.timeout(respondTimeoutMs), stopping.signal]);
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal,
        });
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
      })();
      const settled = work.catch(() => undefined);
      track(settled);
      return work;
    },
    /** Take nothing more; wait up to `drainMs` for what is in flight, then abort it. */
    async stop(): Promise<void> {
      waiting.length = 0;
      const drained = Promise.allSettled([...inFlight]);
      const timer = new Promise((resolve) => setTimeout(resolve, options.drainMs ?? 3_000).unref());
      await Promise.race([drained, timer]);
      stopping.abort();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 500).unref())]);
    },
    get waiting() {
      return waiting.length;
    },
  };
}
