/**
 * Flags of the library benchmarks (`store-ingest.ts`, `store-search.ts`). What a user types:
 * `--articles N`, `--rounds N`, `--limit N` (as in `args.ts`). What the parent passes to the
 * process of one phase: `--phase NAME --dir PATH`.
 */
import { positiveInt, UsageError } from "./args.ts";

export interface StoreBenchArgs {
  /** How many articles to generate (10,000 for ingest, 100,000 for search by default). */
  articles?: number;
  /** Rounds (child processes per phase). */
  rounds?: number;
  /** Only the first N docs of each data file feed the variants (quick runs; not comparable). */
  limit?: number;
  /** Set in a phase's own process. */
  phase?: string;
  /** The run's temporary folder, set in a phase's own process. */
  dir?: string;
}

export function parseStoreArgs(argv: readonly string[], phases: readonly string[]): StoreBenchArgs {
  const args: StoreBenchArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--articles") args.articles = positiveInt(flag, inline ?? argv[++i]);
    else if (flag === "--rounds") args.rounds = positiveInt(flag, inline ?? argv[++i]);
    else if (flag === "--limit") args.limit = positiveInt(flag, inline ?? argv[++i]);
    else if (flag === "--phase") {
      const phase = value();
      if (!phases.includes(phase)) throw new UsageError(`--phase must be one of ${phases.join(", ")}, got ${phase}`);
      args.phase = phase;
    } else if (flag === "--dir") args.dir = value();
    else throw new UsageError(`unknown argument ${arg} (expected --articles N, --rounds N or --limit N)`);
  }
  if (args.phase !== undefined && args.dir === undefined) throw new UsageError("--phase needs --dir");
  return args;
}
