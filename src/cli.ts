import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { ArticleFormat } from "./article/parse.ts";
import { DEFAULT_MAX_ARTICLE_BYTES } from "./article/read.ts";
import type { CommandContext, Paths } from "./commands/context.ts";
import type { Settings } from "./config.ts";
import { BriefbotError } from "./errors.ts";
import { parseAllowList } from "./ingest/address.ts";
import { PACKAGE_ROOT } from "./paths.ts";

/** Exit statuses of every command: success, failed input, usage error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

const SINCE_HELP =
  "only articles dated within this span (30m, 24h, 7d, 2w) or since a date; an article's date is when it was published, else when it was added";

/**
 * Run the command line; resolves to the exit status instead of exiting, so tests can drive it.
 * Each command's module is imported when the command runs: `--help` loads none of them.
 */
export async function runCli(argv: readonly string[], ctx: CommandContext): Promise<number> {
  let status: number = EXIT.OK;
  const program = new Command()
    .name("briefbot")
    .description("Turn news articles into briefing cards with attributed quotes.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--data-dir <dir>", "folder of the library (default: BRIEFBOT_DATA_DIR, else ./data)")
    .option(
      "--briefings-dir <dir>",
      "folder of articles and briefing definitions (default: BRIEFBOT_BRIEFINGS_DIR, else ./briefings when it exists, else the bundled one)",
    )
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .showHelpAfterError("(run briefbot --help for usage)");
  const paths = async (): Promise<Paths> => resolvePaths(program.opts(), await ctx.settings(), ctx.bundledBriefings);

  program
    .command("brief")
    .description("print the briefing card of an article file, of standard input (-), or of every article in a folder")
    .argument(
      "[file]",
      "article file (.txt, .md, .html), - for standard input, or a folder (default: the briefings folder)",
    )
    .option("--json", "print the card as JSON (an array for a folder)")
    .option("--lang <code>", "the article's language (nl, en, …) instead of detecting it")
    .option("--format <format>", "read the input as text, markdown or html instead of guessing", parseFormat)
    .option("--max-bytes <n>", `refuse inputs larger than this (default ${DEFAULT_MAX_ARTICLE_BYTES})`, parsePositive)
    .action(async (file: string | undefined, opts: BriefFlags) => {
      const { runBrief } = await import("./commands/brief.ts");
      const target = file ?? (await paths()).briefingsDir;
      status = await runBrief(target, opts, await briefIO(ctx));
    });

  program
    .command("extract")
    .description("print the article briefbot reads from a file, a web page or standard input (-), before any summary")
    .argument("<source>", "article file (.html, .md, .txt), page URL, or - for standard input")
    .option("--json", "print the article as JSON: { id, title?, url?, source?, publishedAt?, lang, paragraphs, text }")
    .option(
      "--format <format>",
      "read a file or standard input as text, markdown or html instead of guessing",
      parseFormat,
    )
    .action(async (source: string, opts: { json?: boolean; format?: ArticleFormat }) => {
      const { runExtract } = await import("./commands/extract.ts");
      const io = await libraryIO(ctx);
      status = await runExtract(source, opts, { ...io, stdin: ctx.stdin });
    });

  program
    .command("ingest")
    .description("store articles from files, folders, web pages and RSS/Atom feeds in the library")
    .argument("<sources...>", "files, folders, page URLs or feed URLs")
    .option("--json", "print the summary as JSON")
    .action(async (sources: string[], opts: { json?: boolean }) => {
      const { runIngest } = await import("./commands/library.ts");
      status = await runIngest(sources, { ...opts, ...libraryOf(await paths()) }, await libraryIO(ctx));
    });

  program
    .command("poll")
    .description("read every followed feed whose polling interval has passed")
    .option("--json", "print the summary as JSON (one line per round with --watch)")
    .option("--watch", "keep polling until SIGINT or SIGTERM")
    .action(async (opts: { json?: boolean; watch?: boolean }) => {
      const { runPoll } = await import("./commands/library.ts");
      status = await runPoll({ ...opts, ...libraryOf(await paths()) }, await libraryIO(ctx));
    });

  program
    .command("search")
    .description("find cards in the library by relevance and recency")
    .argument("<query...>", "words to look for (case and accents do not matter)")
    .option("--since <span>", SINCE_HELP)
    .option("--limit <n>", "at most this many cards (default 10)", parsePositive)
    .option("--lang <code>", "only articles in this language")
    .option("--json", "print an array of cards as JSON")
    .action(async (query: string[], opts: { since?: string; limit?: number; lang?: string; json?: boolean }) => {
      const { runSearch } = await import("./commands/library.ts");
      status = await runSearch(query.join(" "), { ...opts, ...libraryOf(await paths()) }, await libraryIO(ctx));
    });

  program
    .command("briefing")
    .description("print what a briefing would carry: the cards of articles dated within a span, backlog left out")
    .option("--since <span>", `${SINCE_HELP} (default 24h)`, "24h")
    .option("--topic <words>", "only cards about this topic")
    .option("--limit <n>", "at most this many cards (default 10)", parsePositive)
    .option("--json", "print an array of cards as JSON")
    .action(async (opts: { since?: string; topic?: string; limit?: number; json?: boolean }) => {
      const { runBriefing } = await import("./commands/library.ts");
      status = await runBriefing({ ...opts, ...libraryOf(await paths()) }, await libraryIO(ctx));
    });

  program
    .command("rebuild")
    .description("make the cards again that an older summarizer made")
    .option("--json", "print { summarizer, rebuilt, failed, cards } as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { runRebuild } = await import("./commands/rebuild.ts");
      status = await runRebuild({ ...opts, ...libraryOf(await paths()) }, ctx);
    });

  program
    .command("status")
    .description("show the library, followed feeds, subscriptions with their next slot, and the configured platforms")
    .option("--json", "print the status as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { runStatus } = await import("./commands/status.ts");
      status = await runStatus({ ...opts, ...(await paths()) }, ctx);
    });

  const feeds = program.command("feeds").description("list or remove followed feeds");
  feeds
    .command("list", { isDefault: true })
    .description("list the followed feeds with their last read and error (the default)")
    .option("--json", "print an array of { url, title, lastRead, error } as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { runFeeds } = await import("./commands/feeds.ts");
      status = await runFeeds({ ...opts, ...libraryOf(await paths()) }, ctx);
    });
  feeds
    .command("remove")
    .description("stop following a feed (its stored articles stay in the library)")
    .argument("<url>", "the feed's URL, as `briefbot feeds` lists it")
    .action(async (url: string) => {
      const { runRemoveFeed } = await import("./commands/feeds.ts");
      status = await runRemoveFeed(url, { ...libraryOf(await paths()) }, ctx);
    });

  program
    .command("serve")
    .description("post the briefings defined in the briefings folder on their schedules until SIGTERM or SIGINT")
    .option("--json", "the console publisher writes one JSON line per delivered briefing")
    .action(async (opts: { json?: boolean }) => {
      const { runServe } = await import("./commands/serve.ts");
      status = await runServe({ ...opts, ...(await paths()) }, ctx);
    });

  program
    .command("console")
    .description("serve the read-only web console alone on PORT and HOST (serve includes it) until SIGTERM or SIGINT")
    .action(async () => {
      const { runConsole } = await import("./commands/console.ts");
      status = await runConsole(await paths(), ctx);
    });

  program
    .command("migrate")
    .description(
      "create the library or bring its schema up to date (serve does this at start too), and report its version",
    )
    .option("--json", "print { engine, library, from, version } as JSON")
    .action(async (opts: { json?: boolean }) => {
      const report = await ctx.migrate(libraryOf(await paths()));
      ctx.stdout(
        opts.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : `${report.library} (${report.engine}): schema version ${report.version}${report.from === report.version ? ", up to date" : report.from === 0 ? ", created" : `, migrated from ${report.from}`}\n`,
      );
    });

  program
    .command("deliveries")
    .description("show the delivery ledger")
    .option("--failed", "only failed deliveries")
    .option("--json", "print an array of { subscription, slot, destination, status, messageRef, attempts, error }")
    .action(async (opts: { failed?: boolean; json?: boolean }) => {
      const { runDeliveries } = await import("./commands/serve.ts");
      status = await runDeliveries({ ...opts, ...libraryOf(await paths()) }, ctx);
    });

  const discord = program.command("discord").description("Discord administration");
  discord
    .command("register")
    .description("put the /brief and /briefing slash commands in place (global, or in one guild for development)")
    .option("--guild <id>", "register in this guild only: instant, for development")
    .action(async (opts: { guild?: string }) => {
      const n = await ctx.registerDiscordCommands(opts.guild);
      ctx.stdout(
        `registered ${n} commands ${opts.guild ? `in guild ${opts.guild}` : "globally (they may take up to an hour to appear)"}\n`,
      );
    });
  discord
    .command("invite")
    .description("print the OAuth2 URL that adds the bot to a server, with the scopes and permissions it needs")
    .option("--json", "print { url, scopes, permissions, permissionBits } as JSON")
    .action(async (opts: { json?: boolean }) => {
      const invite = await ctx.discordInvite();
      ctx.stdout(
        opts.json
          ? `${JSON.stringify(invite, null, 2)}\n`
          : `${invite.url}\n\nscopes: ${invite.scopes.join(", ")}\npermissions: ${invite.permissions.join(", ")}\n`,
      );
    });
  discord
    .command("shard", { hidden: true })
    .description("run one Discord shard (the ShardingManager starts these; see DISCORD_SHARDS)")
    .action(async () => {
      await ctx.runDiscordShard(libraryOf(await paths()));
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return EXIT.OK;
      return EXIT.USAGE;
    }
    if (error instanceof BriefbotError) {
      ctx.stderr(`briefbot: ${error.message}\n`);
      return error.code === "USAGE" ? EXIT.USAGE : EXIT.FAILED;
    }
    throw error;
  }
  return status;
}

/** Where a command's library is: the data folder, or PostgreSQL when `BRIEFBOT_DATABASE_URL` is set. */
function libraryOf(paths: Paths): { dataDir: string; databaseUrl?: string } {
  return { dataDir: paths.dataDir, ...(paths.databaseUrl ? { databaseUrl: paths.databaseUrl } : {}) };
}

interface BriefFlags {
  json?: boolean;
  lang?: string;
  format?: ArticleFormat;
  maxBytes?: number;
}

/** The paths after the global options, the environment and the current folder, in that order. */
export function resolvePaths(
  flags: { dataDir?: string; briefingsDir?: string },
  settings: Pick<Settings, "dataDir" | "briefingsDir" | "databaseUrl">,
  bundled: string,
): Paths {
  const library = {
    dataDir: flags.dataDir ?? settings.dataDir ?? "./data",
    ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : {}),
  };
  if (flags.briefingsDir) return { ...library, briefingsDir: flags.briefingsDir, briefingsFrom: "--briefings-dir" };
  if (settings.briefingsDir)
    return { ...library, briefingsDir: settings.briefingsDir, briefingsFrom: "BRIEFBOT_BRIEFINGS_DIR" };
  if (existsSync(resolve("briefings")) && resolve("briefings") !== resolve(bundled))
    return { ...library, briefingsDir: "briefings", briefingsFrom: "./briefings" };
  return { ...library, briefingsDir: bundled, briefingsFrom: "bundled" };
}

async function briefIO(ctx: CommandContext) {
  const terminal = await ctx.terminal();
  return {
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    stdin: ctx.stdin,
    renderCard: terminal.renderCard,
    summarizer: await ctx.summarizer(),
  };
}

async function libraryIO(ctx: CommandContext) {
  const settings = await ctx.settings();
  const terminal = await ctx.terminal();
  return {
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    renderCard: terminal.renderCard,
    renderCardLine: terminal.renderCardLine,
    progress: terminal.progress,
    now: ctx.now,
    fetch: {
      timeoutMs: settings.fetchTimeoutMs,
      maxBytes: settings.fetchMaxBytes,
      allow: parseAllowList(settings.fetchAllow),
    },
    feedDeadlineMs: settings.feedDeadlineMs,
    summarizer: await ctx.summarizer(),
    untilStopped: ctx.untilStopped,
  };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

function parseFormat(value: string): ArticleFormat {
  if (value === "text" || value === "markdown" || value === "html") return value;
  throw new InvalidArgumentError("expected text, markdown or html");
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}
