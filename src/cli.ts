import { Command, CommanderError, InvalidArgumentError } from "commander";
import { DEFAULT_MAX_ARTICLE_BYTES } from "./article/read.ts";
import { type BriefIO, runBrief } from "./commands/brief.ts";
import { runExtract } from "./commands/extract.ts";
import { type LibraryIO, runBriefing, runIngest, runPoll, runSearch } from "./commands/library.ts";
import { runDeliveries, runServe, type ServeIO } from "./commands/serve.ts";
import { BriefbotError } from "./errors.ts";

export interface CliDeps extends BriefIO, LibraryIO, Omit<ServeIO, "stdout" | "now" | "untilStopped"> {
  /** Register the Discord slash commands (in one guild, or globally); resolves to how many. */
  registerDiscordCommands: (guildId?: string) => Promise<number>;
  /** Run one Discord shard's gateway client until SIGTERM (started by the ShardingManager). */
  runDiscordShard: (dataDir: string) => Promise<void>;
  /** Folder `briefbot brief` reads when given no argument. */
  briefingsDir: string;
  /** Folder of the database, unless `--data-dir` says otherwise. */
  dataDir: string;
}

/** Exit statuses of every command: success, failed input, usage error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Run the command line; resolves to the exit status instead of exiting, so tests can drive it. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let status: number = EXIT.OK;
  const program = new Command()
    .name("briefbot")
    .description("Turn news articles into briefing cards with attributed quotes.")
    .option("--data-dir <dir>", "folder of the database (default: BRIEFBOT_DATA_DIR or ./data)")
    .exitOverride()
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError("(run briefbot --help for usage)");
  const dataDir = (): string => (program.opts().dataDir as string | undefined) ?? deps.dataDir;

  program
    .command("brief")
    .description("print the briefing card of an article file, of standard input (-), or of every article in a folder")
    .argument("[file]", "article file (.txt, .md, .html), - for standard input, or a folder", deps.briefingsDir)
    .option("--json", "print the card as JSON (an array for a folder)")
    .option("--lang <code>", "the article's language (nl, en, …) instead of detecting it")
    .option("--format <format>", "read the input as text, markdown or html instead of guessing", parseFormat)
    .option("--max-bytes <n>", `refuse inputs larger than this (default ${DEFAULT_MAX_ARTICLE_BYTES})`, parsePositive)
    .action(async (file: string, opts) => {
      status = await runBrief(file, opts, deps);
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
    .action(async (source: string, opts) => {
      status = await runExtract(source, opts, deps);
    });

  program
    .command("ingest")
    .description("store articles from files, folders, web pages and RSS/Atom feeds in the library")
    .argument("<sources...>", "files, folders, page URLs or feed URLs")
    .option("--json", "print the summary as JSON")
    .action(async (sources: string[], opts) => {
      status = await runIngest(sources, { ...opts, dataDir: dataDir() }, deps);
    });

  program
    .command("poll")
    .description("read every followed feed whose polling interval has passed")
    .option("--json", "print the summary as JSON (one line per round with --watch)")
    .option("--watch", "keep polling until SIGINT or SIGTERM")
    .action(async (opts) => {
      status = await runPoll({ ...opts, dataDir: dataDir() }, deps);
    });

  program
    .command("search")
    .description("find cards in the library by relevance and recency")
    .argument("<query...>", "words to look for (case and accents do not matter)")
    .option("--since <span>", "only articles dated within this span (30m, 24h, 7d) or since a date")
    .option("--limit <n>", "at most this many cards (default 10)", parsePositive)
    .option("--lang <code>", "only articles in this language")
    .option("--json", "print an array of cards as JSON")
    .action((query: string[], opts) => {
      status = runSearch(query.join(" "), { ...opts, dataDir: dataDir() }, deps);
    });

  program
    .command("briefing")
    .description("print what a morning briefing would carry: cards added within a span")
    .option("--since <span>", "the window (default 24h)", "24h")
    .option("--topic <words>", "only cards about this topic")
    .option("--limit <n>", "at most this many cards (default 10)", parsePositive)
    .option("--json", "print an array of cards as JSON")
    .action((opts) => {
      status = runBriefing({ ...opts, dataDir: dataDir() }, deps);
    });

  program
    .command("serve")
    .description("post the briefings defined in briefings/ on their schedules until SIGTERM or SIGINT")
    .option("--json", "the console publisher writes one JSON line per delivered briefing")
    .action(async (opts) => {
      status = await runServe({ ...opts, dataDir: dataDir(), briefingsDir: deps.briefingsDir }, deps);
    });

  program
    .command("deliveries")
    .description("show the delivery ledger")
    .option("--failed", "only failed deliveries")
    .option("--json", "print an array of { subscription, slot, destination, status, messageRef, attempts, error }")
    .action((opts) => {
      status = runDeliveries({ ...opts, dataDir: dataDir() }, deps);
    });

  const discord = program.command("discord").description("Discord administration");
  discord
    .command("register")
    .description("put the /brief and /briefing slash commands in place (global, or in one guild for development)")
    .option("--guild <id>", "register in this guild only: instant, for development")
    .action(async (opts: { guild?: string }) => {
      const n = await deps.registerDiscordCommands(opts.guild);
      deps.stdout(
        `registered ${n} commands ${opts.guild ? `in guild ${opts.guild}` : "globally (they may take up to an hour to appear)"}\n`,
      );
    });

  discord
    .command("shard", { hidden: true })
    .description("run one Discord shard (the ShardingManager starts these; see DISCORD_SHARDS)")
    .action(async () => {
      await deps.runDiscordShard(dataDir());
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.OK;
      if (error.code === "commander.help") return EXIT.OK;
      return EXIT.USAGE;
    }
    if (error instanceof BriefbotError) {
      deps.stderr(`briefbot: ${error.message}\n`);
      return error.code === "USAGE" ? EXIT.USAGE : EXIT.FAILED;
    }
    throw error;
  }
  return status;
}

function parseFormat(value: string): "text" | "markdown" | "html" {
  if (value === "text" || value === "markdown" || value === "html") return value;
  throw new InvalidArgumentError("expected text, markdown or html");
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}
