import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runRebuild } from "../../src/commands/rebuild.ts";
import type { Summarizer } from "../../src/summarize/port.ts";
import { ROOT, SEED, summarizer } from "../helpers.ts";
import { briefbot } from "./run.ts";

const temp = (name: string) => mkdtempSync(join(tmpdir(), `briefbot-${name}-`));
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const definition = (name: string) =>
  `name: ${name}\nschedule: "07:30"\ntimezone: Europe/Amsterdam\ndestinations: [console]\n`;

describe("the command line's conventions", () => {
  it("prints its version with --version and -V", () => {
    for (const flag of ["--version", "-V"]) {
      const r = briefbot([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it("checks only the settings a command uses: a bad Slack token never stops --help or brief", () => {
    const env = { SLACK_BOT_TOKEN: "not-a-bot-token", DISCORD_SHARDS: "many" };
    const help = briefbot(["--help"], { env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/status/);
    expect(briefbot(["brief", SEED], { env }).status).toBe(0);
    const serve = briefbot(["serve"], { env, cwd: temp("bad-slack") });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toMatch(/^briefbot: invalid configuration: SLACK_BOT_TOKEN: a bot token starts with xoxb-/);
    expect(serve.stderr).not.toContain("not-a-bot-token");
  });

  it("reads .env from the current folder, never over a variable already set", () => {
    const cwd = temp("dotenv");
    writeFileSync(join(cwd, ".env"), "BRIEFBOT_DATA_DIR=from-dotenv\nLOG_LEVEL=debug\n");
    const fromFile = JSON.parse(briefbot(["status", "--json"], { cwd }).stdout);
    expect(fromFile.library.file).toBe(join("from-dotenv", "briefbot.db"));
    const set = JSON.parse(briefbot(["status", "--json"], { cwd, env: { BRIEFBOT_DATA_DIR: "from-shell" } }).stdout);
    expect(set.library.file).toBe(join("from-shell", "briefbot.db"));
    const flag = JSON.parse(briefbot(["status", "--json", "--data-dir", "from-flag"], { cwd }).stdout);
    expect(flag.library.file).toBe(join("from-flag", "briefbot.db"));
  });

  it("takes the briefings folder from the flag, then the environment, then ./briefings, then the bundled one", () => {
    const cwd = temp("briefings");
    const from = (args: string[], env: Record<string, string> = {}) =>
      JSON.parse(briefbot(["status", "--json", ...args], { cwd, env }).stdout).briefings;
    expect(from([])).toMatchObject({ from: "bundled", dir: join(ROOT, "briefings") });
    mkdirSync(join(cwd, "briefings"));
    writeFileSync(join(cwd, "briefings", "local.yaml"), definition("local"));
    expect(from([])).toEqual({ from: "./briefings", dir: "briefings" });
    mkdirSync(join(cwd, "elsewhere"));
    expect(from([], { BRIEFBOT_BRIEFINGS_DIR: "elsewhere" })).toEqual({
      from: "BRIEFBOT_BRIEFINGS_DIR",
      dir: "elsewhere",
    });
    expect(from(["--briefings-dir", "briefings"], { BRIEFBOT_BRIEFINGS_DIR: "elsewhere" })).toEqual({
      from: "--briefings-dir",
      dir: "briefings",
    });
    const status = JSON.parse(briefbot(["status", "--json"], { cwd }).stdout);
    expect(status.subscriptions.map((s: { name: string }) => s.name)).toEqual(["local"]);
  });

  it("names the library an empty search looked in, and never creates one to say so", () => {
    const cwd = temp("empty-search");
    const none = briefbot(["search", "haven"], { cwd });
    expect(none.status).toBe(0);
    expect(none.stdout).toMatch(/No cards match “haven”: there is no library at data\/briefbot\.db yet/);
    expect(existsSync(join(cwd, "data"))).toBe(false);
    briefbot(["ingest", SEED], { cwd });
    const some = briefbot(["search", "havenmeester"], { cwd });
    expect(some.stdout).toMatch(/No cards match “havenmeester”: the library data\/briefbot\.db holds 1 article\./);
  });
});

describe("briefbot status", () => {
  it("reports the library, feeds, subscriptions with their next slot in their own zone, and the platforms", () => {
    const cwd = temp("status");
    mkdirSync(join(cwd, "briefings"));
    writeFileSync(join(cwd, "briefings", "ochtend.yaml"), definition("ochtend"));
    briefbot(["ingest", SEED], { cwd });
    const r = briefbot(["status", "--json"], {
      cwd,
      env: { DISCORD_TOKEN: "a-discord-token-that-is-long-enough", DISCORD_APPLICATION_ID: "100000000000000001" },
    });
    expect(r.status).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.library).toMatchObject({ file: join("data", "briefbot.db"), articles: 1, cards: 1, stale: 0 });
    expect(status.feeds).toEqual([]);
    expect(status.platforms).toEqual(["discord"]);
    expect(status.subscriptions).toHaveLength(1);
    const [sub] = status.subscriptions;
    expect(sub).toMatchObject({
      name: "ochtend",
      destinations: ["console"],
      schedule: "30 7 * * *",
      timezone: "Europe/Amsterdam",
    });
    expect(sub.next).toMatch(/^\d{4}-\d\d-\d\dT07:30:00\+0[12]:00$/);
    expect(Date.parse(sub.next)).toBeGreaterThan(Date.now());
    const text = briefbot(["status"], { cwd }).stdout;
    expect(text).toMatch(/ochtend .* next: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) 07:30 Europe\/Amsterdam, in \d+ (min|h)/);
  });

  it("lists a problem with the settings or the definitions, and exits 1", () => {
    const cwd = temp("status-bad");
    mkdirSync(join(cwd, "briefings"));
    writeFileSync(
      join(cwd, "briefings", "bad.yaml"),
      "name: bad\nschedule: '0 0 31 2 *'\ntimezone: UTC\ndestinations: [console]\n",
    );
    const r = briefbot(["status", "--json"], { cwd, env: { SLACK_BOT_TOKEN: "xoxp-user" } });
    expect(r.status).toBe(1);
    const problems: string[] = JSON.parse(r.stdout).problems;
    expect(problems.join("\n")).toMatch(/SLACK_BOT_TOKEN/);
    expect(problems.join("\n")).toMatch(/bad\.yaml: schedule: .*never happens/);
  });
});

describe("briefbot rebuild", () => {
  it("makes again the cards an older summarizer made, and status counts them until then", () => {
    const cwd = temp("rebuild");
    briefbot(["ingest", SEED], { cwd });
    const db = new Database(join(cwd, "data", "briefbot.db"));
    db.prepare(
      "UPDATE cards SET summarizer = 'extractive-0', card = json_set(card, '$.summarizer', 'extractive-0')",
    ).run();
    db.close();
    expect(JSON.parse(briefbot(["status", "--json"], { cwd }).stdout).library.stale).toBe(1);
    // Reading a stale card returns it as it is: reads never write.
    const found = JSON.parse(briefbot(["search", "poetin", "--json"], { cwd }).stdout);
    expect(found[0].summarizer).toBe("extractive-0");
    const r = briefbot(["rebuild", "--json"], { cwd });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rebuilt: 1, failed: [], cards: 1 });
    expect(report.summarizer).not.toBe("extractive-0");
    expect(JSON.parse(briefbot(["status", "--json"], { cwd }).stdout).library.stale).toBe(0);
    expect(JSON.parse(briefbot(["rebuild", "--json"], { cwd }).stdout).rebuilt).toBe(0);
  });

  it("tries each article once: a summarizer whose cards carry another name than its version fails, and the run ends", async () => {
    const cwd = temp("rebuild-stamp");
    briefbot(["ingest", SEED], { cwd });
    const odd: Summarizer = {
      name: "odd",
      version: "odd-1",
      summarize: async (article) => ({ ...(await summarizer.summarize(article)), summarizer: "odd-0" }),
    };
    let out = "";
    const status = await runRebuild(
      { json: true, dataDir: join(cwd, "data") },
      {
        stdout: (text) => {
          out += text;
        },
        summarizer: async () => odd,
      },
    );
    expect(status).toBe(1);
    const report = JSON.parse(out);
    expect(report.rebuilt).toBe(0);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0].error).toMatch(/stamped its card "odd-0", not its version "odd-1"/);
  });
});

describe("briefbot discord invite", () => {
  it("prints the OAuth2 URL with the scopes and the permissions the bot needs, Read Message History included", () => {
    const env = { DISCORD_APPLICATION_ID: "100000000000000001" };
    const r = briefbot(["discord", "invite", "--json"], { env });
    expect(r.status).toBe(0);
    const invite = JSON.parse(r.stdout);
    expect(invite.permissions).toEqual([
      "View Channels",
      "Send Messages",
      "Embed Links",
      "Read Message History",
      "Create Public Threads",
      "Send Messages in Threads",
    ]);
    const url = new URL(invite.url);
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe("100000000000000001");
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    // 1<<10 | 1<<11 | 1<<14 | 1<<16 | 1<<35 | 1<<38
    expect(url.searchParams.get("permissions")).toBe("309237730304");
    expect(briefbot(["discord", "invite"], { env }).stdout).toContain(invite.url);
    const none = briefbot(["discord", "invite"], { env: { DISCORD_APPLICATION_ID: "" } });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/DISCORD_APPLICATION_ID: required/);
  });
});
