/**
 * Start-up benchmark (issue 10): wall time and peak RSS of the compiled command line, against bare
 * Node in the same run. Each command runs `--runs` times (20 by default), the commands interleaved
 * round by round so that drift falls on all alike:
 * - `node -e 0`, the floor;
 * - `briefbot --help`;
 * - `briefbot brief <seed article>`;
 * - `briefbot serve` (console only, a fresh library) until it logs that it caught up, then SIGTERM.
 * Every process loads `startup-probe.mjs`, which reports its peak RSS at exit. Times are from spawn to
 * exit (to ready, for serve). `npm run bench:startup [-- --runs 20]` (it builds dist/ first).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { removeOnExit } from "./lib/process.ts";
import { loadLine, printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { median, percentile } from "./lib/stats.ts";

const BIN = join(REPO_ROOT, "bin", "briefbot.js");
const PROBE = join(REPO_ROOT, "bench", "startup-probe.mjs");
const SEED = join(REPO_ROOT, "briefings", "articles", "poetin-2022-02.txt");
const GOALS = { helpRatio: 3, briefSeconds: 0.3, briefMB: 90, serveSeconds: 0.6 };

interface Command {
  id: "node" | "help" | "brief" | "serve";
  label: string;
  args: (dir: string, run: number) => string[];
  /** For serve: the stderr text that says it is ready. */
  readyOn?: string;
}

const COMMANDS: Command[] = [
  { id: "node", label: "node -e 0", args: () => ["-e", "0"] },
  { id: "help", label: "briefbot --help", args: () => [BIN, "--help"] },
  { id: "brief", label: "briefbot brief <seed>", args: () => [BIN, "brief", SEED] },
  {
    id: "serve",
    label: "briefbot serve (console) until ready",
    args: (dir, run) => [BIN, "serve", "--data-dir", join(dir, `serve-${run}`)],
    readyOn: '"msg":"caught up"',
  },
];

interface Sample {
  seconds: number;
  rssMiB: number;
}

function runOnce(command: Command, dir: string, run: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--import", PROBE, ...command.args(dir, run)], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", LOG_LEVEL: "info" },
    });
    let seconds: number | undefined;
    let err = "";
    let probe = "";
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    child.stderr?.on("data", (d) => {
      err += d;
      if (command.readyOn && seconds === undefined && err.includes(command.readyOn)) {
        seconds = elapsed();
        child.kill("SIGTERM");
      }
    });
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (d) => {
      probe += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      seconds ??= elapsed();
      if (code !== 0) return reject(new Error(`${command.label} exited ${code}: ${err.trim().split("\n").at(-1)}`));
      const rss = (JSON.parse(probe.trim() || "{}") as { maxRssKiB?: number }).maxRssKiB ?? Number.NaN;
      resolve({ seconds, rssMiB: rss / 1024 });
    });
  });
}

runMain(async () => {
  const { runs } = readFlags({ runs: 20 });
  if (!existsSync(join(REPO_ROOT, "dist", "src", "main.js"))) throw new Error("dist/ is missing: run npm run build");
  const machine = printHeader(`Start-up: ${runs} runs of each command, interleaved`, loadLine("before"));
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-startup-"));
  const cleanUp = removeOnExit(dir);
  const samples = Object.fromEntries(COMMANDS.map((c) => [c.id, [] as Sample[]])) as Record<Command["id"], Sample[]>;
  try {
    for (const command of COMMANDS) await runOnce(command, dir, -1); // warm the file cache
    for (let run = 0; run < runs; run++) {
      const order = run % 2 === 0 ? COMMANDS : [...COMMANDS].reverse();
      for (const command of order) samples[command.id].push(await runOnce(command, dir, run));
    }
  } finally {
    cleanUp();
  }
  const stat = (id: Command["id"]) => {
    const times = samples[id].map((s) => s.seconds).sort((a, b) => a - b);
    const rss = samples[id].map((s) => s.rssMiB).sort((a, b) => a - b);
    return { median: median(times), p90: percentile(times, 90), rssMedianMiB: median(rss), rssMaxMiB: rss.at(-1) ?? 0 };
  };
  const stats = Object.fromEntries(COMMANDS.map((c) => [c.id, stat(c.id)])) as Record<
    Command["id"],
    ReturnType<typeof stat>
  >;
  const floor = stats.node.median;
  console.log(
    `\n${table(
      ["command", "median s", "p90 s", "× bare node (median)", "peak RSS median MiB", "peak RSS max MiB"],
      COMMANDS.map((c) => {
        const s = stats[c.id];
        return [
          c.label,
          s.median.toFixed(3),
          s.p90.toFixed(3),
          (s.median / floor).toFixed(2),
          s.rssMedianMiB.toFixed(1),
          s.rssMaxMiB.toFixed(1),
        ];
      }),
    )}`,
  );
  console.log(`\n${loadLine("after")}`);
  const mb = (mib: number) => mib * 1.048576;
  const goals = [
    {
      goal: `--help ≤ ${GOALS.helpRatio}× bare node`,
      value: `${(stats.help.median / floor).toFixed(2)}×`,
      pass: stats.help.median / floor <= GOALS.helpRatio,
    },
    {
      goal: `brief FILE ≤ ${GOALS.briefSeconds} s and ≤ ${GOALS.briefMB} MB`,
      value: `${stats.brief.median.toFixed(3)} s, ${mb(stats.brief.rssMedianMiB).toFixed(1)} MB`,
      pass: stats.brief.median <= GOALS.briefSeconds && mb(stats.brief.rssMedianMiB) <= GOALS.briefMB,
    },
    {
      goal: `serve ready ≤ ${GOALS.serveSeconds} s`,
      value: `${stats.serve.median.toFixed(3)} s`,
      pass: stats.serve.median <= GOALS.serveSeconds,
    },
  ];
  for (const g of goals) console.log(`${g.pass ? "PASS" : "MISS"} ${g.goal}: ${g.value}`);
  console.log(`results: ${writeResults("startup", { machine, runs, stats, goals, samples })}`);
});
