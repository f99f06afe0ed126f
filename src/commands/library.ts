import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import type { FetchOptions } from "../ingest/fetch.ts";
import type { IngestItem, IngestSummary } from "../ingest/ingest.ts";
import type { BriefingCard } from "../schemas.ts";
import { DATABASE_FILE, openStore, type Store } from "../store/store.ts";
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

/** The library file of a data folder. */
export function libraryFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/**
 * Run `fn` on the library when it exists; a command that only reads never creates one. Without a
 * library, `fn` gets `undefined` and says so.
 */
export function readLibrary<T>(dataDir: string, fn: (store: Store | undefined) => T): T {
  if (!existsSync(libraryFile(dataDir))) return fn(undefined);
  const store = openStore({ dataDir });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** How a command names an empty or missing library. */
export function describeLibrary(dataDir: string, store: Store | undefined): string {
  const file = libraryFile(dataDir);
  if (!store) return `there is no library at ${file} yet (briefbot ingest <files|folders|urls> makes one)`;
  const n = store.countArticles();
  return `the library ${file} holds ${n} article${n === 1 ? "" : "s"}`;
}

/**
 * `briefbot ingest <path|url|feed-url>…`: exit 0 when every source was stored or skipped as a
 * duplicate, 1 when any failed (the others are still stored).
 */
export async function runIngest(
  sources: string[],
  opts: { json?: boolean; dataDir: string },
  io: LibraryIO,
): Promise<number> {
  if (sources.length === 0) throw new UsageError("ingest needs at least one file, folder, URL or feed URL");
  const { ingestSources } = await import("../ingest/ingest.ts");
  const store = openStore({ dataDir: opts.dataDir });
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
    store.close();
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
  opts: { json?: boolean; watch?: boolean; dataDir: string },
  io: LibraryIO,
): Promise<number> {
  const { nextFeedDue, pollDueFeeds } = await import("../ingest/ingest.ts");
  const store = openStore({ dataDir: opts.dataDir });
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
      const due = nextFeedDue(store)?.getTime() ?? io.now().getTime() + MIN_POLL_SLEEP_MS;
      await sleep(Math.max(MIN_POLL_SLEEP_MS, due - io.now().getTime()), signal);
    } while (!signal?.aborted);
  } finally {
    store.close();
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
export function runSearch(
  query: string,
  opts: { since?: string; limit?: number; lang?: string; json?: boolean; dataDir: string },
  io: LibraryIO,
): number {
  const since = opts.since ? parseSince(opts.since, io.now()) : undefined;
  const { cards, library } = readLibrary(opts.dataDir, (store) => ({
    cards: store?.findCards(query, { since, limit: opts.limit ?? 10, lang: opts.lang }) ?? [],
    library: describeLibrary(opts.dataDir, store),
  }));
  if (opts.json) io.stdout(`${JSON.stringify(cards, null, 2)}\n`);
  else if (cards.length === 0) io.stdout(`No cards match “${query}”: ${library}.\n`);
  else io.stdout(`${cards.map(io.renderCardLine).join("\n")}\n`);
  return 0;
}

/** `briefbot briefing`: the cards of articles dated within `--since`, backlog left out, newest first. */
export function runBriefing(
  opts: { since?: string; topic?: string; limit?: number; json?: boolean; dataDir: string },
  io: LibraryIO,
): number {
  const since = parseSince(opts.since ?? "24h", io.now());
  const { cards, library } = readLibrary(opts.dataDir, (store) => ({
    cards: store?.recentCards({ since, topic: opts.topic, limit: opts.limit ?? 10, by: "dated" }) ?? [],
    library: describeLibrary(opts.dataDir, store),
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
