import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { BriefbotError } from "./errors.ts";

/**
 * Load `.env` from a folder into `env`, as `.env.example` invites: a variable already set (in the
 * shell, by a service manager) is never overridden. No file, nothing to do.
 *
 * @returns the file read, or undefined when there was none.
 * @throws {BriefbotError} when the file exists but cannot be read.
 */
export function loadDotEnv(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = join(dir, ".env");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR") return undefined;
    throw new BriefbotError("CONFIG", `${file}: cannot read it (${code ?? (error as Error).message})`, {
      cause: error,
    });
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] === undefined) env[name] = value;
  }
  return file;
}
