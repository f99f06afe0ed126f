import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

export const BIN = join(ROOT, "bin", "briefbot.js");

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What every run gets: no colour, `serve`'s HTTP server on a free loopback port, and fetching
 * allowed to reach the local fakes on 127.0.0.1 (private addresses are refused otherwise).
 */
export const CLI_ENV = { NO_COLOR: "1", PORT: "0", HOST: "127.0.0.1", BRIEFBOT_FETCH_ALLOW: "127.0.0.1" };

/** Run the real executable, as a user would, with colour off. */
export function briefbot(
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Ran {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd,
    encoding: "utf8",
    env: { ...process.env, ...CLI_ENV, ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking the event loop (for tests that also run a server in this process). */
export function briefbotAsync(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...CLI_ENV, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
