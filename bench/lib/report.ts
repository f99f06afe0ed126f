/** Shared output helpers: machine facts, tables, result files, the missing-data exit. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { MissingDataError, REPO_ROOT } from "../data.ts";
import { UsageError } from "./flags.ts";

export interface MachineInfo {
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}`;
}

/** Writes `bench/results/<name>-<stamp>.json` and `<name>-latest.json`; returns the stamped path. */
export function writeResults(name: string, data: unknown): string {
  const dir = join(REPO_ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const json = `${JSON.stringify(data, null, 2)}\n`;
  const file = join(dir, `${name}-${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, `${name}-latest.json`), json);
  return file;
}

/** Runs a benchmark's main, turning missing data or a bad flag into a clear message and exit code 2. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof MissingDataError || error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}

/** The load average, for saying whether other work was running beside a benchmark. */
export function loadLine(when: string): string {
  return `load average ${when}: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}

/** A Markdown table, as `docs/BENCHMARKS.md` holds them. */
export function table(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** The header every benchmark prints: its title and the machine it ran on. */
export function printHeader(title: string, ...lines: string[]): MachineInfo {
  const machine = machineInfo();
  console.log(`# ${title}\n`);
  for (const line of lines) console.log(line);
  console.log(`machine: ${describeMachine(machine)}`);
  return machine;
}
