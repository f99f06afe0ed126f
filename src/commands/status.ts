import { describeSlot, isoInZone } from "../briefing/clock.ts";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../briefing/definitions.ts";
import { nextSlot } from "../briefing/schedule.ts";
import { BriefbotError } from "../errors.ts";
import { consoleAccessProblem } from "../listen.ts";
import type { Subscription } from "../schemas.ts";
import { inertLine } from "../terminal.ts";
import type { CommandContext, Paths } from "./context.ts";
import { describePlace, readLibrary } from "./library.ts";
import { definitionRules } from "./serve.ts";

/** What `briefbot status --json` prints. */
export interface StatusReport {
  library: {
    /** Which engine holds the library: the SQLite file, or PostgreSQL (`BRIEFBOT_DATABASE_URL`). */
    engine: "sqlite" | "postgres";
    /** The SQLite file, or the PostgreSQL URL without its password. */
    file: string;
    exists: boolean;
    articles: number;
    cards: number;
    stale: number;
    summarizer: string;
  };
  feeds: Array<{ url: string; lastRead: string | null; error?: string }>;
  subscriptions: Array<{
    name: string;
    origin: string;
    destinations: string[];
    schedule: string;
    timezone: string;
    topic?: string;
    /** The next slot, ISO with the zone's offset; null when the schedule never comes again. */
    next: string | null;
  }>;
  /** The platforms configured besides the console. */
  platforms: string[];
  briefings: { dir: string; from: Paths["briefingsFrom"] };
  /** What stops `serve` or a platform from working: bad settings, bad definitions. */
  problems: string[];
  /** What works but should not be left so: Slack tokens stored unencrypted. */
  warnings: string[];
}

/**
 * `briefbot status`: the library, followed feeds, subscriptions with their next slot in their own
 * time zone, and the configured platforms. Exit 1 when a problem is listed.
 */
export async function runStatus(opts: { json?: boolean } & Paths, ctx: CommandContext): Promise<number> {
  const problems: string[] = [];
  const summarizer = await ctx.summarizer();
  let platforms: string[] = [];
  let rules: ReturnType<typeof definitionRules> | undefined;
  const warnings: string[] = [];
  try {
    const config = await ctx.platformConfig();
    const refused = consoleAccessProblem(config.host, config.console);
    if (refused) problems.push(refused);
    rules = definitionRules(config);
    platforms = [...rules.platforms].filter((p) => p !== "console");
    if (config.slack?.oauth && !config.encryptionKey)
      warnings.push(
        "Slack installs through OAuth keep each workspace's bot token in the library unencrypted: set BRIEFBOT_ENCRYPTION_KEY (openssl rand -base64 32)",
      );
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    problems.push(error.message);
  }
  let definitions: Subscription[] = [];
  try {
    definitions = await loadDefinitions(opts.briefingsDir, rules ?? {});
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    problems.push(error.message);
  }
  const now = ctx.now();
  const file = await describePlace(opts);
  const report = await readLibrary(opts, async (store): Promise<StatusReport> => {
    const counts = (await store?.countCards(summarizer.version)) ?? { cards: 0, stale: 0 };
    // What `serve` would run: the definitions in the folder, and the channels' own subscriptions.
    const fromChats = ((await store?.ledger.subscriptions()) ?? []).filter(
      (s) => s.active && s.origin !== DEFINITIONS_ORIGIN,
    );
    return {
      library: {
        engine: opts.databaseUrl ? "postgres" : "sqlite",
        file,
        exists: Boolean(store),
        articles: (await store?.countArticles()) ?? 0,
        ...counts,
        summarizer: summarizer.version,
      },
      feeds: ((await store?.feeds.list()) ?? []).map((f) => ({
        url: f.url,
        lastRead: f.lastPolledAt,
        ...(f.lastError ? { error: f.lastError } : {}),
      })),
      subscriptions: [...definitions, ...fromChats].map((s) => {
        const next = nextSlot(s.schedule, s.timezone, now);
        return {
          name: s.id,
          origin: s.origin,
          destinations: s.destinations,
          schedule: s.schedule,
          timezone: s.timezone,
          ...(s.topic ? { topic: s.topic } : {}),
          next: next ? isoInZone(next, s.timezone) : null,
        };
      }),
      platforms,
      briefings: { dir: opts.briefingsDir, from: opts.briefingsFrom },
      problems,
      warnings,
    };
  });
  if (opts.json) ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else ctx.stdout(formatStatus(report, now));
  return problems.length > 0 ? 1 : 0;
}

function formatStatus(r: StatusReport, now: Date): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    r.library.exists
      ? `library   ${r.library.file}: ${plural(r.library.articles, "article")}, ${plural(r.library.cards, "card")}${r.library.stale ? ` (${r.library.stale} made by an older summarizer: briefbot rebuild)` : ""}`
      : `library   ${r.library.file}: none yet (briefbot ingest <files|folders|urls> makes one)`,
    `briefings ${r.briefings.dir} (${r.briefings.from})`,
    `platforms ${["console", ...r.platforms].join(", ")}`,
  ];
  lines.push(r.feeds.length === 0 ? "feeds     none followed" : "feeds");
  for (const f of r.feeds)
    lines.push(`  ${f.url}  ${f.lastRead ? `read ${f.lastRead}` : "never read"}${f.error ? `  ✗ ${f.error}` : ""}`);
  lines.push(r.subscriptions.length === 0 ? "scheduled none" : "scheduled");
  for (const s of r.subscriptions) {
    const when = s.next ? describeSlot(new Date(s.next), s.timezone, now) : "never again";
    lines.push(
      `  ${s.name}  ${s.schedule}${s.topic ? ` about “${s.topic}”` : ""} → ${s.destinations.join(", ")}  next: ${when}`,
    );
  }
  for (const w of r.warnings) lines.push(`! ${w}`);
  for (const p of r.problems) lines.push(`✗ ${p}`);
  // Feed titles and errors, topics given in Slack: other people's words, inert on the terminal.
  return `${lines.map(inertLine).join("\n")}\n`;
}
