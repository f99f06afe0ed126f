/**
 * Runs one phase of a benchmark in its own Node process (so its peak memory is its own) and reads
 * the JSON it prints as the last line of standard output. Progress goes to standard error.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./data.ts";

export function runPhase<T>(script: string, args: readonly string[]): T {
  const result = spawnSync(process.execPath, [...process.execArgv, join(REPO_ROOT, "bench", script), ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${script} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

/** Prints a phase's result for the parent: one JSON line on standard output. */
export function reportPhase(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Removes the run's temporary folder on exit, Ctrl-C included. */
export function removeOnExit(dir: string): () => void {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    remove();
  };
}
