import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConsolePublisher } from "../../adapters/console/publisher.ts";
import { DEFINITIONS_ORIGIN, loadDefinitions } from "../../src/briefing/definitions.ts";
import { nextSlot } from "../../src/briefing/schedule.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { openStore } from "../../src/store/index.ts";
import { BIN, briefbot, briefbotAsync, CLI_ENV } from "../cli/run.ts";
import { startWebServer } from "../fakes/web-server.ts";
import { ARTICLES, FIXTURES, recordingLogger, SEED } from "../helpers.ts";

/** The console's own hostile page: `<script>`, `<img onerror>`, Slack and Discord pings, a 20,000-character sentence. */
export const HOSTILE = join(FIXTURES, "console", "hostile-page.txt");

export interface ConsoleLibrary {
  dataDir: string;
  briefingsDir: string;
  /** The seed (Poetin, Dutch), the hostile page, and an item its feed listed on its first read. */
  ids: { seed: string; hostile: string; backlog: string };
}

const definition = (name: string, topic: string, destination: string) =>
  `name: ${name}\nschedule: "*/5 * * * *"\ntimezone: Europe/Amsterdam\ntopic: ${topic}\nmaxCards: 5\ndestinations: [${destination}]\n`;

/** The one card a search finds first, through the command line. */
function firstHit(dataDir: string, query: string): string {
  const r = briefbot(["search", query, "--json", "--data-dir", dataDir]);
  const id = (JSON.parse(r.stdout) as Array<{ articleId: string }>)[0]?.articleId;
  if (!id) throw new Error(`no card matches ${query}: ${r.stderr}`);
  return id;
}

/**
 * A real library filled as a user fills one: the seed, the project's fixture articles, the hostile
 * pages and a feed (its first read is backlog) ingested through the command line; two briefings
 * (`oekraine` to the console, `haven` to `console:haven`); then one slot of each delivered by the
 * delivery engine with the console publisher, so that the ledger holds a real delivery.
 */
export async function buildConsoleLibrary(): Promise<ConsoleLibrary> {
  const dataDir = mkdtempSync(join(tmpdir(), "briefbot-console-data-"));
  const briefingsDir = mkdtempSync(join(tmpdir(), "briefbot-console-defs-"));
  writeFileSync(join(briefingsDir, "oekraine.yaml"), definition("oekraine", "oekraine", "console"));
  writeFileSync(join(briefingsDir, "havens.yaml"), definition("havens", "haven", "console:haven"));
  const files = briefbot([
    "ingest",
    SEED,
    ARTICLES,
    HOSTILE,
    join(FIXTURES, "bad", "hostile.md"),
    "--data-dir",
    dataDir,
  ]);
  if (files.status !== 0) throw new Error(`ingest failed: ${files.stderr}`);
  const web = await startWebServer();
  try {
    // Not the blocking runner: the fake site answers from this process.
    const feed = await briefbotAsync(["ingest", `${web.url}/feeds/news.rss`, "--data-dir", dataDir]);
    if (feed.status !== 0) throw new Error(`feed ingest failed: ${feed.stderr}`);
  } finally {
    await web.close();
  }
  const ids = {
    seed: firstHit(dataDir, "oekraine"),
    hostile: firstHit(dataDir, "okonkwo"),
    backlog: firstHit(dataDir, "ferry"),
  };

  // One slot of each briefing, delivered: the subscriptions are synced as serve syncs them, and the
  // engine's clock moves just past the next slot (every five minutes) so that exactly it is due.
  // (Every store call is awaited: the same lines hold for a store whose calls return promises.)
  let at = Date.now();
  const store = await openStore({ dataDir, now: () => new Date(at) });
  try {
    await store.ledger.syncSubscriptions(DEFINITIONS_ORIGIN, await loadDefinitions(briefingsDir), new Date(at));
    const engine = createDeliveryEngine({
      store,
      publishers: { console: createConsolePublisher({ write: () => {} }) },
      log: recordingLogger().log,
      now: () => new Date(at),
    });
    at = (nextSlot("*/5 * * * *", "Europe/Amsterdam", new Date(at)) as Date).getTime() + 1_000;
    await engine.runDue();
  } finally {
    await store.close();
  }
  return { dataDir, briefingsDir, ids };
}

export interface RunningConsole {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `briefbot console` on a free loopback port, as a person starts it; resolves once it listens. */
export function startConsole(library: ConsoleLibrary, env: Record<string, string> = {}): Promise<RunningConsole> {
  const child = spawn(
    process.execPath,
    [BIN, "console", "--data-dir", library.dataDir, "--briefings-dir", library.briefingsDir],
    { env: { ...process.env, ...CLI_ENV, LOG_LEVEL: "warn", ...env } },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const url = /briefbot console: (http:\/\/\S+\/)/.exec(out)?.[1];
      if (url) resolve({ url: url.replace(/\/$/, ""), child, stop });
    });
    child.stderr?.on("data", (d) => {
      err += d;
    });
    child.once("exit", (code) => reject(new Error(`briefbot console exited ${code}: ${err}`)));
  });
}
