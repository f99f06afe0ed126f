/**
 * Hostile-input benchmark (issue 12): how long each pathological input takes from text to card
 * (`parseArticle` + `summarize`, what `brief` and `ingest` run), as a ratio to an ordinary article
 * of the same size and format, in one run, the two alternating. A refusal counts as its time to
 * refuse. Goal: at most 5× for every input.
 *
 * `npm run bench:hostile [-- --rounds 3 --only html]` (`--only`: the inputs whose name contains it)
 */
import { parseArticle } from "../src/article/parse.ts";
import { BriefbotError } from "../src/errors.ts";
import { summarize } from "../src/summarize/index.ts";
import { hostileInputs, ordinaryArticle } from "../test/hostile/inputs.ts";
import { readFlags } from "./lib/flags.ts";
import { loadLine, printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { median } from "./lib/stats.ts";

const GOAL_RATIO = 5;

/** Text to card; what became of it. */
function brief(text: string, format: "text" | "markdown" | "html"): { ms: number; outcome: string } {
  const started = performance.now();
  let outcome = "card";
  try {
    summarize(parseArticle(text, { format, path: `bench.${format}` }));
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    outcome = "refused";
  }
  return { ms: performance.now() - started, outcome };
}

runMain(async () => {
  const { rounds, only } = readFlags({ rounds: 3, only: "" });
  const machine = printHeader(
    `Hostile input: ${rounds} rounds each, against an ordinary article of the same size`,
    loadLine("before"),
  );
  // Warm-up: the JIT, lazily loaded parsers.
  for (const format of ["text", "markdown", "html"] as const) brief(ordinaryArticle(20_000, format), format);
  const rows: Array<{
    name: string;
    target: string;
    bytes: number;
    hostileMs: number;
    ordinaryMs: number;
    ratio: number;
    outcome: string;
  }> = [];
  for (const input of hostileInputs().filter((h) => h.name.includes(only))) {
    const bytes = Buffer.byteLength(input.text);
    const ordinary = ordinaryArticle(bytes, input.format);
    const h: number[] = [];
    const o: number[] = [];
    let outcome = "";
    for (let r = 0; r < rounds; r++) {
      const first = r % 2 === 0;
      if (!first) o.push(brief(ordinary, input.format).ms);
      const run = brief(input.text, input.format);
      h.push(run.ms);
      outcome = run.outcome;
      if (first) o.push(brief(ordinary, input.format).ms);
    }
    const hostileMs = median(h);
    const ordinaryMs = median(o);
    rows.push({
      name: input.name,
      target: input.target,
      bytes,
      hostileMs,
      ordinaryMs,
      ratio: hostileMs / ordinaryMs,
      outcome,
    });
    process.stderr.write(`  ${input.name}: ${hostileMs.toFixed(0)} ms vs ${ordinaryMs.toFixed(0)} ms\n`);
  }
  console.log(
    `\n${table(
      ["input", "attacks", "size", "outcome", "hostile ms", "ordinary ms", "ratio"],
      rows.map((r) => [
        r.name,
        r.target,
        `${(r.bytes / 1024).toFixed(0)} KiB`,
        r.outcome,
        r.hostileMs.toFixed(1),
        r.ordinaryMs.toFixed(1),
        `${r.ratio.toFixed(2)}×`,
      ]),
    )}`,
  );
  console.log(`\n${loadLine("after")}`);
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const pass = rows.every((r) => r.ratio <= GOAL_RATIO);
  console.log(
    `${pass ? "PASS" : "MISS"} goal: every input within ${GOAL_RATIO}× an ordinary article of its size (worst: ${worst.name}, ${worst.ratio.toFixed(2)}×)`,
  );
  console.log(`results: ${writeResults("hostile", { machine, rounds, rows })}`);
});
