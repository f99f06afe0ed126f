import { DEFINITIONS_ORIGIN, loadDefinitions } from "../briefing/definitions.ts";
import { BriefbotError } from "../errors.ts";
import { consoleAccessProblem } from "../listen.ts";
import type { Subscription } from "../schemas.ts";
import { openExistingStore } from "../store/index.ts";
import type { CommandContext, Paths } from "./context.ts";
import { describeLibrary } from "./library.ts";
import { consoleUrl } from "./serve.ts";

/**
 * `briefbot console`: the web console alone, on `PORT` and `HOST`, for a library served by no
 * platform (or by a `serve` elsewhere): read only, until SIGINT or SIGTERM. The schedule shows the
 * briefing folder's definitions as `serve` would run them.
 */
export async function runConsole(opts: Paths, ctx: CommandContext): Promise<number> {
  const signal = ctx.untilStopped();
  const config = await ctx.platformConfig();
  if (!config.console.enabled)
    throw new BriefbotError("CONFIG", "BRIEFBOT_CONSOLE is off: unset it to serve the console");
  const refused = consoleAccessProblem(config.host, config.console);
  if (refused) throw new BriefbotError("CONFIG", refused);
  const log = await ctx.logger();
  let definitions: Subscription[] = [];
  const problems: string[] = [];
  try {
    definitions = await loadDefinitions(opts.briefingsDir);
  } catch (error) {
    if (!(error instanceof BriefbotError)) throw error;
    problems.push(error.message);
  }
  // A console only reads: it never creates a library to show an empty one.
  const store = await openExistingStore({
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    now: ctx.now,
  });
  if (!store) throw new BriefbotError("NOT_FOUND", await describeLibrary(opts, undefined));
  let server: Awaited<ReturnType<CommandContext["consoleServer"]>> | undefined;
  try {
    server = await ctx.consoleServer(store, { definitions, problems, log });
    const port = await server.listen();
    log.info(
      { port, console: consoleUrl(config.host, port), library: store.location, from: DEFINITIONS_ORIGIN },
      "console",
    );
    ctx.stdout(`briefbot console: ${consoleUrl(config.host, port)} (library ${store.location}); Ctrl-C stops it\n`);
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    return 0;
  } finally {
    await server?.stop();
    await store.close();
  }
}
