/**
 * The benchmarks' command lines, read by Node's own `util.parseArgs`: each benchmark declares its
 * flags and defaults; a bad flag is one line and exit 2 (see `runMain`).
 *
 * @example
 * const { requests, rounds } = readFlags({ requests: 2000, rounds: 3 });
 */
import { parseArgs } from "node:util";

/** A bad command line: reported as one line, without a stack. */
export class UsageError extends Error {}

type Spec = Record<string, number | string | boolean | undefined>;
type Flags<S extends Spec> = { [K in keyof S]: S[K] extends undefined ? number | undefined : S[K] };

/**
 * Read `--name value` (or `--name=value`) flags. A numeric default makes a positive whole number;
 * `undefined` an optional positive whole number; a string a string; a boolean a switch.
 */
export function readFlags<S extends Spec>(spec: S, argv: readonly string[] = process.argv.slice(2)): Flags<S> {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, value]) => [name, { type: typeof value === "boolean" ? "boolean" : "string" }]),
  ) as Record<string, { type: "string" | "boolean" }>;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    const known = Object.keys(spec).map((n) => `--${n}`);
    throw new UsageError(`${(error as Error).message} (this benchmark takes ${known.join(", ")})`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(spec)) {
    const raw = values[name];
    if (typeof fallback === "boolean") out[name] = raw ?? fallback;
    else if (typeof fallback === "string") out[name] = raw ?? fallback;
    else if (raw === undefined) out[name] = fallback;
    else out[name] = positiveInt(`--${name}`, String(raw));
  }
  return out as Flags<S>;
}

function positiveInt(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} needs a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * The library benchmarks' flags: what a user types (`--articles N --rounds N --limit N`) and what
 * the parent passes to the process of one phase (`--phase NAME --dir PATH`).
 */
export function storeFlags<P extends string>(phases: readonly P[], rounds = phases.includes("fill" as P) ? 1 : 3) {
  const flags = readFlags({ articles: undefined, rounds, limit: undefined, phase: "", dir: "" });
  if (flags.phase && !phases.includes(flags.phase as P))
    throw new UsageError(`--phase must be one of ${phases.join(", ")}, got ${flags.phase}`);
  if (flags.phase && !flags.dir) throw new UsageError("--phase needs --dir");
  return { ...flags, phase: (flags.phase || undefined) as P | undefined, dir: flags.dir };
}
