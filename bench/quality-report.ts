/** The quality table and the two goals, from the per-arm averages. */

import type { DatasetName } from "./data.ts";
import { pairedBootstrap } from "./lib/bootstrap.ts";
import type { ArmKind, SkippedArm } from "./quality-arms.ts";
import { formatScores, pct, type RougeScores } from "./rouge.ts";

export interface Cell {
  docs: number;
  scores: RougeScores;
  /** Documents where the summarizer returned no sentence (scored 0). */
  empty: number;
  /** Documents where it threw (scored 0). */
  errors: number;
  seconds: number;
  /** Per-document ROUGE-1 F1, in data order, for paired comparisons. */
  r1PerDoc: number[];
}

export interface ArmResult {
  id: string;
  label: string;
  kind: ArmKind;
  cells: Partial<Record<DatasetName, Cell>>;
}

export type GoalStatus = "PASS" | "MISS" | "UNKNOWN";

export interface Goal {
  goal: string;
  status: GoalStatus;
  detail: string;
}

export function markdownTable(results: readonly ArmResult[]): string {
  const cell = (c: Cell | undefined) => (c ? formatScores(c.scores) : "—");
  const lines = [
    "| summarizer | CNN/DM R-1 / R-2 / R-L (3 sentences) | BBC R-1 / R-2 / R-L (reference length) |",
    "|---|---|---|",
    ...results.map((r) => `| ${r.label} | ${cell(r.cells.cnndm)} | ${cell(r.cells.bbc)} |`),
  ];
  return lines.join("\n");
}

/** Empty outputs, errors and wall time per arm: what the table alone does not show. */
export function notes(results: readonly ArmResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const [name, c] of Object.entries(r.cells) as Array<[DatasetName, Cell]>) {
      const rate = c.seconds > 0 ? (c.docs / c.seconds).toFixed(0) : "∞";
      const issues = [c.empty ? `${c.empty} empty` : "", c.errors ? `${c.errors} errors` : ""].filter(Boolean);
      out.push(
        `${r.label} on ${name}: ${c.docs} docs in ${c.seconds.toFixed(1)} s (${rate} docs/s)${issues.length ? `, ${issues.join(", ")}` : ""}`,
      );
    }
  }
  return out;
}

/** `margin +0.30 R-1 points, … 95 % CI −0.40…+1.00` from the per-document R-1 of two arms. */
function margin(a: Cell, b: Cell): string {
  const d = pairedBootstrap(a.r1PerDoc, b.r1PerDoc);
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(2)}`;
  const sure = d.low > 0 ? "clearly ahead" : d.high < 0 ? "clearly behind" : "within noise";
  return `margin ${signed(d.mean)} R-1 points, paired bootstrap 95 % CI ${signed(d.low)}…${signed(d.high)} (${sure})`;
}

const METRICS: Array<[keyof RougeScores, string]> = [
  ["r1", "R-1"],
  ["r2", "R-2"],
  ["rl", "R-L"],
];

/** Goal 1: briefbot beats Lead-3 on CNN/DM R-1; the card's summary does too. Goal 2: briefbot beats every npm peer on BBC (R-1). */
export function evaluateGoals(results: readonly ArmResult[], skipped: readonly SkippedArm[]): Goal[] {
  const find = (id: string) => results.find((r) => r.id === id);
  const bot = find("briefbot");
  const lead = find("lead");
  const goals: Goal[] = [];

  const botCnn = bot?.cells.cnndm;
  const leadCnn = lead?.cells.cnndm;
  if (botCnn && leadCnn) {
    const pass = botCnn.scores.r1 > leadCnn.scores.r1;
    goals.push({
      goal: "briefbot beats Lead-3 on CNN/DM R-1",
      status: pass ? "PASS" : "MISS",
      detail: `${pct(botCnn.scores.r1)} vs ${pct(leadCnn.scores.r1)}; ${margin(botCnn, leadCnn)}; R-2 ${pct(botCnn.scores.r2)} vs ${pct(leadCnn.scores.r2)}, R-L ${pct(botCnn.scores.rl)} vs ${pct(leadCnn.scores.rl)}`,
    });
  } else {
    goals.push({ goal: "briefbot beats Lead-3 on CNN/DM R-1", status: "UNKNOWN", detail: "not scored" });
  }

  // Issue 9: the card as published (TL;DR, then points, first three sentences) stays above Lead-3 on CNN/DM.
  const cardCnn = find("briefbot-card-summary")?.cells.cnndm;
  if (cardCnn && leadCnn) {
    goals.push({
      goal: "the card's summary (TL;DR + points, first 3) stays above Lead-3 on CNN/DM R-1",
      status: cardCnn.scores.r1 > leadCnn.scores.r1 ? "PASS" : "MISS",
      detail: `${pct(cardCnn.scores.r1)} vs ${pct(leadCnn.scores.r1)}; ${margin(cardCnn, leadCnn)}; R-2 ${pct(cardCnn.scores.r2)} vs ${pct(leadCnn.scores.r2)}, R-L ${pct(cardCnn.scores.rl)} vs ${pct(leadCnn.scores.rl)}`,
    });
  }

  const botBbc = bot?.cells.bbc;
  const peers = results.filter((r) => r.kind === "npm" && r.cells.bbc);
  if (!botBbc || peers.length === 0) {
    goals.push({ goal: "briefbot beats every npm peer on BBC (R-1)", status: "UNKNOWN", detail: "not scored" });
  } else {
    const best = peers.reduce((a, b) => ((b.cells.bbc as Cell).scores.r1 > (a.cells.bbc as Cell).scores.r1 ? b : a));
    const bestBbc = best.cells.bbc as Cell;
    const pass = peers.every((p) => botBbc.scores.r1 > (p.cells.bbc as Cell).scores.r1);
    const alsoOn = METRICS.filter(([m]) => peers.every((p) => botBbc.scores[m] > (p.cells.bbc as Cell).scores[m])).map(
      ([, name]) => name,
    );
    const missing = skipped.filter((s) => s.id !== "briefbot");
    const status: GoalStatus = missing.length > 0 && pass ? "UNKNOWN" : pass ? "PASS" : "MISS";
    goals.push({
      goal: "briefbot beats every npm peer on BBC (R-1)",
      status,
      detail:
        `${pct(botBbc.scores.r1)} vs best peer ${best.label} ${pct(bestBbc.scores.r1)}; ${margin(botBbc, bestBbc)}; ahead of every peer on: ${alsoOn.length ? alsoOn.join(", ") : "none"}` +
        (missing.length ? `; not run: ${missing.map((s) => s.label).join(", ")}` : ""),
    });
  }
  return goals;
}
