/**
 * Speed benchmark: articles per second of briefbot's full card, `summarize(parseArticle(text))`, against
 * Lead-3 (the same parse, briefbot's segmenter, the first three sentences) in the same process, on the
 * CNN/DM + BBC texts. Warm-up, then interleaved rounds; medians. `npm run bench:speed [-- --rounds N --limit N]`.
 */
import { loadavg } from "node:os";
import { briefbotCard, lead3Card } from "./briefbot.ts";
import { dataDir, loadDatasets } from "./data.ts";
import { readFlags } from "./lib/flags.ts";
import { loadLine, printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { fmt, median, roundOrder, type Throughput, timedPass, toThroughput } from "./lib/stats.ts";
import { startPeer } from "./peer-client.ts";
import { NPM_PEERS, peerProblem } from "./peers.ts";

const RATIO_GOAL = 0.5;

const row = (label: string, t: Throughput) => [
  label,
  fmt(t.median),
  `${fmt(t.min)}–${fmt(t.max)}`,
  `${t.rounds.length} × ${t.docs}`,
];

async function main(): Promise<void> {
  const args = readFlags({ rounds: 5, limit: undefined });
  const { rounds } = args;
  const docs = loadDatasets(args.limit).flatMap((d) => d.docs);
  const machine = printHeader(
    "briefbot speed benchmark",
    `data: ${dataDir()} (${docs.length} CNN/DM + BBC texts per round)`,
  );
  const loadBefore = loadavg();
  console.log(`${loadLine("before")} (other busy processes skew the rates)`);

  // Warm-up: JIT, lazily built tables, module caches.
  const warm = docs.slice(0, Math.min(300, docs.length));
  for (let i = 0; i < 2; i++) {
    await timedPass(warm, lead3Card);
    await timedPass(warm, briefbotCard);
  }
  const leadRates: number[] = [];
  const cardRates: number[] = [];
  const arms = [
    { rates: leadRates, run: lead3Card },
    { rates: cardRates, run: briefbotCard },
  ];
  for (let r = 0; r < rounds; r++) {
    for (const arm of roundOrder(arms, r)) arm.rates.push(await timedPass(docs, arm.run));
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

  console.log(
    `\n${table(
      ["summarizer", "articles/s (median)", "range", "rounds × docs"],
      [
        row("briefbot full card: summarize(parseArticle(text))", card),
        row("Lead-3: parseArticle + splitSentences + first 3", lead),
        ...peerResults.map((p) => row(`${p.label} (3 sentences, raw text, own process)`, p.throughput)),
      ],
    )}`,
  );
  for (const s of skipped) console.log(`\nSKIPPED ${s.label}: ${s.reason.split("\n")[0]}`);
  const loadAfter = loadavg();
  console.log(`\n${loadLine("after")}`);
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
