/**
 * Replicas benchmark (issue 14): 1, 2 and 3 delivery replicas on one embedded PostgreSQL,
 * delivering a briefing to 2,000 destinations against a platform's rate ceiling (shared by all
 * of them, as a bot token's limit is), one replica SIGKILLed a third of the way in (with one
 * replica, it is restarted, as a supervisor would). Per run: duplicates and losses (each
 * destination must get the briefing once), and throughput as a fraction of the ceiling, from the
 * first post to the last. Then search: p50 and p99 of 500 queries over the same 100,000 articles
 * in SQLite and in PostgreSQL, in the same run.
 *
 * `npm run bench:replicas [-- --destinations 2000 --ceiling 100 --lease-ms 3000 --articles 100000 --limit N]`
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { parseArticle } from "../src/article/parse.ts";
import { openStore } from "../src/store/index.ts";
import { summarize } from "../src/summarize/index.ts";
import { startTestPostgres } from "../test/postgres/server.ts";
import { dataDir, loadDatasets, REPO_ROOT } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { removeOnExit } from "./lib/process.ts";
import { loadLine, printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { startCeilingPlatform } from "./replicas-platform.ts";
import { compareSearch } from "./replicas-search.ts";

const NOW = "2026-11-24T06:40:00.000Z"; // ten minutes after the 07:30 Amsterdam slot
const LATENCY_MS = 20;

interface RunResult {
  replicas: number;
  destinations: number;
  posts: number;
  duplicates: number;
  losses: number;
  notDelivered: number;
  seconds: number;
  throughput: number;
  rejected: number;
  killedAtPost: number;
}

async function createDatabase(admin: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

function startReplica(url: string, platform: string, ceiling: number, leaseMs: number) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(REPO_ROOT, "bench", "replica-child.ts"),
      url,
      platform,
      String(ceiling),
      String(leaseMs),
      NOW,
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<string | number | null>((resolve) => child.on("exit", (c, s) => resolve(s ?? c)));
  return { child, exited, done: () => out.includes("done") };
}

async function deliveryRun(
  admin: string,
  replicas: number,
  flags: { destinations: number; ceiling: number; leaseMs: number },
): Promise<RunResult> {
  const url = await createDatabase(admin, `bench_replicas_${replicas}_${Date.now()}`);
  const store = await openStore({ databaseUrl: url, now: () => new Date("2026-11-24T06:00:00Z") });
  const article = parseArticle("De haven van Westerdam groeit. De havenmeester zei dat het goed gaat. Morgen meer.");
  await store.save({ article, origin: "bench", card: summarize(article) });
  const destinations = Array.from({ length: flags.destinations }, (_, i) => `slack:C${String(i).padStart(5, "0")}`);
  await store.ledger.syncSubscriptions(
    "definitions",
    [
      {
        id: "morning",
        origin: "definitions",
        schedule: "30 7 * * *",
        timezone: "Europe/Amsterdam",
        maxCards: 5,
        destinations,
      },
    ],
    new Date(new Date(NOW).getTime() - 3_600_000),
  );
  const platform = await startCeilingPlatform(flags.ceiling, LATENCY_MS);
  const running: Array<ReturnType<typeof startReplica>> = [];
  const start = () => running.push(startReplica(url, platform.url, flags.ceiling, flags.leaseMs));
  for (let i = 0; i < replicas; i++) start();
  const killAt = Math.floor(flags.destinations / 3);
  while (platform.posts.length < killAt) await new Promise((r) => setTimeout(r, 10));
  const victim = running[0] as { child: ChildProcess; exited: Promise<unknown> };
  victim.child.kill("SIGKILL");
  await victim.exited;
  const killedAtPost = platform.posts.length;
  if (replicas === 1) start(); // restarted, as a supervisor would
  const alive = running.slice(1);
  const deadline = Date.now() + 10 * 60_000;
  while (!alive.every((r) => r.done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(alive.map((r) => r.exited));
  const channels = new Set(platform.posts.map((p) => p.channel));
  const first = Math.min(...platform.posts.map((p) => p.at));
  const last = Math.max(...platform.posts.map((p) => p.at));
  const seconds = (last - first) / 1000;
  const rows = await store.ledger.list();
  await store.close();
  await platform.close();
  return {
    replicas,
    destinations: flags.destinations,
    posts: platform.posts.length,
    duplicates: platform.posts.length - channels.size,
    losses: flags.destinations - channels.size,
    notDelivered: rows.filter((r) => r.status !== "delivered").length + (flags.destinations - rows.length),
    seconds,
    throughput: channels.size / seconds / flags.ceiling,
    rejected: platform.rejected,
    killedAtPost,
  };
}

async function main(): Promise<void> {
  const flags = readFlags({ destinations: 2000, ceiling: 100, "lease-ms": 3000, articles: 100_000, limit: undefined });
  const machine = printHeader(
    "briefbot replicas benchmark",
    `${flags.destinations} destinations, a ceiling of ${flags.ceiling} posts/s shared by every replica, ${LATENCY_MS} ms a post, lease ${flags["lease-ms"]} ms; one replica SIGKILLed a third of the way in`,
    loadLine("before"),
  );
  const server = await startTestPostgres();
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-replicas-"));
  const cleanUp = removeOnExit(dir);
  try {
    const runs: RunResult[] = [];
    for (const n of [1, 2, 3]) {
      const r = await deliveryRun(server.url, n, { ...flags, leaseMs: flags["lease-ms"] });
      process.stderr.write(`  ${n} replica(s): ${r.posts} posts in ${r.seconds.toFixed(1)} s\n`);
      runs.push(r);
    }
    console.log(
      table(
        ["replicas", "posts", "duplicates", "losses", "not delivered", "seconds", "throughput / ceiling", "429s"],
        runs.map((r) => [
          r.replicas,
          r.posts,
          r.duplicates,
          r.losses,
          r.notDelivered,
          r.seconds.toFixed(1),
          `${(r.throughput * 100).toFixed(1)} %`,
          r.rejected,
        ]),
      ),
    );
    const docs = loadDatasets(flags.limit).flatMap((d) => d.docs);
    console.log(`\nsearch: ${flags.articles} articles from ${dataDir()} (${docs.length} texts), 500 queries`);
    const searchUrl = await createDatabase(server.url, `bench_search_${Date.now()}`);
    const search = await compareSearch({
      docs,
      count: flags.articles,
      dir,
      databaseUrl: searchUrl,
      vacuum: async (sql) => {
        const client = new pg.Client({ connectionString: searchUrl });
        await client.connect();
        await client.query(sql);
        await client.end();
      },
    });
    const ms = (n: number) => n.toFixed(2);
    console.log(
      table(
        ["engine", "articles", "queries", "p50 ms", "p90 ms", "p99 ms", "max ms"],
        (["sqlite", "postgres"] as const).map((e) => [
          e,
          search.articles[e],
          search.queries,
          ms(search[e].p50),
          ms(search[e].p90),
          ms(search[e].p99),
          ms(search[e].max),
        ]),
      ),
    );
    console.log(
      `PostgreSQL p99 / SQLite p99: ${(search.postgres.p99 / search.sqlite.p99).toFixed(2)}; top 10 differing (stemming): ${search.differingTop10} of ${search.queries}; fill ${search.fillSeconds.toFixed(0)} s`,
    );
    console.log(
      table(
        ["group", "queries", "SQLite p99 ms", "PostgreSQL p99 ms"],
        search.groups.map((g) => [g.group, g.queries, ms(g.sqliteP99), ms(g.postgresP99)]),
      ),
    );
    console.log(loadLine("after"));
    const file = writeResults("replicas", { machine, flags, runs, search });
    console.log(`results: ${file}`);
  } finally {
    cleanUp();
    await server.stop();
  }
}

runMain(main);
