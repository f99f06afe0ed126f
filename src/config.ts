import { z } from "zod";
import { BriefbotError } from "./errors.ts";

const positiveInt = z.coerce.number().int().positive();

const url = z.string().url("a URL such as https://slack.com/api/");

const ConfigSchema = z.object({
  BRIEFBOT_DATA_DIR: z.string().min(1).default("./data"),
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "a bot token starts with xoxb-").optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith("xapp-", "an app-level token starts with xapp-").optional(),
  SLACK_API_URL: url.default("https://slack.com/api/"),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(8).optional(),
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
  BRIEFBOT_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(120),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  BRIEFBOT_BRIEFINGS_DIR: z.string().optional(),
  BRIEFBOT_FETCH_TIMEOUT_MS: positiveInt.default(15_000),
  BRIEFBOT_FETCH_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  NO_COLOR: z.string().optional(),
});

export interface SlackConfig {
  signingSecret: string;
  apiUrl: string;
  /** A single workspace's bot token; absent when installs go through OAuth. */
  botToken?: string;
  /** Socket Mode instead of the HTTP receiver. */
  appToken?: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
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

export interface Config {
  dataDir: string;
  /** A slot missed while the bot was down is still posted when it is at most this old. */
  graceMinutes: number;
  /** Set when Slack is configured: a signing secret and a bot token or OAuth client settings. */
  slack?: SlackConfig;
  /** Set when `DISCORD_TOKEN` is. */
  discord?: DiscordConfig;
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
  // Which settings go together is checked on what was given, so that every problem is named at once.
  const c = (parsed.success ? parsed.data : blankless) as z.infer<typeof ConfigSchema>;
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
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
  if (slackWanted && !c.SLACK_SIGNING_SECRET)
    problems.push("SLACK_SIGNING_SECRET: required to run the Slack adapter (Basic Information → App Credentials)");
  if (c.SLACK_SIGNING_SECRET && !c.SLACK_BOT_TOKEN && !oauth) {
    problems.push(
      "SLACK_BOT_TOKEN: required (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth installs)",
    );
  }
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID)
    problems.push("DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (General Information → Application ID)");
  if (c.DISCORD_APPLICATION_ID && !c.DISCORD_TOKEN)
    problems.push("DISCORD_TOKEN: required with DISCORD_APPLICATION_ID (Bot → Reset Token)");
  if (problems.length > 0) throw new BriefbotError("CONFIG", `invalid configuration: ${problems.join("; ")}`);
  return {
    dataDir: c.BRIEFBOT_DATA_DIR,
    graceMinutes: c.BRIEFBOT_GRACE_MINUTES,
    briefingsDir: c.BRIEFBOT_BRIEFINGS_DIR,
    fetchTimeoutMs: c.BRIEFBOT_FETCH_TIMEOUT_MS,
    fetchMaxBytes: c.BRIEFBOT_FETCH_MAX_BYTES,
    color: !c.NO_COLOR,
    ...(c.SLACK_SIGNING_SECRET && (c.SLACK_BOT_TOKEN || oauth)
      ? {
          slack: {
            signingSecret: c.SLACK_SIGNING_SECRET,
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
