/** The few command-line flags the benchmarks take: `--limit N`, `--rounds N`. */

export interface BenchArgs {
  /** Only the first N docs of each file (quick iteration; numbers are then not comparable). */
  limit?: number;
  /** Timed rounds per summarizer in the speed benchmark. */
  rounds?: number;
}

/** A bad command line: reported as one line, without a stack. */
export class UsageError extends Error {}

export function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n <= 0) {
    throw new UsageError(
      `${flag} needs a positive integer, got ${raw === undefined ? "nothing" : JSON.stringify(raw)}`,
    );
  }
  return n;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    if (flag === "--limit" || flag === "--rounds") {
      const value = inline ?? argv[++i];
      args[flag === "--limit" ? "limit" : "rounds"] = positiveInt(flag, value);
    } else {
      throw new UsageError(`unknown argument ${arg} (expected --limit N or --rounds N)`);
    }
  }
  return args;
}
