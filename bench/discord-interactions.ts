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
import { openStore } from "../src/store/index.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "../test/fakes/discord/server.ts";
import { REPO_ROOT } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { printHeader, table, writeResults } from "./lib/report.ts";
import { roundOrder, latencies as summarize } from "./lib/stats.ts";

const { interactions: INTERACTIONS, concurrency: CONCURRENCY } = readFlags({ interactions: 1000, concurrency: 20 });
const TOPICS = ["oekraine", "haven", "energie", "bonds", "fares", "harlow", "volkov", "heup"];

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
const store = await openStore({ dataDir: dir });
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

const machine = printHeader(
  `Discord interaction round trip: ${INTERACTIONS} /brief interactions, ${CONCURRENCY} at once`,
);
await drive(ours, 100); // warm-up
await drive(theirs, 100);
const results = { briefbot: [] as number[], bare: [] as number[] };
const fakes = { briefbot: ours, bare: theirs };
for (let round = 0; round < 2; round++) {
  for (const name of roundOrder(["bare", "briefbot"] as const, round))
    results[name].push(...(await drive(fakes[name], INTERACTIONS / 2)));
}
const summary = { briefbot: summarize(results.briefbot), bare: summarize(results.bare) };
console.log(
  `\n${table(
    ["client", "interactions", "p50 ms", "p99 ms", "max ms"],
    [
      ["bare discord.js, constant reply", summary.bare],
      ["briefbot /brief topic", summary.briefbot],
    ].map(([label, s]) => {
      const l = s as typeof summary.bare;
      return [label as string, l.n, l.p50.toFixed(1), l.p99.toFixed(1), l.max.toFixed(1)];
    }),
  )}`,
);
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
await store.close();
rmSync(dir, { recursive: true, force: true });
