import type { Store } from "../store/port.ts";
import type { DeliveryLogger } from "./engine.ts";

/** A replica counts as live while its presence lease runs: this long, renewed three times as often. */
export const PRESENCE_MS = 15_000;
/** The lease names of live replicas start with this. */
export const REPLICA_LEASE = "replica:";

/**
 * What a long-running engine (`serve`) does between its runs, on real timers:
 * - renews the leases of the claims it is posting (so that no other replica takes over a slow
 *   post: a lease lapses only when its owner stops renewing, that is, dies or loses the database);
 * - keeps a presence lease, and counts the live replicas, whose number splits the platforms' rate
 *   limits (a limit is per bot token, whichever replica posts);
 * - wakes the engine when a claim another owner holds lapses, to resolve it then rather than at
 *   the next scheduled tick.
 */
export function startKeeper(deps: {
  store: Store;
  owner: string;
  leaseMs: number;
  now: () => Date;
  log: DeliveryLogger;
  /** The claims being posted right now. */
  inFlight: () => string[];
  /** Told how many replicas are live. */
  setReplicas: (n: number) => void;
  /** When a claim held by another owner lapses next, if any. */
  nextLapse: () => number | undefined;
  runDue: () => Promise<unknown>;
  presenceMs?: number;
}): { started: Promise<void>; stop(): Promise<void> } {
  const { store, owner, leaseMs, now, log } = deps;
  // A replica that dies stops counting within half its claims' lease (a short lease, a short absence):
  // the survivors take its share of the rate soon; one counted out by a long pause only meets a 429.
  const presenceMs = deps.presenceMs ?? Math.max(1_000, Math.min(PRESENCE_MS, leaseMs / 2));
  const name = `${REPLICA_LEASE}${owner}`;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();

  const beat = async () => {
    const t = now();
    try {
      await store.ledger.renew(deps.inFlight(), owner, t, new Date(t.getTime() + leaseMs));
      await store.leases.acquire(name, owner, new Date(t.getTime() + presenceMs), t);
      deps.setReplicas((await store.leases.live(REPLICA_LEASE, t)).length);
    } catch (error) {
      // The database is out of reach: the leases lapse, and other replicas take over what this one held.
      log.warn({ error: error instanceof Error ? error.message : String(error) }, "could not renew leases");
    }
  };
  const every = Math.max(250, Math.min(leaseMs, presenceMs) / 3);
  // Counted at once, before the first post: a replica that starts beside others never posts at the whole rate.
  const timer = setInterval(() => {
    busy = busy.then(beat);
  }, every);
  timer.unref();
  busy = beat();

  let wake: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  const watch = setInterval(() => {
    const at = deps.nextLapse();
    if (at === undefined || stopped || at >= wakeAt) return;
    wakeAt = at;
    clearTimeout(wake);
    wake = setTimeout(
      () => {
        wakeAt = Number.POSITIVE_INFINITY;
        deps.runDue().catch((error) => log.error({ error: String(error) }, "run after a lapsed lease failed"));
      },
      Math.max(0, at - now().getTime()) + 100,
    );
    wake.unref();
  }, 500);
  watch.unref();

  const started = busy;
  return {
    /** The first beat is done: the live replicas are counted, this one among them. */
    started,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(watch);
      clearTimeout(wake);
      await busy;
      await store.leases.release(name, owner).catch(() => undefined);
    },
  };
}
