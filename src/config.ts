import { z } from "zod";
import { BriefbotError } from "./errors.ts";

const positiveInt = z.coerce.number().int().positive();

const ConfigSchema = z.object({
  BRIEFBOT_DATA_DIR: z.string().min(1).default("./data"),
  BRIEFBOT_BRIEFINGS_DIR: z.string().optional(),
  BRIEFBOT_FETCH_TIMEOUT_MS: positiveInt.default(15_000),
  BRIEFBOT_FETCH_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  NO_COLOR: z.string().optional(),
});

export interface Config {
  dataDir: string;
  briefingsDir?: string;
  fetchTimeoutMs: number;
  fetchMaxBytes: number;
  color: boolean;
}

/**
 * The one reader of the environment. Reports every invalid variable at once, by name.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ConfigSchema.safeParse(blankless);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new BriefbotError("CONFIG", `invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    dataDir: c.BRIEFBOT_DATA_DIR,
    briefingsDir: c.BRIEFBOT_BRIEFINGS_DIR,
    fetchTimeoutMs: c.BRIEFBOT_FETCH_TIMEOUT_MS,
    fetchMaxBytes: c.BRIEFBOT_FETCH_MAX_BYTES,
    color: !c.NO_COLOR,
  };
}
