/**
 * Slack benchmark (issue 5): slash-command acknowledgement latency, p50 and p99, with 100
 * concurrent signed requests from a load generator in another process on loopback, against a bare
 * Bolt app answering the same command with a constant, in the same run. briefbot's app acks at
 * once and then looks the cards up and answers through `response_url`, all in the same process,
 * so its lookups compete with the acks it still owes: that is what the ratio measures. Each round
 * of briefbot waits until every answer it owes has reached `response_url` before the other arm
 * starts, so no arm is measured while briefbot still drains the last one's answers.
 *
 * `npm run bench:slack [-- --requests 2000 --concurrency 100 --rounds 3]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LogLevel } from "@slack/bolt";
import { createSlackAdapter } from "../adapters/slack/app.ts";
import { listArticleFiles } from "../src/article/files.ts";
import { ingestSources } from "../src/ingest/ingest.ts";
import { openStore } from "../src/store/index.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";
import { startFakeSlack } from "../test/fakes/slack/server.ts";
import { REPO_ROOT } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { runJson } from "./lib/process.ts";
import { printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { type Latencies, latencies, roundOrder } from "./lib/stats.ts";

const SECRET = "bench-signing-secret";
/** How long briefbot may take to send the answers of one round before the benchmark gives up. */
const DRAIN_TIMEOUT_MS = 120_000;

runMain(async () => {
  const { requests, concurrency, rounds } = readFlags({ requests: 2000, concurrency: 100, rounds: 3 });
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-slack-"));
  const store = await openStore({ dataDir: dir });
  await ingestSources(
    [join(REPO_ROOT, "briefings"), ...(await listArticleFiles(join(REPO_ROOT, "test", "fixtures", "articles")))],
    { store, summarizer: createExtractiveSummarizer() },
  );

  const log = { info() {}, warn() {}, error() {} };
  const briefbot = createSlackAdapter({
    config: { signingSecret: SECRET, apiUrl: fake.apiUrl, botToken: fake.botToken, port: 0, host: "127.0.0.1" },
    store,
    log,
    clientRetries: { retries: 0 },
  });
  const briefbotPort = (await briefbot.start()) as number;

  const bare = new App({
    signingSecret: SECRET,
    token: fake.botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl },
  });
  bare.command("/brief", async ({ ack }) => {
    await ack({ response_type: "ephemeral", text: "briefbot" });
  });
  const bareServer = (await bare.start({ port: 0, host: "127.0.0.1" })) as Server;
  const barePort = (bareServer.address() as AddressInfo).port;

  /** Fire the load at one app; for briefbot, wait until all its answers have arrived. */
  const load = async (name: "bare" | "briefbot") => {
    const before = fake.responses.length;
    const port = name === "bare" ? barePort : briefbotPort;
    const args = [`http://127.0.0.1:${port}`, SECRET, String(requests), String(concurrency), `${fake.url}/respond`];
    const result = await runJson<{ latencies: number[]; statuses: Record<string, number> }>("slack-load.ts", args);
    const owed = name === "briefbot" ? (result.statuses["200"] ?? 0) : 0;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (fake.responses.length - before < owed) {
      if (Date.now() > deadline) throw new Error(`briefbot sent ${fake.responses.length - before} of ${owed} answers`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return result;
  };

  const machine = printHeader(
    `Slack /brief acknowledgement: ${requests} signed requests, ${concurrency} at once, ${rounds} rounds per app`,
  );
  const arms = { briefbot: [] as number[], bare: [] as number[] };
  const statuses = { briefbot: {} as Record<string, number>, bare: {} as Record<string, number> };
  await load("bare"); // warm-up, both
  await load("briefbot");
  for (let round = 0; round < rounds; round++) {
    for (const name of roundOrder(["bare", "briefbot"] as const, round)) {
      const r = await load(name);
      arms[name].push(...r.latencies);
      for (const [k, v] of Object.entries(r.statuses)) statuses[name][k] = (statuses[name][k] ?? 0) + v;
    }
  }

  const summary = {
    briefbot: { ...latencies(arms.briefbot), statuses: statuses.briefbot },
    bare: { ...latencies(arms.bare), statuses: statuses.bare },
  };
  const row = (label: string, s: Latencies & { statuses: Record<string, number> }) => [
    label,
    s.n,
    s.p50.toFixed(1),
    s.p99.toFixed(1),
    s.max.toFixed(1),
    JSON.stringify(s.statuses),
  ];
  console.log(
    `\n${table(
      ["app", "requests", "p50 ms", "p99 ms", "max ms", "statuses"],
      [row("bare Bolt, constant answer", summary.bare), row("briefbot /brief", summary.briefbot)],
    )}`,
  );
  const ratio = summary.briefbot.p99 / summary.bare.p99;
  const answered = fake.responses.length;
  console.log(`\nratio p99 briefbot / bare = ${ratio.toFixed(2)}; answers through response_url: ${answered}`);
  const pass = summary.briefbot.p99 < 100 && ratio <= 1.5;
  console.log(
    `${pass ? "PASS" : "MISS"} goal: p99 under 100 ms (${summary.briefbot.p99.toFixed(1)}) and within 1.5× of the bare app (${ratio.toFixed(2)}×)`,
  );
  console.log(
    `results: ${writeResults("slack-ack", { machine, requests, concurrency, rounds, summary, ratio, answered })}`,
  );

  await briefbot.stop();
  await bare.stop();
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
