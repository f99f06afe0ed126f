/**
 * Quality benchmark: ROUGE-1/2/L of briefbot and its peers on CNN/DM (SummEval) and BBC News Summary,
 * side by side in one run. `npm run bench:quality [-- --limit N]`.
 */

import { referenceSentenceCount } from "./briefbot.ts";
import { type Dataset, dataDir, loadDatasets } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { describeMachine, machineInfo, runMain, writeResults } from "./lib/report.ts";
import { startPeer } from "./peer-client.ts";
import { peerProblem } from "./peers.ts";
import { type Arm, type LocalArm, type PeerArm, qualityArms, type SkippedArm } from "./quality-arms.ts";
import { type ArmResult, type Cell, evaluateGoals, markdownTable, notes } from "./quality-report.ts";
import { meanScores, rouge } from "./rouge.ts";

/** k per document: 3 on CNN/DM, the reference's sentence count on BBC. */
function sentencesWanted(dataset: Dataset, reference: string): number {
  return dataset.name === "cnndm" ? 3 : referenceSentenceCount(reference);
}

function score(dataset: Dataset, outputs: readonly string[][], errors: number, seconds: number): Cell {
  const scores = dataset.docs.map((doc, i) => rouge(outputs[i] ?? [], doc.reference));
  const empty = outputs.filter((o) => o.length === 0).length;
  const r1PerDoc = scores.map((s) => s.r1);
  return { docs: dataset.docs.length, scores: meanScores(scores), empty, errors, seconds, r1PerDoc };
}

function runLocal(arm: LocalArm, dataset: Dataset): Cell {
  const outputs: string[][] = [];
  let errors = 0;
  const started = performance.now();
  for (const doc of dataset.docs) {
    try {
      outputs.push(arm.run(doc, sentencesWanted(dataset, doc.reference)));
    } catch (error) {
      outputs.push([]);
      if (++errors <= 3) console.error(`  ${arm.label} threw on ${doc.id}: ${(error as Error).message}`);
    }
  }
  return score(dataset, outputs, errors, (performance.now() - started) / 1000);
}

async function runPeer(arm: PeerArm, datasets: Dataset[]): Promise<ArmResult["cells"]> {
  const cells: ArmResult["cells"] = {};
  const client = await startPeer(arm.peer);
  try {
    for (const dataset of datasets) {
      process.stderr.write(`  scoring ${arm.label} on ${dataset.label}…\n`);
      const texts = dataset.docs.map((d) => d.text);
      const ks = dataset.docs.map((d) => sentencesWanted(dataset, d.reference));
      const result = await client.run({ texts, ks, warmup: 0, rounds: 1, returnOutputs: true });
      for (const sample of result.errorSamples) console.error(`  ${arm.label} threw: ${sample}`);
      const seconds = texts.length / (result.rates[0] ?? Number.POSITIVE_INFINITY);
      cells[dataset.name] = score(dataset, result.outputs ?? [], result.errors, seconds);
    }
  } finally {
    client.close();
  }
  return cells;
}

async function runArm(arm: Arm, datasets: Dataset[]): Promise<ArmResult> {
  const wanted = datasets.filter((d) => !arm.only || arm.only.includes(d.name));
  if (arm.where === "child") return { id: arm.id, label: arm.label, kind: arm.kind, cells: await runPeer(arm, wanted) };
  const cells: ArmResult["cells"] = {};
  for (const dataset of wanted) {
    process.stderr.write(`  scoring ${arm.label} on ${dataset.label}…\n`);
    cells[dataset.name] = runLocal(arm, dataset);
  }
  return { id: arm.id, label: arm.label, kind: arm.kind, cells };
}

async function main(): Promise<void> {
  const args = readFlags({ limit: undefined });
  const datasets = loadDatasets(args.limit);
  const machine = machineInfo();
  console.log(`# briefbot quality benchmark\n`);
  console.log(`data: ${dataDir()} (${datasets.map((d) => `${d.label} ${d.docs.length} docs`).join(", ")})`);
  console.log(`machine: ${describeMachine(machine)}`);
  if (args.limit !== undefined) console.log(`--limit ${args.limit}: partial run, not comparable to full-data numbers`);

  const results: ArmResult[] = [];
  const skipped: SkippedArm[] = [];
  for (const arm of qualityArms()) {
    const problem = arm.where === "child" ? peerProblem(arm.peer) : undefined;
    if (problem) {
      skipped.push({ id: arm.id, label: arm.label, reason: problem });
      console.log(`\nSKIPPED ${arm.label}:\n${problem}`);
      continue;
    }
    try {
      results.push(await runArm(arm, datasets));
    } catch (error) {
      const reason = (error as Error).message;
      skipped.push({ id: arm.id, label: arm.label, reason });
      console.log(`\nFAILED ${arm.label}: ${reason}`);
    }
  }

  const goals = evaluateGoals(results, skipped);
  console.log(`\n${markdownTable(results)}\n`);
  console.log("ROUGE F1 %, lowercased Unicode word tokens, no stemming, one reference, macro average over docs.");
  console.log("BBC k = the reference's sentence count (briefbot's segmenter); node-summarizer seeded per doc.");
  console.log("npm peers each ran in their own child process (their packages patch JS built-ins).\n");
  for (const line of notes(results)) console.log(`- ${line}`);
  console.log("\nGoals:");
  for (const g of goals) console.log(`- ${g.status} ${g.goal}: ${g.detail}`);

  const file = writeResults("quality", {
    kind: "quality",
    date: new Date().toISOString(),
    machine,
    limit: args.limit ?? null,
    data: datasets.map((d) => ({ name: d.name, file: d.file, docs: d.docs.length })),
    metric: "ROUGE F1 (fraction), lowercased [\\p{L}\\p{N}]+ tokens, no stemming, one reference, whole-text LCS",
    results,
    skipped,
    goals,
  });
  console.log(`\nresults: ${file}`);
}

runMain(main);
