/**
 * `npm run bench:extract [-- --limit N --rounds N --pages]`: article extraction on the public Article
 * Extraction Benchmark's dev half, briefbot side by side with plain Readability on linkedom over the
 * same pages in one run: F1, precision, recall (the benchmark's metric, by the TypeScript port and,
 * when python3 is there, by its own evaluate.py), pages refused, and milliseconds per page.
 * `--pages` adds every page's F1 per arm (keys and numbers only), worst first. A whole run ends with
 * generated hostile pages timed against ordinary ones of the same size (`extract-hostile.ts`).
 */
import { loadavg } from "node:os";
import { ARMS, type Arm } from "./extract-arms.ts";
import { type BenchPage, loadExtractionPages } from "./extract-data.ts";
import { runEvaluatePy } from "./extract-evaluate.ts";
import { hostileReport } from "./extract-hostile.ts";
import { type Counts, matchShingles, pageF1, scoreAll } from "./extract-metric.ts";
import { readFlags } from "./lib/flags.ts";
import { describeMachine, machineInfo, runMain, writeResults } from "./lib/report.ts";
import { median } from "./lib/stats.ts";

interface ArmResult {
  arm: Arm;
  texts: Record<string, string>;
  counts: Counts[];
  refused: string[];
  /** Milliseconds for the whole set, one per timed round. */
  roundMs: number[];
}

function runOnce(arm: Arm, pages: readonly BenchPage[]): { texts: Record<string, string>; refused: string[] } {
  const texts: Record<string, string> = {};
  const refused: string[] = [];
  for (const page of pages) {
    const text = arm.extract(page);
    if (text === undefined) refused.push(page.key);
    texts[page.key] = text ?? "";
  }
  return { texts, refused };
}

/**
 * One timed round: every page through every arm, page by page, the arms' order rotating from page
 * to page, so that a change in the machine's load weighs on all arms alike. Milliseconds per arm.
 */
function timeRound(arms: readonly Arm[], pages: readonly BenchPage[], round: number): number[] {
  const ms = arms.map(() => 0);
  pages.forEach((page, p) => {
    for (let k = 0; k < arms.length; k++) {
      const a = (round + p + k) % arms.length;
      const started = performance.now();
      (arms[a] as Arm).extract(page);
      ms[a] = (ms[a] as number) + performance.now() - started;
    }
  });
  return ms;
}

runMain(async () => {
  const options = readFlags({ limit: undefined, rounds: 5, pages: false });
  const { dir, pages } = loadExtractionPages(options.limit);
  const results: ArmResult[] = ARMS.map((arm) => {
    const { texts, refused } = runOnce(arm, pages);
    const counts = pages.map((p) => matchShingles(p.truth, texts[p.key] ?? ""));
    return { arm, texts, counts, refused, roundMs: [] };
  });
  // Timed rounds after the scoring pass above, which doubles as the warm-up.
  for (let round = 0; round < options.rounds; round++) {
    const ms = timeRound(
      results.map((r) => r.arm),
      pages,
      round,
    );
    for (const [i, r] of results.entries()) r.roundMs.push(ms[i] as number);
  }
  const python =
    options.limit === undefined
      ? runEvaluatePy(dir, Object.fromEntries(results.map((r) => [r.arm.name, r.texts])))
      : undefined;
  const base = results[0] as ArmResult;
  const baseMs = median(base.roundMs) / pages.length;
  const lines = [
    `Article extraction: ${pages.length} pages of ${dir}, ${options.rounds} timed rounds (median; arms interleaved page by page), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
    describeMachine(machineInfo()),
    "",
    "| extractor | F1 | precision | recall | evaluate.py F1 / P / R | refused | ms per page | × Readability |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const s = scoreAll(r.counts);
    const py = python?.[r.arm.name];
    const ms = median(r.roundMs) / pages.length;
    lines.push(
      `| ${r.arm.label} | ${s.f1.toFixed(3)} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${
        py ? `${py.f1.toFixed(3)} / ${py.precision.toFixed(3)} / ${py.recall.toFixed(3)}` : "—"
      } | ${r.refused.length} | ${ms.toFixed(2)} | ${(ms / baseMs).toFixed(2)} |`,
    );
  }
  const readable = new Set(pages.map((p) => p.key).filter((k) => !base.refused.includes(k)));
  for (const r of results.slice(1)) {
    const lost = r.refused.filter((k) => readable.has(k));
    lines.push(
      "",
      `${r.arm.name}: refuses ${lost.length} page(s) that Readability reads${lost.length ? `: ${lost.join(", ")}` : ""}`,
    );
  }
  if (options.pages) {
    lines.push(
      "",
      `per page F1 (${results.map((r) => r.arm.name).join(" / ")}), by the last arm's lead over the first:`,
    );
    const rows = pages.map((p, i) => ({ key: p.key, f1: results.map((r) => pageF1(r.counts[i] as Counts)) }));
    rows.sort(
      (a, b) => (a.f1.at(-1) as number) - (a.f1[0] as number) - ((b.f1.at(-1) as number) - (b.f1[0] as number)),
    );
    for (const row of rows) lines.push(`${row.key.slice(0, 12)}  ${row.f1.map((f) => f.toFixed(3)).join("  ")}`);
  }
  if (options.limit === undefined) lines.push("", ...hostileReport());
  const report = lines.join("\n");
  console.log(report);
  const file = writeResults(
    "extract",
    results.map((r) => ({ arm: r.arm.name, ...scoreAll(r.counts), refused: r.refused, roundMs: r.roundMs })),
  );
  console.log(`\nresults: ${file}`);
});
