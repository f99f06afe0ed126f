/**
 * Every benchmark in turn, each in its own process so the speed numbers start from a fresh heap and
 * JIT. `npm run bench [-- --limit N --rounds N]`: `--limit` goes to the dataset benchmarks, `--rounds`
 * to the speed benchmark only. Stops at, and exits non-zero for, the first that fails.
 */
import { readFlags } from "./lib/flags.ts";
import { runScript } from "./lib/process.ts";
import { runMain } from "./lib/report.ts";

runMain(async () => {
  const flags = readFlags({ limit: undefined, rounds: undefined });
  const limit = flags.limit !== undefined ? ["--limit", String(flags.limit)] : [];
  const rounds = flags.rounds !== undefined ? ["--rounds", String(flags.rounds)] : [];
  const plan: Array<[string, string[]]> = [
    ["quality.ts", limit],
    ["speed.ts", [...limit, ...rounds]],
    ["store-ingest.ts", limit],
    ["store-search.ts", limit],
    // Start-up, delivery and the platforms' slash commands: no dataset, so `--limit` does not apply.
    ["startup.ts", []],
    ["delivery.ts", []],
    ["slack-ack.ts", []],
    ["discord-interactions.ts", []],
  ];
  let status = 0;
  for (const [script, args] of plan) {
    if (status !== 0) break;
    status = runScript(script, args);
    console.log("");
  }
  process.exitCode = status;
});
