import { fileURLToPath } from "node:url";
import pino from "pino";
import { createTerminalProgress } from "../adapters/console/progress.ts";
import { createConsolePublisher } from "../adapters/console/publisher.ts";
import { renderCardLine, renderCardText } from "../adapters/console/render.ts";
import { createDiscordAdapter, createRestPublisher, registerCommandsWith } from "../adapters/discord/app.ts";
import { startDiscordShards } from "../adapters/discord/shards.ts";
import { startCronScheduler } from "../adapters/schedule/cron.ts";
import { createSlackAdapter } from "../adapters/slack/app.ts";
import { runCli } from "./cli.ts";
import { loadConfig } from "./config.ts";
import { BriefbotError } from "./errors.ts";
import { openStore } from "./store/store.ts";

const BUNDLED_BRIEFINGS = fileURLToPath(new URL("../briefings/", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/briefbot.js", import.meta.url));

/** The composition root: wires the console adapter to the core and runs the command line. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    process.stderr.write(`briefbot: ${error.message}\n`);
    return 1;
  }
  const color = Boolean(process.stdout.isTTY) && config.color;
  const style = { color, width: process.stdout.columns };
  const untilStopped = (): AbortSignal => {
    const stop = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
    return stop.signal;
  };
  // Logs are structured, one JSON line each, on standard error: standard output is the product.
  const log = pino({ base: undefined, redact: ["token", "*.token", "headers.authorization"] }, pino.destination(2));
  return runCli(argv.length === 0 ? ["brief"] : argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    renderCard: (card) => renderCardText(card, style),
    renderCardLine: (card) => renderCardLine(card, style),
    progress: () => createTerminalProgress(process.stderr),
    briefingsDir: config.briefingsDir ?? BUNDLED_BRIEFINGS,
    dataDir: config.dataDir,
    stdin: process.stdin,
    now: () => new Date(),
    fetch: { timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes },
    untilStopped,
    graceMs: config.graceMinutes * 60_000,
    log,
    platforms: (store, { json, transcript }) => {
      const consolePublisher = createConsolePublisher({
        write: (text) => process.stdout.write(text),
        json,
        color,
        width: process.stdout.columns,
        transcript,
      });
      const slack = config.slack ? createSlackAdapter({ config: config.slack, store, log }) : undefined;
      const sharded = config.discord?.shards !== undefined;
      // Sharded, the gateway runs in the ShardingManager's processes; here only REST, for posting.
      const discord =
        config.discord && !sharded ? createDiscordAdapter({ config: config.discord, store, log }) : undefined;
      const discordPublisher = discord?.publisher ?? (config.discord ? createRestPublisher(config.discord) : undefined);
      let shards: Awaited<ReturnType<typeof startDiscordShards>> | undefined;
      return {
        publishers: {
          console: consolePublisher,
          ...(slack ? { slack: slack.publisher } : {}),
          ...(discordPublisher ? { discord: discordPublisher } : {}),
        },
        async start() {
          if (slack) {
            const port = await slack.start();
            log.info(
              { platform: "slack", port, socketMode: Boolean(config.slack?.appToken) },
              "slack adapter listening",
            );
          }
          if (discord) {
            await discord.start();
            log.info({ platform: "discord", guilds: discord.client.guilds.cache.size }, "discord adapter ready");
          }
          if (config.discord?.shards !== undefined) {
            const dataDir = store.file.replace(/[/\\][^/\\]+$/, "");
            shards = await startDiscordShards({
              config: { ...config.discord, shards: config.discord.shards },
              file: BIN,
              args: ["discord", "shard", "--data-dir", dataDir],
              log,
            });
            log.info({ platform: "discord", shards: shards.count }, "discord adapter ready");
          }
        },
        async stop() {
          await slack?.stop();
          await discord?.stop();
          await shards?.stop();
        },
      };
    },
    runDiscordShard: async (dataDir) => {
      if (!config.discord)
        throw new BriefbotError("CONFIG", "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to run a Discord shard");
      const stopped = untilStopped();
      const store = openStore({ dataDir });
      const shard = createDiscordAdapter({ config: config.discord, store, log });
      try {
        await shard.start();
        await new Promise<void>((resolve) => {
          if (stopped.aborted) resolve();
          stopped.addEventListener("abort", () => resolve(), { once: true });
        });
      } finally {
        await shard.stop();
        store.close();
      }
    },
    registerDiscordCommands: async (guildId) => {
      if (!config.discord) {
        throw new BriefbotError(
          "CONFIG",
          "set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register the Discord commands",
        );
      }
      return registerCommandsWith(config.discord, guildId);
    },
    startScheduler: (engine, subscriptions) =>
      startCronScheduler(engine, subscriptions, (error) => log.error({ error: String(error) }, "scheduled run failed")),
  });
}
