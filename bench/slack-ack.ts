/**
 * Slack benchmark (issue 5): slash-command acknowledgement latency, p50 and p99, with 100
 * concurrent signed requests from a load generator in another process on loopback, against a bare
 * Bolt app answering the same command with a constant, in the same run. briefbot's app acks at
 * once and then looks the cards up and answers through `response_url`, all in the same process,
 * so its lookups compete with the acks it still owes: that is what the ratio measures.
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
import { openStore } from "../src/store/store.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";
import { startFakeSlack } from "../test/fakes/slack/server.ts";
import { REPO_ROOT } from "./data.ts";
import { describeMachine, machineInfo, writeResults } from "./report.ts";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const REQUESTS = flag("requests", 2000);
const CONCURRENCY = flag("concurrency", 100);
const ROUNDS = flag("rounds", 3);
const SECRET = "bench-signing-secret";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

const fake = await startFakeSlack();
const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-slack-"));
const store = openStore({ dataDir: dir });
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

// spawnSync blocks this process's event loop, and the apps live here: run the generator async instead.
async function loadAsync(port: number) {
  const { spawn } = await import("node:child_process");
  return new Promise<{ latencies: number[]; statuses: Record<string, number> }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO_ROOT, "bench", "slack-load.ts"),
        `http://127.0.0.1:${port}`,
        SECRET,
        String(REQUESTS),
        String(CONCURRENCY),
        `${fake.url}/respond`,
      ],
      { cwd: REPO_ROOT },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator failed: ${err}`)),
    );
  });
}

const machine = machineInfo();
console.log(
  `# Slack /brief acknowledgement: ${REQUESTS} signed requests, ${CONCURRENCY} at once, ${ROUNDS} rounds per app`,
);
console.log(`machine: ${describeMachine(machine)}\n`);
const arms = { briefbot: [] as number[], bare: [] as number[] };
const statuses = { briefbot: {} as Record<string, number>, bare: {} as Record<string, number> };
await loadAsync(barePort); // warm-up, both
await loadAsync(briefbotPort);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, port] of (round % 2 === 0
    ? [
        ["bare", barePort],
        ["briefbot", briefbotPort],
      ]
    : [
        ["briefbot", briefbotPort],
        ["bare", barePort],
      ]) as Array<["bare" | "briefbot", number]>) {
    const r = await loadAsync(port);
    arms[name].push(...r.latencies);
    for (const [k, v] of Object.entries(r.statuses)) statuses[name][k] = (statuses[name][k] ?? 0) + v;
    // Let briefbot finish answering through response_url before the next arm runs.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const summary = Object.fromEntries(
  Object.entries(arms).map(([name, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [
      name,
      {
        n: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? 0,
        statuses: statuses[name as "bare" | "briefbot"],
      },
    ];
  }),
) as Record<
  "briefbot" | "bare",
  { n: number; p50: number; p99: number; max: number; statuses: Record<string, number> }
>;

console.log("| app | requests | p50 ms | p99 ms | max ms | statuses |");
console.log("|---|---|---|---|---|---|");
for (const [name, s] of Object.entries(summary)) {
  console.log(
    `| ${name === "bare" ? "bare Bolt, constant answer" : "briefbot /brief"} | ${s.n} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} | ${JSON.stringify(s.statuses)} |`,
  );
}
const ratio = summary.briefbot.p99 / summary.bare.p99;
const answered = fake.responses.length;
console.log(`\nratio p99 briefbot / bare = ${ratio.toFixed(2)}; answers through response_url: ${answered}`);
const pass = summary.briefbot.p99 < 100 && ratio <= 1.5;
console.log(
  `${pass ? "PASS" : "MISS"} goal: p99 under 100 ms (${summary.briefbot.p99.toFixed(1)}) and within 1.5× of the bare app (${ratio.toFixed(2)}×)`,
);
console.log(
  `results: ${writeResults("slack-ack", { machine, requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS, summary, ratio, answered })}`,
);

await briefbot.stop();
await bare.stop();
store.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
