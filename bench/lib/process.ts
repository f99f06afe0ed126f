/**
 * Benchmark work in other Node processes: a phase whose peak memory is its own (`runPhase`), a
 * load generator that must not share the event loop (`runJson`), a whole benchmark (`runScript`).
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../data.ts";

const script = (name: string) => join(REPO_ROOT, "bench", name);

/** Run `bench/<name>` in a child with this process's loader flags; its last stdout line is its JSON result. */
export function runPhase<T>(name: string, args: readonly string[]): T {
  const result = spawnSync(process.execPath, [...process.execArgv, script(name), ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${name} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as T;
}

/** The same without blocking this process's event loop (when the system under test lives here). */
export function runJson<T>(name: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script(name), ...args], { cwd: REPO_ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1) ?? ""))
        : reject(new Error(`${name} failed: ${err}`)),
    );
  });
}

/** Prints a phase's result for the parent: one JSON line on standard output. */
export function reportPhase(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Run a whole benchmark in its own process, its output on ours; resolves to its exit status. */
export function runScript(name: string, args: readonly string[]): number {
  const result = spawnSync(process.execPath, [...process.execArgv, script(name), ...args], {
    stdio: "inherit",
    cwd: REPO_ROOT,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
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
