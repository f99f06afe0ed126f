import { UsageError } from "../errors.ts";
import type { FetchOptions } from "../ingest/fetch.ts";
import type { IngestItem, IngestSummary } from "../ingest/ingest.ts";
import type { BriefingCard } from "../schemas.ts";
import { libraryFile, openExistingStore, openStore, type Store } from "../store/index.ts";
import type { Summarizer } from "../summarize/port.ts";
import type { ProgressDisplay } from "./context.ts";
import { parseSince } from "./since.ts";

export type { ProgressDisplay } from "./context.ts";

/** What the library commands need from the composition root. */
export interface LibraryIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  renderCard: (card: BriefingCard) => string;
  renderCardLine: (card: BriefingCard) => string;
  /** A progress display for bulk ingests, when the terminal can show one. */
  progress?: () => ProgressDisplay | undefined;
  now: () => Date;
  fetch: FetchOptions;
  /** How long one read of a feed may take (`BRIEFBOT_FEED_DEADLINE_MS`). */
  feedDeadlineMs?: number;
  summarizer: Summarizer;
  /**
   * For long-running commands: a signal aborted on SIGINT or SIGTERM, after which they finish what
   * is in flight and return. Only those commands ask, so a short one still stops at once.
   */
  untilStopped?: () => AbortSignal;
}

/** `poll --watch` never sleeps less than this between rounds, whatever the feeds ask. */
export const MIN_POLL_SLEEP_MS = 30_000;

/** Ingests at or above this many sources show a progress bar. */
export const PROGRESS_FROM = 10;

/** Where a library is: the data folder's SQLite file, or PostgreSQL (`BRIEFBOT_DATABASE_URL`). */
export interface LibraryPlace {
  dataDir: string;
  databaseUrl?: string;
}

export { libraryFile } from "../store/index.ts";

/** How the commands name a library: its SQLite file, or the PostgreSQL URL without its password. */
export async function describePlace(place: LibraryPlace): Promise<string> {
  if (!place.databaseUrl) return libraryFile(place.dataDir);
  const { redactUrl } = await import("../store/postgres/pool.ts");
  return redactUrl(place.databaseUrl);
}

/** Open the library of a place, creating it when missing. */
export function openLibrary(
  place: LibraryPlace,
  extra: { now?: () => Date; encryptionKey?: Buffer } = {},
): Promise<Store> {
  return openStore({
    dataDir: place.dataDir,
    ...(place.databaseUrl ? { databaseUrl: place.databaseUrl } : {}),
    ...extra,
  });
}

/**
 * Run `fn` on the library when it exists; a command that only reads never creates one. Without a
 * library, `fn` gets `undefined` and says so.
 */
export async function readLibrary<T>(place: LibraryPlace, fn: (store: Store | undefined) => Promise<T>): Promise<T> {
  const store = await openExistingStore({
    dataDir: place.dataDir,
    ...(place.databaseUrl ? { databaseUrl: place.databaseUrl } : {}),
  });
  if (!store) return fn(undefined);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** How a command names an empty or missing library. */
export async function describeLibrary(place: LibraryPlace, store: Store | undefined): Promise<string> {
  const where = await describePlace(place);
  if (!store) return `there is no library at ${where} yet (briefbot ingest <files|folders|urls> makes one)`;
  const n = await store.countArticles();
  return `the library ${where} holds ${n} article${n === 1 ? "" : "s"}`;
}

/**
 * `briefbot ingest <path|url|feed-url>…`: exit 0 when every source was stored or skipped as a
 * duplicate, 1 when any failed (the others are still stored).
 */
export async function runIngest(
  sources: string[],
  opts: { json?: boolean } & LibraryPlace,
  io: LibraryIO,
): Promise<number> {
  if (sources.length === 0) throw new UsageError("ingest needs at least one file, folder, URL or feed URL");
  const { ingestSources } = await import("../ingest/ingest.ts");
  const store = await openLibrary(opts);
  let bar: ProgressDisplay | undefined;
  let summary: IngestSummary;
  try {
    summary = await ingestSources(sources, {
      store,
      summarizer: io.summarizer,
      fetch: io.fetch,
      ...(io.feedDeadlineMs ? { feedDeadlineMs: io.feedDeadlineMs } : {}),
      onProgress: ({ done, total, item }) => {
        if (done === 0 && total >= PROGRESS_FROM && !opts.json) {
          bar = io.progress?.();
          bar?.start(total);
        }
        if (item) bar?.update(done, item.source);
      },
    });
  } finally {
    bar?.stop();
    await store.close();
  }
  if (opts.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else io.stdout(formatSummary(summary));
  return summary.failed > 0 ? 1 : 0;
}

/**
 * `briefbot poll`: read every followed feed that is due. With `--watch`, keep polling, sleeping
 * until the next feed falls due, until SIGINT or SIGTERM.
 */
export async function runPoll(
  opts: { json?: boolean; watch?: boolean } & LibraryPlace,
  io: LibraryIO,
): Promise<number> {
  const { nextFeedDue, pollDueFeeds } = await import("../ingest/ingest.ts");
  const store = await openLibrary(opts);
  const signal = opts.watch ? io.untilStopped?.() : undefined;
  let status = 0;
  try {
    do {
      const summary = await pollDueFeeds(
        {
          store,
          summarizer: io.summarizer,
          fetch: io.fetch,
          ...(io.feedDeadlineMs ? { feedDeadlineMs: io.feedDeadlineMs } : {}),
        },
        io.now(),
      );
      io.stdout(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      if (summary.failed > 0) status = 1;
      if (!opts.watch) break;
      const due = (await nextFeedDue(store))?.getTime() ?? io.now().getTime() + MIN_POLL_SLEEP_MS;
      await sleep(Math.max(MIN_POLL_SLEEP_MS, due - io.now().getTime()), signal);
    } while (!signal?.aborted);
  } finally {
    await store.close();
  }
  return status;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `briefbot search <query>`: the best matching cards, by relevance and recency. */
export async function runSearch(
  query: string,
  opts: { since?: string; limit?: number; lang?: string; json?: boolean } & LibraryPlace,
  io: LibraryIO,
): Promise<number> {
  const since = opts.since ? parseSince(opts.since, io.now()) : undefined;
  const { cards, library } = await readLibrary(opts, async (store) => ({
    cards: (await store?.findCards(query, { since, limit: opts.limit ?? 10, lang: opts.lang })) ?? [],
    library: await describeLibrary(opts, store),
  }));
  if (opts.json) io.stdout(`${JSON.stringify(cards, null, 2)}\n`);
  else if (cards.length === 0) io.stdout(`No cards match “${query}”: ${library}.\n`);
  else io.stdout(`${cards.map(io.renderCardLine).join("\n")}\n`);
  return 0;
}

/** `briefbot briefing`: the cards of articles dated within `--since`, backlog left out, newest first. */
export async function runBriefing(
  opts: { since?: string; topic?: string; limit?: number; json?: boolean } & LibraryPlace,
  io: LibraryIO,
): Promise<number> {
  const since = parseSince(opts.since ?? "24h", io.now());
  const { cards, library } = await readLibrary(opts, async (store) => ({
    cards: (await store?.recentCards({ since, topic: opts.topic, limit: opts.limit ?? 10, by: "dated" })) ?? [],
    library: await describeLibrary(opts, store),
  }));
  if (opts.json) io.stdout(`${JSON.stringify(cards, null, 2)}\n`);
  else if (cards.length === 0)
    io.stdout(`Nothing dated since ${since.toISOString()}${opts.topic ? ` about “${opts.topic}”` : ""}: ${library}.\n`);
  else io.stdout(cards.map(io.renderCard).join("\n"));
  return 0;
}

function formatSummary(s: IngestSummary): string {
  const lines = [`added ${s.added}, updated ${s.updated}, skipped ${s.skipped}, failed ${s.failed}`];
  for (const f of s.feeds) {
    const what =
      f.status === "read"
        ? `${f.items} items${f.backlog ? " (first read: stored as backlog, not posted)" : ""}${f.left ? `; ${f.left} left for the next poll (the read's deadline passed)` : ""}`
        : f.status;
    lines.push(`feed ${f.url}: ${f.error ?? what}`);
  }
  const show = (i: IngestItem) => `  ${i.outcome === "failed" ? "✗" : "·"} ${i.source}: ${i.reason}`;
  for (const i of s.items.filter((i) => i.outcome === "failed")) lines.push(show(i));
  for (const i of s.items.filter((i) => i.outcome === "skipped" && i.reason !== "already in the library"))
    lines.push(show(i));
  return `${lines.join("\n")}\n`;
}
