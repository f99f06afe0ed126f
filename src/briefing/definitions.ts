import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { BriefbotError } from "../errors.ts";
import { DestinationSchema, type Subscription } from "../schemas.ts";
import { checkSchedule, checkTimeZone, ScheduleError, timeOfDayCron } from "./schedule.ts";
import { parseSpan } from "./span.ts";

/** Cards in a briefing unless its definition says otherwise. */
export const DEFAULT_MAX_CARDS = 5;
/** The origin of subscriptions that come from definition files. */
export const DEFINITIONS_ORIGIN = "definitions";

const WEEKDAY = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/**
 * A briefing definition file (YAML or JSON), e.g.
 * `{ "name": "morning", "schedule": "30 7 * * 1-5", "timezone": "Europe/Amsterdam", "destinations": ["console"] }`.
 * `schedule` is a cron expression or `HH:MM` (with optional `weekdays`).
 */
export const DefinitionSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, "letters, digits, dots, dashes and underscores, at most 64"),
    schedule: z.string().min(1),
    weekdays: z.array(WEEKDAY).min(1).optional(),
    timezone: z.string().min(1),
    destinations: z.array(DestinationSchema).min(1, "at least one destination"),
    topic: z.string().min(1).optional(),
    maxCards: z.number().int().min(1).max(10).default(DEFAULT_MAX_CARDS),
    firstLookback: z
      .string()
      .refine(
        (v) => parseSpan(v) !== undefined,
        "a span such as 24h or 7d (a number and m, h, d or w), at most ten years",
      )
      .optional(),
  })
  .strict();
export type Definition = z.infer<typeof DefinitionSchema>;

/** What to set for a platform a definition names. */
const PLATFORM_SETUP: Record<string, string> = {
  slack:
    "set SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN, or SLACK_APP_TOKEN with SLACK_BOT_TOKEN, or the OAuth settings",
  discord: "set DISCORD_TOKEN and DISCORD_APPLICATION_ID",
};

/** Definitions that cannot be read: every problem, each named with its file and field. */
export class DefinitionError extends BriefbotError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super("CONFIG", `briefing definitions: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

/**
 * Read every `*.yaml`, `*.yml` and `*.json` briefing definition under a folder (articles beside
 * them are left alone) into subscriptions. With `platforms`, a destination on a platform that is
 * not configured is a problem too (`slack:C0123` without Slack's settings). With
 * `slackWorkspaceRequired` (Slack installs through OAuth and has no bot token of its own), a Slack
 * channel must name its workspace (`slack:T0123/C0123`): no token could post to it otherwise.
 *
 * @throws {DefinitionError} listing every problem found, not just the first.
 */
export async function loadDefinitions(
  dir: string,
  options: { platforms?: ReadonlySet<string>; slackWorkspaceRequired?: boolean } = {},
): Promise<Subscription[]> {
  let files: string[];
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    files = entries
      .filter((e) => e.isFile() && [".yaml", ".yml", ".json"].includes(extname(e.name).toLowerCase()))
      .map((e) => join(e.parentPath ?? dir, e.name))
      .sort();
  } catch (error) {
    throw new DefinitionError([`${dir}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  const problems: string[] = [];
  const byName = new Map<string, string>();
  const out: Subscription[] = [];
  for (const file of files) {
    const where = relative(process.cwd(), file) || file;
    const def = await readDefinition(file, where, problems);
    if (!def) continue;
    const first = byName.get(def.id);
    if (first) {
      problems.push(`${where}: name: "${def.id}" is taken by ${first}`);
      continue;
    }
    byName.set(def.id, where);
    const unserved = options.platforms
      ? def.destinations.filter((d) => !options.platforms?.has(d.split(":")[0] as string))
      : [];
    for (const d of unserved) {
      const platform = d.split(":")[0] as string;
      problems.push(
        `${where}: destinations: ${d}: ${platform} is not configured (${PLATFORM_SETUP[platform] ?? "see the README"})`,
      );
    }
    const unnamed = options.slackWorkspaceRequired
      ? def.destinations.filter((d) => d.startsWith("slack:") && !d.includes("/"))
      : [];
    for (const d of unnamed) {
      const channel = d.slice("slack:".length);
      problems.push(
        `${where}: destinations: ${d}: Slack installs through OAuth, so name the channel's workspace (slack:T…/${channel}, the team id /brief shows)`,
      );
    }
    if (unserved.length > 0 || unnamed.length > 0) continue;
    out.push(def);
  }
  if (problems.length > 0) throw new DefinitionError(problems);
  return out;
}

async function readDefinition(file: string, where: string, problems: string[]): Promise<Subscription | undefined> {
  let data: unknown;
  try {
    const text = await readFile(file, "utf8");
    data = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    problems.push(
      `${where}: not valid ${file.endsWith(".json") ? "JSON" : "YAML"} (${(error as Error).message.split("\n")[0]})`,
    );
    return undefined;
  }
  const parsed = DefinitionSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${where}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
    return undefined;
  }
  const d = parsed.data;
  let schedule: string;
  try {
    schedule = /^\d{1,2}:\d{2}$/.test(d.schedule.trim()) ? timeOfDayCron(d.schedule, d.weekdays) : d.schedule;
    if (d.weekdays && !/^\d{1,2}:\d{2}$/.test(d.schedule.trim())) {
      throw new ScheduleError("weekdays go with an HH:MM schedule; put them in the cron expression instead");
    }
    checkSchedule(schedule);
  } catch (error) {
    problems.push(`${where}: schedule: ${(error as Error).message}`);
    return undefined;
  }
  try {
    checkTimeZone(d.timezone);
  } catch (error) {
    problems.push(`${where}: timezone: ${(error as Error).message}`);
    return undefined;
  }
  return {
    id: d.name,
    origin: DEFINITIONS_ORIGIN,
    schedule,
    timezone: d.timezone,
    maxCards: d.maxCards,
    destinations: d.destinations,
    ...(d.topic ? { topic: d.topic } : {}),
    ...(d.firstLookback ? { firstLookback: d.firstLookback } : {}),
  };
}
