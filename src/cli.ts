import { Command, CommanderError, InvalidArgumentError } from "commander";
import { DEFAULT_MAX_ARTICLE_BYTES } from "./article/read.ts";
import { type BriefIO, runBrief } from "./commands/brief.ts";
import { BriefbotError } from "./errors.ts";

export interface CliDeps extends BriefIO {
  /** Folder `briefbot brief` reads when given no argument. */
  briefingsDir: string;
}

/** Exit statuses of every command: success, failed input, usage error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Run the command line; resolves to the exit status instead of exiting, so tests can drive it. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let status: number = EXIT.OK;
  const program = new Command()
    .name("briefbot")
    .description("Turn news articles into briefing cards with attributed quotes.")
    .exitOverride()
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError("(run briefbot --help for usage)");

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
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number of bytes");
  return n;
}
