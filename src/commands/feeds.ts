import { BriefbotError } from "../errors.ts";
import { inertLine } from "../terminal.ts";
import type { CommandContext } from "./context.ts";
import { describeLibrary, type LibraryPlace, readLibrary } from "./library.ts";

/** One followed feed, as `briefbot feeds --json` prints it. */
export interface FeedStatus {
  url: string;
  title: string | null;
  /** When the feed was last read (successfully or not), ISO; null before its first read. */
  lastRead: string | null;
  /** Why the last read failed. */
  error?: string;
}

/** `briefbot feeds [--json]`: the followed feeds, with their last read and error. */
export async function runFeeds(
  opts: { json?: boolean } & LibraryPlace,
  ctx: Pick<CommandContext, "stdout">,
): Promise<number> {
  const { feeds, library } = await readLibrary(opts, async (store) => ({
    feeds: ((await store?.feeds.list()) ?? []).map(
      (f): FeedStatus => ({
        url: f.url,
        title: f.title,
        lastRead: f.lastPolledAt,
        ...(f.lastError ? { error: f.lastError } : {}),
      }),
    ),
    library: await describeLibrary(opts, store),
  }));
  if (opts.json) ctx.stdout(`${JSON.stringify(feeds, null, 2)}\n`);
  else if (feeds.length === 0) ctx.stdout(`No feeds are followed: ${library}.\n`);
  else
    ctx.stdout(
      `${feeds
        .map((f) =>
          // A feed's title and its errors are the feed's words: inert on the terminal.
          inertLine(
            `${f.url}${f.title ? `  “${f.title}”` : ""}  ${f.lastRead ? `read ${f.lastRead}` : "never read"}${f.error ? `  ✗ ${f.error}` : ""}`,
          ),
        )
        .join("\n")}\n`,
    );
  return 0;
}

/** `briefbot feeds remove <url>`: stop following a feed; exit 1 when it was not followed. */
export async function runRemoveFeed(
  url: string,
  opts: LibraryPlace,
  ctx: Pick<CommandContext, "stdout">,
): Promise<number> {
  const removed = await readLibrary(opts, async (store) => (await store?.feeds.remove(url)) ?? false);
  if (!removed) throw new BriefbotError("NOT_FOUND", `${url} is not a followed feed (briefbot feeds lists them)`);
  ctx.stdout(`No longer following ${inertLine(url)}; its articles stay in the library.\n`);
  return 0;
}
