/**
 * Speed benchmark: articles per second of briefbot's full card, `summarize(parseArticle(text))`, against
 * Lead-3 (the same parse, briefbot's segmenter, the first three sentences) in the same process, on the
 * CNN/DM + BBC texts. Warm-up, then interleaved rounds; medians. `npm run bench:speed [-- --rounds N --limit N]`.
 */
import { loadavg } from "node:os";
import { parseArgs } from "./args.ts";
import { briefbotCard, lead3Card } from "./briefbot.ts";
import { dataDir, loadDatasets } from "./data.ts";
import { startPeer } from "./peer-client.ts";
import { NPM_PEERS, peerProblem } from "./peers.ts";
import { describeMachine, machineInfo, runMain, writeResults } from "./report.ts";
import { median, type Throughput, timedPass, toThroughput } from "./timing.ts";

const RATIO_GOAL = 0.5;

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const line = (label: string, t: Throughput) =>
  `| ${label} | ${fmt(t.median)} | ${fmt(t.min)}–${fmt(t.max)} | ${t.rounds.length} × ${t.docs} |`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rounds = args.rounds ?? 5;
  const docs = loadDatasets(args.limit).flatMap((d) => d.docs);
  const machine = machineInfo();
  console.log(`# briefbot speed benchmark\n`);
  console.log(`data: ${dataDir()} (${docs.length} CNN/DM + BBC texts per round)`);
  console.log(`machine: ${describeMachine(machine)}`);
  const loadBefore = loadavg();
  console.log(
    `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")} (other busy processes skew the rates)`,
  );

  // Warm-up: JIT, lazily built tables, module caches.
  const warm = docs.slice(0, Math.min(300, docs.length));
  for (let i = 0; i < 2; i++) {
    await timedPass(warm, lead3Card);
    await timedPass(warm, briefbotCard);
  }
  const leadRates: number[] = [];
  const cardRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which arm goes first so drift (thermal, GC) hits both alike.
    if (r % 2 === 0) {
      leadRates.push(await timedPass(docs, lead3Card));
      cardRates.push(await timedPass(docs, briefbotCard));
    } else {
      cardRates.push(await timedPass(docs, briefbotCard));
      leadRates.push(await timedPass(docs, lead3Card));
    }
    process.stderr.write(
      `  round ${r + 1}/${rounds}: card ${fmt(cardRates.at(-1) ?? 0)}/s, Lead-3 ${fmt(leadRates.at(-1) ?? 0)}/s\n`,
    );
  }
  const lead = toThroughput(leadRates, docs.length);
  const card = toThroughput(cardRates, docs.length);
  const ratio = card.median / lead.median;

  // Peers run in their own processes (their packages patch JS built-ins), timed inside that process.
  const peerResults: Array<{ id: string; label: string; throughput: Throughput }> = [];
  const skipped: Array<{ id: string; label: string; reason: string }> = [];
  for (const peer of NPM_PEERS) {
    const problem = peerProblem(peer.id);
    if (problem) {
      skipped.push({ id: peer.id, label: peer.label, reason: problem });
      continue;
    }
    // node-summarizer runs ~80 docs/s: one round over 400 docs keeps the run short.
    const slow = peer.id === "node-summarizer-rank";
    const inputs = slow ? docs.slice(0, 400) : docs;
    try {
      const client = await startPeer(peer.id);
      try {
        const result = await client.run({
          texts: inputs.map((d) => d.text),
          ks: inputs.map(() => 3),
          warmup: slow ? 30 : 200,
          rounds: slow ? 1 : 3,
          returnOutputs: false,
        });
        peerResults.push({ id: peer.id, label: peer.label, throughput: toThroughput(result.rates, inputs.length) });
        process.stderr.write(`  ${peer.label}: ${fmt(median(result.rates))}/s\n`);
      } finally {
        client.close();
      }
    } catch (error) {
      skipped.push({ id: peer.id, label: peer.label, reason: (error as Error).message });
    }
  }

  console.log("\n| summarizer | articles/s (median) | range | rounds × docs |");
  console.log("|---|---|---|---|");
  console.log(line("briefbot full card: summarize(parseArticle(text))", card));
  console.log(line("Lead-3: parseArticle + splitSentences + first 3", lead));
  for (const p of peerResults) console.log(line(`${p.label} (3 sentences, raw text, own process)`, p.throughput));
  for (const s of skipped) console.log(`\nSKIPPED ${s.label}: ${s.reason.split("\n")[0]}`);
  const loadAfter = loadavg();
  console.log(`\nload average after: ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`);
  const status = ratio >= RATIO_GOAL ? "PASS" : "MISS";
  console.log(`\nratio briefbot / Lead-3 = ${ratio.toFixed(2)} (goal ≥ ${RATIO_GOAL}): ${status}`);

  const file = writeResults("speed", {
    kind: "speed",
    date: new Date().toISOString(),
    machine,
    limit: args.limit ?? null,
    docsPerRound: docs.length,
    briefbotCard: card,
    lead3: lead,
    ratio,
    loadAverage: { before: loadBefore, after: loadAfter },
    goal: { ratioAtLeast: RATIO_GOAL, status },
    peers: peerResults,
    skipped,
  });
  console.log(`results: ${file}`);
}

runMain(main);
