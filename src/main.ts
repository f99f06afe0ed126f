import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { runCli } from "./cli.ts";
import type { CommandContext, Platforms, Terminal } from "./commands/context.ts";
import type { PlatformConfig, Settings } from "./config.ts";
import type { DeliveryLogger } from "./delivery/engine.ts";
import { loadDotEnv } from "./env-file.ts";
import { BriefbotError } from "./errors.ts";
import { BIN, BUNDLED_BRIEFINGS } from "./paths.ts";
import type { Subscription } from "./schemas.ts";
import type { Store } from "./store/index.ts";
import type { Summarizer } from "./summarize/port.ts";

/** Field paths pino blanks in every log line, whatever logged them. */
const REDACT = ["token", "*.token", "botToken", "*.botToken", "headers.authorization", "*.headers.authorization"];

/**
 * The composition root: the one place adapters meet the core. Everything is made on first use,
 * through dynamic imports, so that `--help` loads no configuration and no platform library, and
 * `brief` no database.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // A long-running command stops cleanly on the first SIGINT or SIGTERM, even one sent while it starts.
  if (isLongRunning(argv)) stopSignal();
  try {
    loadDotEnv(process.cwd(), env);
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    process.stderr.write(`briefbot: ${error.message}\n`);
    return 1;
  }
  const once = <T>(make: () => T): (() => T) => {
    let made: { value: T } | undefined;
    return () => {
      made ??= { value: make() };
      return made.value;
    };
  };
  const settings = once(async (): Promise<Settings> => (await import("./config.ts")).loadSettings(env));
  const platformConfig = once(
    async (): Promise<PlatformConfig> => (await import("./config.ts")).loadPlatformConfig(env),
  );
  const color = async () => Boolean(process.stdout.isTTY) && (await settings()).color;

  const logger = once(async (): Promise<DeliveryLogger> => {
    const { default: pino } = await import("pino");
    const { logLevel, color: colorOn } = await settings();
    const options = { base: undefined, level: logLevel, redact: REDACT };
    // Readable lines for a person at a terminal; JSON lines for everything else.
    const stream = process.stderr.isTTY
      ? (await import("pino-pretty")).default({ destination: 2, sync: true, colorize: colorOn, ignore: "pid,hostname" })
      : pino.destination({ dest: 2, sync: true });
    const log = pino(options, stream);
    return { info: log.info.bind(log), warn: log.warn.bind(log), error: log.error.bind(log) };
  });

  const ctx: CommandContext = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    now: () => new Date(),
    settings,
    platformConfig,
    bundledBriefings: BUNDLED_BRIEFINGS,
    summarizer: once(
      async (): Promise<Summarizer> => (await import("./summarize/port.ts")).createExtractiveSummarizer(),
    ),
    terminal: once(async (): Promise<Terminal> => {
      const render = await import("../adapters/console/render.ts");
      const bar = process.stderr.isTTY ? await import("../adapters/console/progress.ts") : undefined;
      const style = { color: await color(), width: process.stdout.columns };
      return {
        renderCard: (card) => render.renderCardText(card, style),
        renderCardLine: (card) => render.renderCardLine(card, style),
        progress: () => bar?.createTerminalProgress(process.stderr),
      };
    }),
    logger,
    untilStopped: () => stopSignal(),
    platforms: async (store, options) => platforms(store, options, await platformConfig(), await color()),
    consoleServer: async (store, options) => {
      const config = await platformConfig();
      const { createHttpServer } = await import("../adapters/http/server.ts");
      const http = createHttpServer();
      http.ready({
        name: "store",
        check: async () => {
          await store.countArticles();
          return "ok";
        },
      });
      await mountConsole(http, store, config, options.log, options);
      return { listen: () => http.listen(config.port, config.host), stop: () => http.close() };
    },
    migrate: async (place) => {
      const { openLibrary } = await import("./commands/library.ts");
      const store = await openLibrary(place);
      try {
        return { engine: store.engine, library: store.location, from: store.schema.from, version: store.schema.to };
      } finally {
        await store.close();
      }
    },
    startScheduler: async (engine, _subscriptions, log) => {
      const { startCronScheduler } = await import("../adapters/schedule/cron.ts");
      return startCronScheduler(engine, log);
    },
    registerDiscordCommands: async (guildId) => {
      const { discord } = await platformConfig();
      if (!discord) {
        throw new BriefbotError(
          "CONFIG",
          "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the Discord commands",
        );
      }
      const { registerCommandsWith } = await import("../adapters/discord/app.ts");
      return registerCommandsWith(discord, guildId);
    },
    discordInvite: async () => {
      const id = (await import("./config.ts")).loadDiscordApplicationId(env);
      const { discordInvite } = await import("../adapters/discord/invite.ts");
      return discordInvite(id);
    },
    runDiscordShard: async (place) => {
      const { discord } = await platformConfig();
      if (!discord)
        throw new BriefbotError("CONFIG", "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to run a Discord shard");
      const [
        { createDiscordAdapter },
        { holdGateway, shardLeaseName, SHARD_LEASE_MS },
        { openLibrary },
        { createDeliveryEngine },
        log,
        { leaseSeconds },
      ] = await Promise.all([
        import("../adapters/discord/app.ts"),
        import("../adapters/discord/gateway-lease.ts"),
        import("./commands/library.ts"),
        import("./delivery/engine.ts"),
        logger(),
        settings(),
      ]);
      const stopped = ctx.untilStopped();
      const store = await openLibrary(place);
      const shard = createDiscordAdapter({ config: discord, store, log });
      // A shard posts only what its servers' buttons ask for; the schedules stay with serve.
      const engine = createDeliveryEngine({ store, publishers: { discord: shard.publisher }, log });
      const { shards, shardCount } = shard.client.options;
      const id = Array.isArray(shards) ? (shards[0] ?? 0) : 0;
      // Every replica runs every shard's process; the shard's lease decides which one connects.
      const gateway = holdGateway({
        ttlMs: Math.min(SHARD_LEASE_MS, leaseSeconds * 1000),
        leases: store.leases,
        name: shardLeaseName(id, shardCount ?? 1),
        owner: engine.owner,
        log,
        connect: () => shard.start({ postCard: engine.postCard, signal: stopped }),
        disconnect: () => shard.stop(),
      });
      try {
        try {
          // On standby the ShardingManager must still hear "ready", or its spawn waits and fails.
          if ((await gateway.decided) === "standby") process.send?.({ _ready: true });
        } catch (error) {
          if (error instanceof (await import("./connect.ts")).ConnectAborted) return;
          throw error;
        }
        await new Promise<void>((resolve) => {
          if (stopped.aborted) resolve();
          stopped.addEventListener("abort", () => resolve(), { once: true });
        });
      } finally {
        await gateway.stop();
        await store.close();
      }
    },
  };

  return runCli(argv.length === 0 ? ["brief"] : argv, ctx);
}

/**
 * The console publisher always; Slack and Discord when configured; briefbot's HTTP server on
 * `PORT` for `/healthz`, `/readyz` and Slack's receiver.
 */
async function platforms(
  store: Store,
  options: { json: boolean; transcript: string; log: DeliveryLogger; dataDir: string; leaseMs: number },
  config: PlatformConfig,
  color: boolean,
): Promise<Platforms> {
  const { log } = options;
  const [{ createConsolePublisher }, { createHttpServer }] = await Promise.all([
    import("../adapters/console/publisher.ts"),
    import("../adapters/http/server.ts"),
  ]);
  const consolePublisher = createConsolePublisher({
    write: (text) => process.stdout.write(text),
    json: options.json,
    color,
    width: process.stdout.columns,
    transcript: options.transcript,
  });
  const http = createHttpServer();
  http.ready({
    name: "store",
    check: async () => {
      await store.countArticles();
      return "ok";
    },
  });
  await mountConsole(http, store, config, log);
  const slackModule = config.slack ? await import("../adapters/slack/app.ts") : undefined;
  const discordModule = config.discord ? await import("../adapters/discord/app.ts") : undefined;
  const slack = config.slack && slackModule?.createSlackAdapter({ config: config.slack, store, log });
  const sharded = config.discord?.shards !== undefined;
  // Sharded, the gateway runs in the ShardingManager's processes; here only REST, for posting.
  const discord =
    config.discord && !sharded
      ? discordModule?.createDiscordAdapter({ config: config.discord, store, log })
      : undefined;
  const discordPublisher =
    discord?.publisher ?? (config.discord ? discordModule?.createRestPublisher(config.discord) : undefined);
  if (slack) http.ready({ name: "slack", check: () => slack.readiness() });
  let gateway: { stop(): Promise<void>; state(): string } | undefined;
  // On standby (another replica holds the gateway), this one is still ready: it posts through REST.
  if (discord)
    http.ready({ name: "discord", check: () => (gateway?.state() === "standby" ? "ok" : discord.readiness()) });
  let shards: { count: number; stop(): Promise<void> } | undefined;
  if (sharded) http.ready({ name: "discord", check: () => (shards ? "ok" : "starting shards") });
  return {
    configured: [config.slack ? "slack" : "", config.discord ? "discord" : ""].filter(Boolean),
    publishers: {
      console: consolePublisher,
      ...(slack ? { slack: slack.publisher } : {}),
      ...(discordPublisher ? { discord: discordPublisher } : {}),
    },
    listen: () => http.listen(config.port, config.host),
    async start({ postCard, signal }) {
      if (slack) {
        await slack.start({ http, postCard, signal });
        log.info({ platform: "slack", socketMode: Boolean(config.slack?.appToken) }, "slack adapter ready");
      }
      if (discord) {
        // One gateway connection across replicas: the shard's lease decides which replica connects.
        const { holdGateway, shardLeaseName, SHARD_LEASE_MS } = await import("../adapters/discord/gateway-lease.ts");
        const held = holdGateway({
          ttlMs: Math.min(SHARD_LEASE_MS, options.leaseMs),
          leases: store.leases,
          name: shardLeaseName(0, 1),
          owner: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
          log,
          connect: () => discord.start({ postCard, signal }),
          disconnect: () => discord.stop(),
        });
        gateway = held;
        const state = await held.decided;
        log.info(
          { platform: "discord", gateway: state, guilds: discord.client.guilds.cache.size },
          "discord adapter ready",
        );
      }
      if (config.discord?.shards !== undefined) {
        const { startDiscordShards } = await import("../adapters/discord/shards.ts");
        shards = await startDiscordShards({
          config: { ...config.discord, shards: config.discord.shards },
          file: BIN,
          // The shards inherit the environment, BRIEFBOT_DATABASE_URL included.
          args: ["discord", "shard", "--data-dir", options.dataDir],
          log,
        });
        log.info({ platform: "discord", shards: shards.count }, "discord adapter ready");
      }
    },
    async stop() {
      await slack?.stop();
      if (gateway) await gateway.stop();
      else await discord?.stop();
      await shards?.stop();
      await http.close();
    },
  };
}

/** The web console at `/` of briefbot's HTTP server, unless `BRIEFBOT_CONSOLE=off`. */
async function mountConsole(
  http: { mount(prefix: string, listener: import("node:http").RequestListener): void },
  store: Store,
  config: PlatformConfig,
  log: DeliveryLogger,
  definitions: { definitions?: Subscription[]; problems?: string[] } = {},
): Promise<void> {
  if (!config.console.enabled) return;
  const [{ createConsoleListener }, { createStoreData }] = await Promise.all([
    import("../adapters/web/app.tsx"),
    import("../adapters/web/store-data.ts"),
  ]);
  const data = createStoreData({ store, ...definitions });
  http.mount(
    "/",
    createConsoleListener({ data, log, ...(config.console.token ? { token: config.console.token } : {}) }),
  );
}

let stopping: AbortController | undefined;

/** Aborted on the first SIGINT or SIGTERM, from the moment it is first asked for. */
function stopSignal(): AbortSignal {
  if (!stopping) {
    const stop = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
    stopping = stop;
  }
  return stopping.signal;
}

/** `serve`, `console`, `poll --watch`, `discord shard`: the commands that run until they are stopped. */
function isLongRunning(argv: readonly string[]): boolean {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    // The global options' values are no command: `--data-dir serve` names a folder.
    if (a === "--data-dir" || a === "--briefings-dir") i++;
    else if (!a.startsWith("-")) words.push(a);
  }
  // The command is the first word: `briefbot search serve` is a search.
  const [command, sub] = words;
  return (
    command === "serve" ||
    command === "console" ||
    (command === "poll" && argv.includes("--watch")) ||
    (command === "discord" && sub === "shard")
  );
}
