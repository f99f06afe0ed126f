import { z } from "zod";
import { BriefbotError } from "./errors.ts";
import { parseAllowList } from "./ingest/address.ts";
import { parseEncryptionKey } from "./store/secrets.ts";

const positiveInt = z.coerce.number().int().positive();
const url = z.string().url("a URL such as https://slack.com/api/");

/** Log levels, most severe first; `LOG_LEVEL` takes one of them. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What every command may use; nothing here is a secret. */
const SettingsSchema = z.object({
  BRIEFBOT_DATA_DIR: z.string().min(1).optional(),
  BRIEFBOT_DATABASE_URL: z
    .string()
    .refine(
      (v) => {
        try {
          return ["postgres:", "postgresql:"].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: "a PostgreSQL URL such as postgres://briefbot:secret@db.example.org:5432/briefbot" },
    )
    .optional(),
  BRIEFBOT_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(2)
    .max(24 * 3600)
    .default(600),
  BRIEFBOT_BRIEFINGS_DIR: z.string().optional(),
  BRIEFBOT_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  BRIEFBOT_FETCH_TIMEOUT_MS: positiveInt.default(15_000),
  BRIEFBOT_FETCH_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  BRIEFBOT_FEED_DEADLINE_MS: positiveInt.default(120_000),
  BRIEFBOT_FETCH_ALLOW: z
    .string()
    .refine(
      (v) => {
        try {
          parseAllowList(v);
          return true;
        } catch {
          return false;
        }
      },
      { message: "host names and CIDR ranges, separated by commas (127.0.0.1, 10.0.0.0/8, intranet.example.org)" },
    )
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  NO_COLOR: z.string().optional(),
});

/** Slack and Discord: read only by the commands that talk to them (`serve`, `discord …`). */
const PlatformSchema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "a bot token starts with xoxb-").optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "an app-level token starts with xapp-").optional(),
  SLACK_API_URL: url.default("https://slack.com/api/"),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(8).optional(),
  BRIEFBOT_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => {
        try {
          parseEncryptionKey(v);
          return true;
        } catch {
          return false;
        }
      },
      { message: "32 bytes as 64 hex characters or as base64 (openssl rand -base64 32)" },
    )
    .optional(),
  BRIEFBOT_SLACK_MANAGERS: z
    .string()
    .regex(/^\s*([UWS][A-Z0-9]{2,}\s*(,\s*|$))*$/, "Slack user ids (U…) and user group ids (S…), separated by commas")
    .optional(),
  DISCORD_TOKEN: z.string().min(20, "a bot token from the Developer Portal").optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{5,25}$/, "the application's numeric id")
    .optional(),
  DISCORD_API_URL: url.default("https://discord.com/api"),
  DISCORD_SHARDS: z
    .union([z.literal("auto"), z.coerce.number().int().min(1).max(1024)], {
      message: "auto, or a number of shards from 1 to 1024",
    })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  BRIEFBOT_CONSOLE: z.enum(["on", "off"], { message: "on or off" }).default("on"),
  BRIEFBOT_CONSOLE_TOKEN: z.string().min(16, "at least 16 characters (openssl rand -hex 32)").optional(),
});

export interface SlackConfig {
  /** Verifies requests to the HTTP receiver; Socket Mode does not use it. */
  signingSecret?: string;
  apiUrl: string;
  /** A single workspace's bot token; absent when installs go through OAuth. */
  botToken?: string;
  /** Socket Mode instead of the HTTP receiver. */
  appToken?: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  /** Besides workspace admins and owners, who may subscribe and unsubscribe channels (`BRIEFBOT_SLACK_MANAGERS`). */
  managers?: string[];
  port: number;
  host: string;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string;
  /** Run the gateway through discord.js's ShardingManager: `auto` (Discord's recommendation) or a count. */
  shards?: number | "auto";
}

/** The settings every command shares. */
export interface Settings {
  /** `BRIEFBOT_DATA_DIR`, when set; the command line's `--data-dir` wins over it. */
  dataDir?: string;
  /**
   * `BRIEFBOT_DATABASE_URL`: the library in PostgreSQL, shared by several `serve` replicas; the
   * data folder then holds only local files (the console transcript).
   */
  databaseUrl?: string;
  /** `BRIEFBOT_LEASE_SECONDS`: how long a claim holds without renewal before another process may take it over. */
  leaseSeconds: number;
  /** `BRIEFBOT_BRIEFINGS_DIR`, when set; `--briefings-dir` wins over it. */
  briefingsDir?: string;
  /** A slot missed while the bot was down is still posted when it is at most this old. */
  graceMinutes: number;
  fetchTimeoutMs: number;
  fetchMaxBytes: number;
  /** How long one read of a feed may take, its items' pages included. */
  feedDeadlineMs: number;
  /** `BRIEFBOT_FETCH_ALLOW`: the private hosts and ranges fetching may reach anyway (none by default). */
  fetchAllow?: string;
  logLevel: LogLevel;
  color: boolean;
}

/** The platforms that are configured (neither is when their variables are unset), and where `serve` listens. */
export interface PlatformConfig {
  /** `PORT`: briefbot's HTTP server (`/healthz`, `/readyz`, Slack's receiver). */
  port: number;
  /** `HOST`: the address it listens on (loopback unless set). */
  host: string;
  /** The web console on the same server (`BRIEFBOT_CONSOLE`), and the token it asks for (`BRIEFBOT_CONSOLE_TOKEN`). */
  console: { enabled: boolean; token?: string };
  /** `BRIEFBOT_ENCRYPTION_KEY`: seals the Slack installations' tokens in the library. */
  encryptionKey?: Buffer;
  /** Set when Slack is configured: a signing secret and a bot token or OAuth client settings. */
  slack?: SlackConfig;
  /** Set when `DISCORD_TOKEN` is. */
  discord?: DiscordConfig;
}

export type Config = Settings & PlatformConfig;

type Env = Record<string, string | undefined>;

/** Blank variables count as unset, as in most tools that read `.env` files. */
function blankless(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")) as Record<
    string,
    string
  >;
}

function fail(problems: string[]): never {
  throw new BriefbotError("CONFIG", `invalid configuration: ${problems.join("; ")}`);
}

const issues = (error: z.ZodError): string[] => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

/**
 * The shared settings, from the environment. Reports every invalid variable at once, by name and
 * never with its value.
 *
 * @example
 * loadSettings(process.env).fetchTimeoutMs; // 15000
 */
export function loadSettings(env: Env): Settings {
  const parsed = SettingsSchema.safeParse(blankless(env));
  if (!parsed.success) fail(issues(parsed.error));
  const c = parsed.data;
  return {
    ...(c.BRIEFBOT_DATA_DIR ? { dataDir: c.BRIEFBOT_DATA_DIR } : {}),
    ...(c.BRIEFBOT_DATABASE_URL ? { databaseUrl: c.BRIEFBOT_DATABASE_URL } : {}),
    leaseSeconds: c.BRIEFBOT_LEASE_SECONDS,
    ...(c.BRIEFBOT_BRIEFINGS_DIR ? { briefingsDir: c.BRIEFBOT_BRIEFINGS_DIR } : {}),
    graceMinutes: c.BRIEFBOT_GRACE_MINUTES,
    fetchTimeoutMs: c.BRIEFBOT_FETCH_TIMEOUT_MS,
    fetchMaxBytes: c.BRIEFBOT_FETCH_MAX_BYTES,
    feedDeadlineMs: c.BRIEFBOT_FEED_DEADLINE_MS,
    ...(c.BRIEFBOT_FETCH_ALLOW ? { fetchAllow: c.BRIEFBOT_FETCH_ALLOW } : {}),
    logLevel: c.LOG_LEVEL,
    color: !c.NO_COLOR,
  };
}

/**
 * Slack and Discord settings. Which settings go together is checked on what was given, so that
 * every problem is named at once.
 */
export function loadPlatformConfig(env: Env): PlatformConfig {
  const given = blankless(env);
  const parsed = PlatformSchema.safeParse(given);
  const c = (parsed.success ? parsed.data : given) as z.infer<typeof PlatformSchema>;
  const problems = parsed.success ? [] : issues(parsed.error);
  const oauthParts = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  const oauth = oauthParts.every(Boolean);
  if (oauthParts.some(Boolean) && !oauth) {
    for (const [name, v] of [
      ["SLACK_CLIENT_ID", c.SLACK_CLIENT_ID],
      ["SLACK_CLIENT_SECRET", c.SLACK_CLIENT_SECRET],
      ["SLACK_STATE_SECRET", c.SLACK_STATE_SECRET],
    ] as const) {
      if (!v)
        problems.push(
          `${name}: required for Slack installs through OAuth (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together)`,
        );
    }
  }
  const slackWanted = Boolean(c.SLACK_BOT_TOKEN || oauth || c.SLACK_APP_TOKEN);
  // Socket Mode signs nothing: the app-level token is the credential.
  if (slackWanted && !c.SLACK_SIGNING_SECRET && !c.SLACK_APP_TOKEN)
    problems.push(
      "SLACK_SIGNING_SECRET: required for Slack over HTTP (Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode",
    );
  if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN && !oauth) {
    problems.push(
      "SLACK_BOT_TOKEN: required (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth installs)",
    );
  }
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID)
    problems.push("DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (General Information → Application ID)");
  if (c.DISCORD_APPLICATION_ID && !c.DISCORD_TOKEN)
    problems.push("DISCORD_TOKEN: required with DISCORD_APPLICATION_ID (Bot → Reset Token)");
  if (problems.length > 0) fail(problems);
  return {
    port: c.PORT,
    host: c.HOST,
    console: {
      enabled: c.BRIEFBOT_CONSOLE !== "off",
      ...(c.BRIEFBOT_CONSOLE_TOKEN ? { token: c.BRIEFBOT_CONSOLE_TOKEN } : {}),
    },
    ...(c.BRIEFBOT_ENCRYPTION_KEY ? { encryptionKey: parseEncryptionKey(c.BRIEFBOT_ENCRYPTION_KEY) } : {}),
    ...((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && (c.SLACK_BOT_TOKEN || oauth)
      ? {
          slack: {
            ...(c.SLACK_SIGNING_SECRET ? { signingSecret: c.SLACK_SIGNING_SECRET } : {}),
            apiUrl: c.SLACK_API_URL,
            ...(c.SLACK_BOT_TOKEN ? { botToken: c.SLACK_BOT_TOKEN } : {}),
            ...(c.SLACK_APP_TOKEN ? { appToken: c.SLACK_APP_TOKEN } : {}),
            ...(oauth
              ? {
                  oauth: {
                    clientId: c.SLACK_CLIENT_ID as string,
                    clientSecret: c.SLACK_CLIENT_SECRET as string,
                    stateSecret: c.SLACK_STATE_SECRET as string,
                  },
                }
              : {}),
            managers: (c.BRIEFBOT_SLACK_MANAGERS ?? "")
              .split(",")
              .map((m) => m.trim())
              .filter(Boolean),
            port: c.PORT,
            host: c.HOST,
          },
        }
      : {}),
    ...(c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID
      ? {
          discord: {
            token: c.DISCORD_TOKEN,
            applicationId: c.DISCORD_APPLICATION_ID,
            apiUrl: c.DISCORD_API_URL,
            ...(c.DISCORD_SHARDS !== undefined ? { shards: c.DISCORD_SHARDS } : {}),
          },
        }
      : {}),
  };
}

/**
 * Every setting at once: the shared ones and the platforms'. Commands that do not talk to Slack
 * or Discord use {@link loadSettings} alone, so a bad Slack token never stops an offline command.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Env): Config {
  let problems: string[] = [];
  let settings: Settings | undefined;
  let platforms: PlatformConfig | undefined;
  for (const load of [() => (settings = loadSettings(env)), () => (platforms = loadPlatformConfig(env))]) {
    try {
      load();
    } catch (error) {
      if (!(error instanceof BriefbotError)) throw error;
      problems = [...problems, error.message.replace(/^invalid configuration: /, "")];
    }
  }
  if (problems.length > 0 || !settings || !platforms) fail(problems);
  return { ...settings, ...platforms };
}

/**
 * `DISCORD_APPLICATION_ID` alone: all `briefbot discord invite` needs (no token).
 *
 * @throws {BriefbotError} naming the variable when it is unset or not an id.
 */
export function loadDiscordApplicationId(env: Env): string {
  const id = blankless(env).DISCORD_APPLICATION_ID;
  if (!id || !/^\d{5,25}$/.test(id))
    fail([
      `DISCORD_APPLICATION_ID: ${id ? "the application's numeric id" : "required"} (General Information → Application ID)`,
    ]);
  return id;
}
