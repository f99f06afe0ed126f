/**
 * The benchmarks, quality, speed, the library's ingest and search, then delivery fan-out, Slack's
 * acknowledgements and Discord's interactions, each in its own process so the speed numbers start
 * from a fresh heap and JIT. `npm run bench [-- --limit N --rounds N]`: `--limit` goes to the four
 * dataset benchmarks, `--rounds` to the speed benchmark only (the others keep their own defaults).
 * Stops at, and exits non-zero for, the first that fails.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type BenchArgs, parseArgs, UsageError } from "./args.ts";
import { REPO_ROOT } from "./data.ts";

function runScript(script: string, args: string[]): number {
  const result = spawnSync(process.execPath, [...process.execArgv, join(REPO_ROOT, "bench", script), ...args], {
    stdio: "inherit",
    cwd: REPO_ROOT,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const limit = args.limit !== undefined ? ["--limit", String(args.limit)] : [];
const rounds = args.rounds !== undefined ? ["--rounds", String(args.rounds)] : [];

let status = runScript("quality.ts", limit);
if (status === 0) {
  console.log("");
  status = runScript("speed.ts", [...limit, ...rounds]);
}
for (const script of ["store-ingest.ts", "store-search.ts"]) {
  if (status !== 0) break;
  console.log("");
  status = runScript(script, limit);
}
// Delivery and the platforms' slash commands: no dataset, so `--limit` does not apply.
for (const script of ["delivery.ts", "slack-ack.ts", "discord-interactions.ts"]) {
  if (status !== 0) break;
  console.log("");
  status = runScript(script, []);
}
process.exitCode = status;
