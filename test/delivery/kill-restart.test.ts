import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { openStore } from "../../src/store/index.ts";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord/server.ts";
import { type PlatformServer, startPlatformServer } from "../fakes/platform-server.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/slack/server.ts";
import { carded, ROOT } from "../helpers.ts";

/** Wait for a condition, however long it takes (the test's timeout bounds it). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 10));
}

const CHILD = join(ROOT, "test", "fakes", "fanout-child.ts");
const DESTINATIONS = 200;
const NOW = "2026-11-24T06:40:00.000Z"; // ten minutes after the 07:30 Amsterdam slot

let platform: PlatformServer;
beforeAll(async () => {
  platform = await startPlatformServer(15);
});
afterAll(() => platform.close());

function runChild(dataDir: string, url = platform.url, destinations = DESTINATIONS, mode = "") {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, url, String(destinations), NOW, mode], {
    cwd: ROOT,
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<string | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  return { child, exited, output: () => out };
}

describe("a fan-out killed with SIGKILL", () => {
  it("gives every destination the briefing exactly once after a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "briefbot-fanout-"));
    const store = await openStore({ dataDir, now: () => new Date("2026-11-24T06:00:00Z") });
    const { articleId } = await store.save(
      carded({
        article: parseArticle("De haven van Westerdam groeit. De havenmeester zei dat “alles goed gaat”. Morgen meer."),
        origin: "t",
      }),
    );
    await store.close();

    const first = runChild(dataDir);
    await until(() => platform.posts.length >= 40);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const before = platform.posts.length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(DESTINATIONS);

    const second = runChild(dataDir);
    expect(await second.exited).toBe(0);
    expect(second.output()).toMatch(/^ready\ndone /m);

    const channels = platform.posts.map((p) => p.channel);
    expect(new Set(channels).size).toBe(DESTINATIONS);
    expect(channels).toHaveLength(DESTINATIONS);

    const check = await openStore({ dataDir });
    const ledger = await check.ledger.list();
    await check.close();
    expect(ledger).toHaveLength(DESTINATIONS);
    expect(ledger.every((d) => d.status === "delivered")).toBe(true);
    // The article reached every destination once: each delivery carried it, and only it.
    expect(ledger.every((d) => d.articles.length === 1 && d.articles[0] === articleId)).toBe(true);
  }, 120_000);
});

describe("a fan-out through the Slack publisher killed with SIGKILL", () => {
  const CHANNELS = 30;
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({
      channels: Array.from({ length: CHANNELS }, (_, i) => `C${String(i).padStart(4, "0")}`),
    });
  });
  afterAll(() => slack.close());

  it("finds the posts a dead process made through their metadata, and posts the rest once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "briefbot-fanout-slack-"));
    const store = await openStore({ dataDir, now: () => new Date("2026-11-24T06:00:00Z") });
    await store.save(
      carded({
        article: parseArticle("De haven van Westerdam groeit. De havenmeester zei dat “alles goed gaat”. Morgen meer."),
        origin: "t",
      }),
    );
    await store.close();
    const roots = () =>
      slack
        .messages()
        .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === "briefbot_delivery");

    const first = runChild(dataDir, slack.apiUrl, CHANNELS, "slack");
    await until(() => roots().length >= 8);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const before = roots().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(CHANNELS);

    const second = runChild(dataDir, slack.apiUrl, CHANNELS, "slack");
    expect(await second.exited).toBe(0);
    const channels = roots().map((m) => m.channel);
    expect(channels).toHaveLength(CHANNELS);
    expect(new Set(channels).size).toBe(CHANNELS);
    const check = await openStore({ dataDir });
    expect((await check.ledger.list()).filter((d) => d.status === "delivered")).toHaveLength(CHANNELS);
    await check.close();
  }, 120_000);
});

describe("a fan-out through the Discord publisher killed with SIGKILL", () => {
  const CHANNELS = 30;
  const ids = Array.from({ length: CHANNELS }, (_, i) => String(300000000000000001n + BigInt(i)));
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await startFakeDiscord({
      guilds: [{ id: "200000000000000001", name: "news", channels: ids.map((id, i) => ({ id, name: `c${i}` })) }],
    });
  });
  afterAll(() => discord.close());

  it("finds the posts a dead process made through their footer reference, and posts the rest once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "briefbot-fanout-discord-"));
    const store = await openStore({ dataDir, now: () => new Date("2026-11-24T06:00:00Z") });
    await store.save(
      carded({
        article: parseArticle("De haven van Westerdam groeit. De havenmeester zei dat “alles goed gaat”. Morgen meer."),
        origin: "t",
      }),
    );
    await store.close();
    const briefings = () =>
      ids.flatMap((id) =>
        discord.messages(id).filter((m) => JSON.stringify(m.embeds ?? []).includes("briefbot · ref ")),
      );

    const first = runChild(dataDir, discord.apiUrl, CHANNELS, "discord");
    await until(() => briefings().length >= 8);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const before = briefings().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(CHANNELS);

    const second = runChild(dataDir, discord.apiUrl, CHANNELS, "discord");
    expect(await second.exited).toBe(0);
    const channels = briefings().map((m) => m.channel_id);
    expect(channels).toHaveLength(CHANNELS);
    expect(new Set(channels).size).toBe(CHANNELS);
  }, 120_000);
});
