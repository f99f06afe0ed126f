/**
 * Web console benchmark (issue 15): latency of the library page (20 cards, each drawn as Slack,
 * Discord and the terminal show it) and of search, at 100,000 articles, with 20 concurrent clients
 * on loopback, side by side with `/healthz` of the same server as the baseline.
 *
 * Processes: the fill (`store-search.ts --phase fill`, the library benchmark's own 100,000 articles);
 * per round a fresh `briefbot console` (the compiled executable, as a person runs it) on that
 * library; the load generator (`console-load.ts`, a closed loop of 20 clients). This process only
 * orchestrates. Each round, in order: `/healthz`; the library's first 50 pages once, untimed (the
 * console's code warm); 200 other pages opened once each (pages 50 to 249: every card on them drawn
 * for the first time); the first 50 pages again and again (their cards drawn already); the 500 search queries of the library
 * benchmark each asked once (the search run and its cards mostly drawn for the first time); 20 of
 * them, one from every 25, asked again and again (what the console keeps: results for 10 s, drawn
 * cards).
 *
 * `npm run bench:console [-- --articles N --requests N --concurrency N --rounds N --limit N --reuse DIR]`;
 * `--reuse DIR` fills DIR once and keeps it (DIR/data), so that later runs skip the fill.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "../src/paths.ts";
import { dataDir, loadDatasets } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { removeOnExit, runJson, runPhase } from "./lib/process.ts";
import { printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { type Latencies, latencies } from "./lib/stats.ts";
import { buildQueries, GOAL_GROUPS } from "./store-queries.ts";

const P99_GOAL_MS = 50;
/** Pages of the library opened again and again (1,000 cards, which the console keeps drawn). */
const LIBRARY_PAGES = 50;
/** Pages opened once each, after those: 4,000 cards drawn for the first time. */
const FIRST_VIEWS = 200;
/** Searches many people ask at once: spread over the query groups. */
const POPULAR = 20;

interface LoadResult {
  latencies: number[];
  statuses: Record<string, number>;
  bytes: number;
  wrong: number;
  seconds: number;
}

interface Scenario {
  name: string;
  latency: Latencies;
  requests: number;
  perSecond: number;
  kibPerAnswer: number;
  wrong: number;
}

/** `briefbot console` on a free loopback port; resolves to its URL, its pid and a stop. */
function startConsole(library: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, "console", "--data-dir", library], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const url = /briefbot console: (http:\/\/\S+)\//.exec(out)?.[1];
      if (url)
        resolve({
          url,
          pid: child.pid as number,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.once("exit", (code) => reject(new Error(`briefbot console exited ${code} before it listened`)));
  });
}

/** Peak resident memory of a process so far (Linux), MiB. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const kib = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kib ? Math.round(Number(kib) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

runMain(async () => {
  const flags = readFlags({
    articles: undefined,
    requests: 5000,
    concurrency: 20,
    rounds: 3,
    limit: undefined,
    reuse: "",
  });
  const docs = loadDatasets(flags.limit).flatMap((d) => d.docs);
  const count = flags.articles ?? (flags.limit ? Math.min(100_000, docs.length * 80) : 100_000);
  const machine = printHeader(
    "briefbot web console benchmark",
    `data: ${dataDir()} (${docs.length} CNN/DM + BBC texts → ${count} distinct articles)`,
    `load: ${flags.concurrency} concurrent clients (closed loop, another process), ${flags.rounds} rounds, each on a fresh briefbot console`,
  );
  const queries = buildQueries(docs).filter((q) => GOAL_GROUPS.includes(q.group));
  const dir = flags.reuse || mkdtempSync(join(tmpdir(), "briefbot-bench-console-"));
  const cleanUp = flags.reuse ? () => {} : removeOnExit(dir);
  try {
    const loadBefore = loadavg();
    let fill = { articles: count, seconds: 0 };
    if (flags.reuse && existsSync(join(dir, "data", "briefbot.db"))) {
      console.log(`fill: reusing ${dir} (made for ${count} articles by an earlier run)`);
    } else {
      mkdirSync(dir, { recursive: true });
      const fillArgs = ["--phase", "fill", "--dir", dir, "--articles", String(count)];
      fill = runPhase<{ articles: number; seconds: number }>("store-search.ts", [
        ...fillArgs,
        ...(flags.limit ? ["--limit", String(flags.limit)] : []),
      ]);
      console.log(`fill: ${fill.articles} articles in ${fill.seconds.toFixed(1)} s`);
    }
    const library = join(dir, "data");
    const pathsFile = (name: string, paths: string[]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(paths));
      return file;
    };
    const files = {
      healthz: pathsFile("healthz", ["/healthz"]),
      library: pathsFile(
        "library",
        Array.from({ length: LIBRARY_PAGES }, (_, k) => (k ? `/?page=${k}` : "/")),
      ),
      // Pages never opened before in this console: each card on them is drawn for the first time.
      libraryFirst: pathsFile(
        "library-first",
        Array.from({ length: FIRST_VIEWS }, (_, k) => `/?page=${LIBRARY_PAGES + k}`),
      ),
      search: pathsFile(
        "search",
        queries.map((q) => `/?q=${encodeURIComponent(q.text)}`),
      ),
      popular: pathsFile(
        "popular",
        queries
          .filter((_, i) => i % Math.ceil(queries.length / POPULAR) === 0)
          .map((q) => `/?q=${encodeURIComponent(q.text)}`),
      ),
    };
    const load = (url: string, file: string, requests: number, marker: string) =>
      runJson<LoadResult>("console-load.ts", [url, file, String(requests), String(flags.concurrency), marker]);
    const scenario = (name: string, r: LoadResult): Scenario => ({
      name,
      latency: latencies(r.latencies),
      requests: r.latencies.length,
      perSecond: r.latencies.length / r.seconds,
      kibPerAnswer: r.bytes / r.latencies.length / 1024,
      wrong: r.wrong,
    });

    const rounds: Array<{ scenarios: Scenario[]; peakRssMiB?: number }> = [];
    for (let round = 0; round < flags.rounds; round++) {
      const server = await startConsole(library);
      try {
        const page = "<h1>Library</h1>";
        const scenarios = [
          scenario("/healthz (baseline)", await load(server.url, files.healthz, flags.requests, '"ok"')),
        ];
        // The first 50 pages once, untimed: the console's code is warm (compiled, optimized) before
        // any page is timed, and their cards are drawn for the repeats below.
        await load(server.url, files.library, LIBRARY_PAGES, page);
        scenarios.push(
          scenario("library page, first view", await load(server.url, files.libraryFirst, FIRST_VIEWS, page)),
        );
        scenarios.push(scenario("library page, again", await load(server.url, files.library, flags.requests, page)));
        scenarios.push(scenario("search, each query once", await load(server.url, files.search, queries.length, page)));
        scenarios.push(
          scenario(`search, ${POPULAR} popular queries`, await load(server.url, files.popular, flags.requests, page)),
        );
        const rss = peakRssMiB(server.pid);
        rounds.push({ scenarios, ...(rss ? { peakRssMiB: rss } : {}) });
        process.stderr.write(
          `  round ${round + 1}/${flags.rounds}: ${scenarios.map((s) => `${s.name} p99 ${s.latency.p99.toFixed(1)} ms`).join(", ")}\n`,
        );
      } finally {
        await server.stop();
      }
    }
    const loadAfter = loadavg();

    // Each scenario's reported round: the one with its median p99.
    const names = rounds[0]?.scenarios.map((s) => s.name) ?? [];
    const shown = names.map((name) => {
      const all = rounds.map((r) => r.scenarios.find((s) => s.name === name) as Scenario);
      return [...all].sort((a, b) => a.latency.p99 - b.latency.p99)[Math.floor((all.length - 1) / 2)] as Scenario;
    });
    const baseline = shown[0] as Scenario;
    const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
    console.log(
      `\n${fill.articles} articles; ${flags.concurrency} concurrent clients; median-p99 round of ${flags.rounds}\n`,
    );
    console.log(
      table(
        [
          "answer",
          "requests",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "max ms",
          "answers/s",
          "KiB each",
          "p99 × baseline",
          "wrong",
        ],
        shown.map((s) => [
          s.name,
          s.requests,
          ms(s.latency.p50),
          ms(s.latency.p90),
          ms(s.latency.p99),
          ms(s.latency.max),
          s.perSecond.toFixed(0),
          s.kibPerAnswer.toFixed(1),
          (s.latency.p99 / baseline.latency.p99).toFixed(1),
          s.wrong,
        ]),
      ),
    );
    const peak = Math.max(...rounds.map((r) => r.peakRssMiB ?? 0));
    if (peak > 0) console.log(`\nconsole peak RSS: ${peak} MiB`);
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after: ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
    );
    const goals = shown
      .slice(1)
      .map((s) => ({ name: s.name, p99: s.latency.p99, status: s.latency.p99 <= P99_GOAL_MS ? "PASS" : "MISS" }));
    for (const g of goals) console.log(`${g.name}: p99 ${ms(g.p99)} ms (goal ≤ ${P99_GOAL_MS} ms): ${g.status}`);
    const file = writeResults("console", {
      kind: "console",
      date: new Date().toISOString(),
      machine,
      articles: fill.articles,
      concurrency: flags.concurrency,
      limit: flags.limit ?? null,
      shown,
      rounds,
      peakRssMiB: peak || null,
      loadAverage: { before: loadBefore, after: loadAfter },
      goals,
    });
    console.log(`results: ${file}`);
  } finally {
    cleanUp();
  }
});
