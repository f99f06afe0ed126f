/**
 * Library ingest benchmark (issue 3): how much of the summarizer's speed survives the store.
 *
 * Writes N distinct article files (10,000 by default, see `variants.ts`) to a temporary folder, then
 * times two phases, each in its own Node process so that its peak memory is its own:
 * - bare: list the folder, read each file (`readArticleInput`), `parseArticle`, `summarize`, in memory;
 * - ingest: `await ingestSources([folder], { store })` into a fresh store (a real SQLite file in the
 *   temporary folder).
 * Rounds alternate which phase goes first; the table reports medians. The folder is deleted at the end.
 * `npm run bench:store-ingest [-- --articles N --rounds N --limit N]`; with `--limit` and no `--articles`,
 * 8 articles per text.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { listArticleFiles } from "../src/article/files.ts";
import { parseArticle } from "../src/article/parse.ts";
import { readArticleInput } from "../src/article/read.ts";
import { ingestSources } from "../src/ingest/ingest.ts";
import { DATABASE_FILE, openStore } from "../src/store/index.ts";
import { summarize } from "../src/summarize/index.ts";
import { createExtractiveSummarizer } from "../src/summarize/port.ts";
import { dataDir, loadDatasets } from "./data.ts";
import { storeFlags } from "./lib/flags.ts";
import { type RssReport, RssSampler } from "./lib/memory.ts";
import { removeOnExit, reportPhase, runPhase } from "./lib/process.ts";
import { describeMachine, machineInfo, runMain, writeResults } from "./lib/report.ts";
import { consume, median } from "./lib/stats.ts";
import { articleVariants } from "./variants.ts";

const RATIO_GOAL = 0.8;
/** 300 MB (decimal) = 286.1 MiB; RSS is measured in MiB. */
const RSS_GOAL_MB = 300;
const toMB = (mebibytes: number) => Math.round(mebibytes * 1.048576 * 10) / 10;
const PHASES = ["bare", "ingest"] as const;
type Phase = (typeof PHASES)[number];

interface PhaseResult {
  phase: Phase;
  articles: number;
  seconds: number;
  rate: number;
  memory: RssReport;
  /** ingest only */
  summary?: { added: number; updated: number; skipped: number; failed: number };
  openSeconds?: number;
  closeSeconds?: number;
  dbBytes?: number;
  errors?: number;
}

const articlesDir = (dir: string) => join(dir, "articles");

async function barePhase(dir: string): Promise<PhaseResult> {
  const memory = new RssSampler().begin();
  const started = performance.now();
  const files = await listArticleFiles(articlesDir(dir));
  let errors = 0;
  for (const file of files) {
    try {
      const text = await readArticleInput(file);
      consume(summarize(parseArticle(text, { path: file })));
    } catch {
      errors++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { phase: "bare", articles: files.length, seconds, rate: files.length / seconds, memory: memory.end(), errors };
}

async function ingestPhase(dir: string): Promise<PhaseResult> {
  const dataDirectory = join(dir, `data-${process.pid}`);
  const memory = new RssSampler().begin();
  let t = performance.now();
  const store = await openStore({ dataDir: dataDirectory });
  const openSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const summary = await ingestSources([articlesDir(dir)], { store, summarizer: createExtractiveSummarizer() });
  const seconds = (performance.now() - t) / 1000;
  const articles = summary.items.length;
  const counted = await store.countArticles();
  t = performance.now();
  await store.close();
  const closeSeconds = (performance.now() - t) / 1000;
  const report = memory.end();
  const dbBytes = statSync(join(dataDirectory, DATABASE_FILE)).size;
  rmSync(dataDirectory, { recursive: true, force: true });
  if (counted !== summary.added) throw new Error(`the store holds ${counted} articles, ingest added ${summary.added}`);
  const { added, updated, skipped, failed } = summary;
  return {
    phase: "ingest",
    articles,
    seconds,
    rate: articles / seconds,
    memory: report,
    summary: { added, updated, skipped, failed },
    openSeconds,
    closeSeconds,
    dbBytes,
  };
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const args = storeFlags(PHASES);
  if (args.phase) {
    const dir = args.dir as string;
    reportPhase(args.phase === "bare" ? await barePhase(dir) : await ingestPhase(dir));
    return;
  }

  const { rounds } = args;
  const docs = loadDatasets(args.limit).flatMap((d) => d.docs);
  // A quick run (--limit) makes 8 articles per text unless --articles says otherwise.
  const count = args.articles ?? (args.limit ? Math.min(10_000, docs.length * 8) : 10_000);
  const machine = machineInfo();
  console.log("# briefbot library ingest benchmark\n");
  console.log(`data: ${dataDir()} (${docs.length} CNN/DM + BBC texts → ${count} distinct article files)`);
  console.log(`machine: ${describeMachine(machine)}`);

  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-ingest-"));
  const cleanUp = removeOnExit(dir);
  try {
    let t = performance.now();
    mkdirSync(articlesDir(dir));
    let bytes = 0;
    for (const v of articleVariants(docs, count)) {
      writeFileSync(join(articlesDir(dir), v.fileName), v.content);
      bytes += Buffer.byteLength(v.content);
    }
    console.log(`wrote ${count} files (${mib(bytes)}) to ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const loadBefore = loadavg();
    console.log(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);

    const results: Record<Phase, PhaseResult[]> = { bare: [], ingest: [] };
    for (let r = 0; r < rounds; r++) {
      const order: Phase[] = r % 2 === 0 ? ["bare", "ingest"] : ["ingest", "bare"];
      for (const phase of order) {
        t = performance.now();
        const result = runPhase<PhaseResult>("store-ingest.ts", ["--phase", phase, "--dir", dir]);
        results[phase].push(result);
        process.stderr.write(
          `  round ${r + 1}/${rounds} ${phase}: ${fmt(result.rate)} articles/s, ${result.seconds.toFixed(1)} s, ` +
            `peak RSS ${result.memory.peakRssMiB} MiB (maxRSS ${result.memory.maxRssMiB} MiB), process ` +
            `${((performance.now() - t) / 1000).toFixed(1)} s\n`,
        );
      }
    }
    const loadAfter = loadavg();

    const bareRate = median(results.bare.map((x) => x.rate));
    const ingestRate = median(results.ingest.map((x) => x.rate));
    const ratio = ingestRate / bareRate;
    const ratios = results.ingest.map((x, i) => x.rate / (results.bare[i]?.rate ?? Number.NaN));
    const peak = (phase: Phase) => Math.max(...results[phase].map((x) => x.memory.peakRssMiB));
    const maxRss = (phase: Phase) => Math.max(...results[phase].map((x) => x.memory.maxRssMiB));
    const range = (phase: Phase) =>
      `${fmt(Math.min(...results[phase].map((x) => x.rate)))}–${fmt(Math.max(...results[phase].map((x) => x.rate)))}`;
    const ingestSummary = results.ingest[0]?.summary;

    console.log(
      `\n| phase (${count} articles, own process) | articles/s (median) | range | peak RSS sampled | maxRSS |`,
    );
    console.log("|---|---|---|---|---|");
    console.log(
      `| bare: read + parseArticle + summarize | ${fmt(bareRate)} | ${range("bare")} | ${peak("bare")} MiB | ${maxRss("bare")} MiB |`,
    );
    console.log(
      `| ingest: ingestSources into a fresh store | ${fmt(ingestRate)} | ${range("ingest")} | ${peak("ingest")} MiB | ${maxRss("ingest")} MiB |`,
    );
    console.log(
      `\ningest outcome: ${JSON.stringify(ingestSummary)}; database ${mib(results.ingest[0]?.dbBytes ?? 0)}; ` +
        `open ${fmt((results.ingest[0]?.openSeconds ?? 0) * 1000)} ms, close ${fmt((results.ingest[0]?.closeSeconds ?? 0) * 1000)} ms`,
    );
    console.log(`per-round ratios: ${ratios.map((x) => x.toFixed(2)).join(", ")}`);
    console.log(`load average after: ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`);
    const ratioStatus = ratio >= RATIO_GOAL ? "PASS" : "MISS";
    const rssPeak = Math.max(peak("bare"), peak("ingest"), maxRss("bare"), maxRss("ingest"));
    const rssStatus = toMB(rssPeak) < RSS_GOAL_MB ? "PASS" : "MISS";
    console.log(`\nratio ingest / bare = ${ratio.toFixed(2)} (goal ≥ ${RATIO_GOAL}): ${ratioStatus}`);
    console.log(
      `peak RSS ${rssPeak} MiB = ${toMB(rssPeak)} MB, highest of both phases (goal < ${RSS_GOAL_MB} MB): ${rssStatus}`,
    );

    const file = writeResults("store-ingest", {
      kind: "store-ingest",
      date: new Date().toISOString(),
      machine,
      limit: args.limit ?? null,
      articles: count,
      sourceTexts: docs.length,
      fileBytes: bytes,
      rounds: results,
      bareRate,
      ingestRate,
      ratio,
      loadAverage: { before: loadBefore, after: loadAfter },
      goals: {
        ratio: { atLeast: RATIO_GOAL, value: ratio, status: ratioStatus },
        rss: { belowMB: RSS_GOAL_MB, valueMiB: rssPeak, valueMB: toMB(rssPeak), status: rssStatus },
      },
    });
    console.log(`results: ${file}`);
    if (ingestSummary && (ingestSummary.added !== count || ingestSummary.failed > 0)) {
      throw new Error(`ingest added ${ingestSummary.added} of ${count} articles (${ingestSummary.failed} failed)`);
    }
  } finally {
    cleanUp();
  }
}

runMain(main);
