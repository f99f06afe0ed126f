import { join } from "node:path";
import { isoInZone } from "../briefing/clock.ts";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../briefing/definitions.ts";
import type { PlatformConfig } from "../config.ts";
import { ConnectAborted } from "../connect.ts";
import { createDeliveryEngine } from "../delivery/engine.ts";
import { BriefbotError } from "../errors.ts";
import { consoleAccessProblem } from "../listen.ts";
import type { DeliveryRecord, DeliveryStatus } from "../schemas.ts";
import type { CommandContext, Paths, Platforms } from "./context.ts";
import { type LibraryPlace, openLibrary, readLibrary } from "./library.ts";

export type { Platforms } from "./context.ts";

/** The file in the data folder where the console publisher notes what it printed. */
export const CONSOLE_TRANSCRIPT = "console-transcript.jsonl";

/**
 * `briefbot serve`: sync the briefing definitions, open the HTTP server (health, Slack), connect
 * the platforms, resolve what a previous run left unsettled, catch up, then post on schedule until
 * SIGTERM or SIGINT (honoured at any moment, start-up included), when what is in flight finishes
 * and the command returns 0.
 */
export async function runServe(opts: { json?: boolean } & Paths, ctx: CommandContext): Promise<number> {
  const signal = ctx.untilStopped();
  const settings = await ctx.settings();
  const config = await ctx.platformConfig();
  const refused = consoleAccessProblem(config.host, config.console);
  if (refused) throw new BriefbotError("CONFIG", refused);
  const log = await ctx.logger();
  const definitions = await loadDefinitions(opts.briefingsDir, definitionRules(config));
  const store = await openLibrary(opts, {
    now: ctx.now,
    ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}),
  });
  let platforms: Platforms | undefined;
  let keeper: { started: Promise<void>; stop(): Promise<void> } | undefined;
  try {
    log.info({ engine: store.engine, library: store.location, schema: store.schema.to }, "library open");
    // A wrong or missing BRIEFBOT_ENCRYPTION_KEY is found now, not at the first post that needs a token.
    // Only where installations are used: Slack through OAuth.
    const tokens = config.slack?.oauth ? await store.installations.verify() : { resealed: 0 };
    if (tokens.resealed > 0) log.info({ resealed: tokens.resealed }, "installations kept plain are sealed now");
    // Every replica syncs the same definitions: the upserts make that harmless.
    await store.ledger.syncSubscriptions(DEFINITIONS_ORIGIN, definitions, ctx.now());
    platforms = await ctx.platforms(store, {
      json: Boolean(opts.json),
      transcript: join(opts.dataDir, CONSOLE_TRANSCRIPT),
      log,
      dataDir: opts.dataDir,
      leaseMs: settings.leaseSeconds * 1000,
    });
    const port = await platforms.listen();
    log.info(
      {
        port,
        health: "/healthz",
        ready: "/readyz",
        ...(config.console.enabled ? { console: consoleUrl(config.host, port) } : {}),
      },
      "listening",
    );
    const engine = createDeliveryEngine({
      store,
      publishers: platforms.publishers,
      log,
      now: ctx.now,
      graceMs: settings.graceMinutes * 60_000,
      leaseMs: settings.leaseSeconds * 1000,
      signal,
    });
    try {
      await platforms.start({ postCard: engine.postCard, signal });
    } catch (error) {
      if (error instanceof ConnectAborted) return 0;
      throw error;
    }
    if (signal.aborted) return 0;
    const active = (await store.ledger.subscriptions()).filter((s) => s.active);
    log.info(
      {
        briefings: opts.briefingsDir,
        from: opts.briefingsFrom,
        library: store.location,
        platforms: ["console", ...platforms.configured],
        subscriptions: active.map((s) => `${s.id} (${s.schedule} ${s.timezone})`),
      },
      "serving",
    );
    keeper = engine.keep();
    await keeper.started;
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
    return 0;
  } finally {
    await keeper?.stop();
    await platforms?.stop();
    await store.close();
  }
}

/** Where a person opens the web console. */
export function consoleUrl(host: string, port: number): string {
  const name = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

/** The platforms a definition may name: the console always, Slack and Discord when configured. */
export function configuredPlatforms(config: PlatformConfig): Set<string> {
  return new Set(["console", ...(config.slack ? ["slack"] : []), ...(config.discord ? ["discord"] : [])]);
}

/** What the definitions are checked against: the platforms served, and whether Slack channels need their workspace. */
export function definitionRules(config: PlatformConfig): { platforms: Set<string>; slackWorkspaceRequired: boolean } {
  return {
    platforms: configuredPlatforms(config),
    slackWorkspaceRequired: Boolean(config.slack && !config.slack.botToken),
  };
}

/** `briefbot deliveries [--failed]`: the ledger, oldest slot first. */
export async function runDeliveries(
  opts: { failed?: boolean; json?: boolean } & LibraryPlace,
  io: { stdout: (t: string) => void },
): Promise<number> {
  const rows: DeliveryRecord[] = await readLibrary(opts, async (store) => {
    if (!store) return [];
    const zones = new Map((await store.ledger.subscriptions()).map((s) => [s.id, s.timezone]));
    return (await store.ledger.list(opts.failed ? { status: "failed" as DeliveryStatus } : {})).map((r) => ({
      ...r,
      slotLocal: isoInZone(new Date(r.slot), zones.get(r.subscription) ?? "UTC"),
    }));
  });
  if (opts.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.stdout(opts.failed ? "No failed deliveries.\n" : "No deliveries yet.\n");
  } else {
    io.stdout(
      `${rows
        .map(
          (r) =>
            `${r.slotLocal}${r.until ? ` … ${r.until}` : ""}  ${r.subscription}  ${r.destination}  ${r.status}${r.articles.length ? `  ${r.articles.length} article${r.articles.length === 1 ? "" : "s"}${r.more ? ` (${r.more} as +more)` : ""}` : ""}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ""}${r.error ? `  ${r.error}` : ""}`,
        )
        .join("\n")}\n`,
    );
  }
  return 0;
}
