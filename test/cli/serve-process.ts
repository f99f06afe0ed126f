import { type ChildProcess, spawn } from "node:child_process";
import { BIN, CLI_ENV } from "./run.ts";

/** A `briefbot serve` running as a user would start it, with its log lines kept. */
export interface ServeProcess {
  child: ChildProcess;
  /** Everything written to stderr so far (pino's JSON lines). */
  log(): string;
  /** The parsed log lines so far. */
  lines(): Array<Record<string, unknown>>;
  /** Resolves to the exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  /** Wait until a log line matches, or fail with the log after `timeoutMs`. */
  until(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function startServe(args: string[], env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, [BIN, "serve", ...args], { env: { ...process.env, ...CLI_ENV, ...env } });
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
  });
  child.stdout?.resume();
  const exited = new Promise<number | string | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  const lines = () =>
    err
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    log: () => err,
    lines,
    exited,
    async until(match, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = lines().find(match);
        if (found) return found;
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no such log line; serve said:\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Poll `check` until it holds, or fail naming `what`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
