/**
 * Runs the benchmark's own `evaluate.py` (Python 3, standard library) on the same outputs the
 * TypeScript port scores, so that the report shows both and any disagreement is visible.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PythonScores {
  f1: number;
  precision: number;
  recall: number;
}

/**
 * Score every arm's `{ key: text }` with evaluate.py; undefined when python3 is not installed.
 * Only meaningful for the whole benchmark (evaluate.py wants every ground-truth key).
 */
export function runEvaluatePy(
  dir: string,
  outputs: Record<string, Record<string, string>>,
): Record<string, PythonScores> | undefined {
  const work = mkdtempSync(join(tmpdir(), "briefbot-extract-eval-"));
  try {
    mkdirSync(join(work, "output"));
    symlinkSync(join(dir, "ground-truth.json"), join(work, "ground-truth.json"));
    for (const [arm, texts] of Object.entries(outputs)) {
      const json = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, { articleBody: v }]));
      writeFileSync(join(work, "output", `${arm}.json`), JSON.stringify(json));
    }
    const run = spawnSync("python3", [join(dir, "evaluate.py"), "--n-bootstrap", "200"], {
      cwd: work,
      encoding: "utf8",
    });
    if (run.error || run.status !== 0) return undefined;
    const scores: Record<string, PythonScores> = {};
    for (const line of run.stdout.split("\n")) {
      const m = /^(\S+)\s+([\d.]+) ± [\d.]+\s+([\d.]+) ± [\d.]+\s+([\d.]+) ± /.exec(line);
      if (m) scores[m[1] as string] = { f1: Number(m[2]), precision: Number(m[3]), recall: Number(m[4]) };
    }
    return scores;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
