import { join } from "node:path";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../briefing/definitions.ts";
import { createDeliveryEngine, type DeliveryEngine, type DeliveryLogger } from "../delivery/engine.ts";
import type { Publisher } from "../delivery/port.ts";
import type { DeliveryRecord, DeliveryStatus } from "../schemas.ts";
import type { StoredSubscription } from "../store/ledger.ts";
import { openStore, type Store } from "../store/store.ts";

/** What the composition root wires in for `serve`. */
export interface Platforms {
  publishers: Partial<Record<Publisher["platform"], Publisher>>;
  /** Start listening (Slack's receiver, Discord's gateway). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The file in the data folder where the console publisher notes what it printed. */
export const CONSOLE_TRANSCRIPT = "console-transcript.jsonl";

/** What `serve` needs from the composition root: platforms, a scheduler, a logger, a stop signal. */
export interface ServeIO {
  stdout: (text: string) => void;
  now: () => Date;
  log: DeliveryLogger;
  /**
   * The platforms to serve on the store: their publishers (the console always, Slack and Discord
   * when configured) and what listens for their slash commands.
   */
  platforms: (store: Store, options: { json: boolean; transcript: string }) => Platforms;
  /** Wakes the engine on the subscriptions' schedules (node-cron). */
  startScheduler: (engine: DeliveryEngine, subscriptions: readonly StoredSubscription[]) => { stop(): Promise<void> };
  untilStopped?: () => AbortSignal;
  /** The catch-up grace window (default 2 hours). */
  graceMs?: number;
}

/**
 * `briefbot serve`: sync the briefing definitions, resolve what a previous run left unsettled,
 * catch up on missed slots, then post on schedule until SIGTERM or SIGINT, when what is in
 * flight finishes and the command returns 0.
 */
export async function runServe(
  opts: { json?: boolean; dataDir: string; briefingsDir: string },
  io: ServeIO,
): Promise<number> {
  const definitions = await loadDefinitions(opts.briefingsDir);
  const signal = io.untilStopped?.();
  const store = openStore({ dataDir: opts.dataDir, now: io.now });
  try {
    store.ledger.syncSubscriptions(DEFINITIONS_ORIGIN, definitions, io.now());
    const platforms = io.platforms(store, {
      json: Boolean(opts.json),
      transcript: join(opts.dataDir, CONSOLE_TRANSCRIPT),
    });
    const engine = createDeliveryEngine({
      store,
      publishers: platforms.publishers,
      log: io.log,
      now: io.now,
      ...(io.graceMs !== undefined ? { graceMs: io.graceMs } : {}),
    });
    await platforms.start();
    const active = store.ledger.subscriptions().filter((s) => s.active);
    io.log.info({ subscriptions: active.map((s) => `${s.id} (${s.schedule} ${s.timezone})`) }, "serving");
    const first = await engine.runDue();
    io.log.info({ ...first }, "caught up");
    const scheduler = io.startScheduler(engine, active);
    await new Promise<void>((resolve) => {
      if (!signal || signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    io.log.info({}, "stopping: finishing what is in flight");
    await scheduler.stop();
    await engine.idle();
    await platforms.stop();
    return 0;
  } finally {
    store.close();
  }
}

/** `briefbot deliveries [--failed]`: the ledger, oldest slot first. */
export function runDeliveries(
  opts: { failed?: boolean; json?: boolean; dataDir: string },
  io: { stdout: (t: string) => void },
): number {
  const store = openStore({ dataDir: opts.dataDir });
  let rows: DeliveryRecord[];
  try {
    rows = store.ledger.list(opts.failed ? { status: "failed" as DeliveryStatus } : {});
  } finally {
    store.close();
  }
  if (opts.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.stdout(opts.failed ? "No failed deliveries.\n" : "No deliveries yet.\n");
  } else {
    io.stdout(
      `${rows
        .map(
          (r) =>
            `${r.slot}  ${r.subscription}  ${r.destination}  ${r.status}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ""}${r.error ? `  ${r.error}` : ""}`,
        )
        .join("\n")}\n`,
    );
  }
  return 0;
}
