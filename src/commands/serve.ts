import { join } from "node:path";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../briefing/definitions.ts";
import { createDeliveryEngine } from "../delivery/engine.ts";
import type { DeliveryRecord, DeliveryStatus } from "../schemas.ts";
import { openStore } from "../store/store.ts";
import type { CommandContext, Paths } from "./context.ts";
import { readLibrary } from "./library.ts";

export type { Platforms } from "./context.ts";

/** The file in the data folder where the console publisher notes what it printed. */
export const CONSOLE_TRANSCRIPT = "console-transcript.jsonl";

/**
 * `briefbot serve`: sync the briefing definitions, resolve what a previous run left unsettled,
 * catch up on missed slots, then post on schedule until SIGTERM or SIGINT, when what is in
 * flight finishes and the command returns 0.
 */
export async function runServe(opts: { json?: boolean } & Paths, ctx: CommandContext): Promise<number> {
  const settings = await ctx.settings();
  await ctx.platformConfig();
  const log = await ctx.logger();
  const definitions = await loadDefinitions(opts.briefingsDir);
  const signal = ctx.untilStopped();
  const store = openStore({ dataDir: opts.dataDir, now: ctx.now });
  try {
    store.ledger.syncSubscriptions(DEFINITIONS_ORIGIN, definitions, ctx.now());
    const platforms = await ctx.platforms(store, {
      json: Boolean(opts.json),
      transcript: join(opts.dataDir, CONSOLE_TRANSCRIPT),
      log,
    });
    const engine = createDeliveryEngine({
      store,
      publishers: platforms.publishers,
      log,
      now: ctx.now,
      graceMs: settings.graceMinutes * 60_000,
    });
    await platforms.start();
    const active = store.ledger.subscriptions().filter((s) => s.active);
    log.info(
      {
        briefings: opts.briefingsDir,
        from: opts.briefingsFrom,
        library: store.file,
        platforms: ["console", ...platforms.configured],
        subscriptions: active.map((s) => `${s.id} (${s.schedule} ${s.timezone})`),
      },
      "serving",
    );
    const first = await engine.runDue();
    log.info({ ...first }, "caught up");
    const scheduler = await ctx.startScheduler(engine, active, log);
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    log.info({}, "stopping: finishing what is in flight");
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
  const rows: DeliveryRecord[] = readLibrary(
    opts.dataDir,
    (store) => store?.ledger.list(opts.failed ? { status: "failed" as DeliveryStatus } : {}) ?? [],
  );
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
