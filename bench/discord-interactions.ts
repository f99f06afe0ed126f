/**
 * Discord benchmark (issue 6): interaction round trip (INTERACTION_CREATE sent by the fake gateway →
 * the interaction callback received by the fake REST API), p50 and p99 over 1,000 `/brief topic:…`
 * interactions, against a bare discord.js client replying with a constant, in the same run. Each
 * client has its own fake Discord so that only one answers each interaction.
 *
 * `npm run bench:discord [-- --interactions 1000 --concurrency 20]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, Events, GatewayIntentBits, MessageFlags } from "discord.js";
import { createDiscordAdapter } from "../adapters/discord/app.ts";
import { listArticleFiles } from "../src/article/files.ts";
import { ingestSources } from "../src/ingest/ingest.ts";
import { openStore } from "../src/store/store.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "../test/fakes/discord/server.ts";
import { REPO_ROOT } from "./data.ts";
import { describeMachine, machineInfo, writeResults } from "./report.ts";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const INTERACTIONS = flag("interactions", 1000);
const CONCURRENCY = flag("concurrency", 20);
const TOPICS = ["oekraine", "haven", "energie", "bonds", "fares", "harlow", "volkov", "heup"];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

async function drive(fake: FakeDiscord, n: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const { id } = fake.dispatchInteraction(
        slashCommandInteraction({
          guildId: DEFAULT_GUILD_ID,
          channelId: DEFAULT_CHANNEL_ID,
          name: "brief",
          options: [{ name: "topic", type: 3, value: TOPICS[i % TOPICS.length] as string }],
        }),
      );
      for (;;) {
        const done = fake.callbacks.find((c) => c.interactionId === id);
        if (done) {
          latencies.push(done.elapsedMs);
          break;
        }
        await new Promise((r) => setImmediate(r));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return latencies;
}

const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-discord-"));
const store = openStore({ dataDir: dir });
await ingestSources(
  [join(REPO_ROOT, "briefings"), ...(await listArticleFiles(join(REPO_ROOT, "test", "fixtures", "articles")))],
  { store, summarizer: createExtractiveSummarizer() },
);

const ours = await startFakeDiscord();
const theirs = await startFakeDiscord();
const log = { info() {}, warn() {}, error() {} };
const adapter = createDiscordAdapter({
  config: { token: ours.token, applicationId: ours.applicationId, apiUrl: ours.apiUrl },
  store,
  log,
});
await adapter.start();
const bare = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: theirs.apiUrl },
  allowedMentions: { parse: [] },
});
bare.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) void interaction.reply({ content: "briefbot", flags: MessageFlags.Ephemeral });
});
const bareReady = new Promise((r) => bare.once(Events.ClientReady, r));
await bare.login(theirs.token);
await bareReady;

const machine = machineInfo();
console.log(`# Discord interaction round trip: ${INTERACTIONS} /brief interactions, ${CONCURRENCY} at once`);
console.log(`machine: ${describeMachine(machine)}\n`);
await drive(ours, 100); // warm-up
await drive(theirs, 100);
const results: Record<string, number[]> = { briefbot: [], bare: [] };
for (let round = 0; round < 2; round++) {
  const order: Array<["briefbot" | "bare", FakeDiscord]> =
    round === 0
      ? [
          ["bare", theirs],
          ["briefbot", ours],
        ]
      : [
          ["briefbot", ours],
          ["bare", theirs],
        ];
  for (const [name, fake] of order) results[name]?.push(...(await drive(fake, INTERACTIONS / 2)));
}
const summary = Object.fromEntries(
  Object.entries(results).map(([name, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [
      name,
      { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    ];
  }),
) as Record<"briefbot" | "bare", { n: number; p50: number; p99: number; max: number }>;
console.log("| client | interactions | p50 ms | p99 ms | max ms |");
console.log("|---|---|---|---|---|");
for (const [name, s] of Object.entries(summary)) {
  console.log(
    `| ${name === "bare" ? "bare discord.js, constant reply" : "briefbot /brief topic"} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} |`,
  );
}
const ratio = summary.briefbot.p99 / summary.bare.p99;
console.log(`\nratio p99 briefbot / bare = ${ratio.toFixed(2)}`);
console.log(`${ratio <= 1.5 ? "PASS" : "MISS"} goal: p99 within 1.5× of the bare client`);
console.log(
  `results: ${writeResults("discord-interactions", { machine, interactions: INTERACTIONS, concurrency: CONCURRENCY, summary, ratio })}`,
);

await adapter.stop();
await bare.destroy();
await ours.close();
await theirs.close();
store.close();
rmSync(dir, { recursive: true, force: true });
