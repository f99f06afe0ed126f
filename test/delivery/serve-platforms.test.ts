import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, briefbot } from "../cli/run.ts";
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "../fakes/discord/server.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/slack/server.ts";
import { signSlackRequest, slashCommandBody } from "../fakes/slack/sign.ts";
import { ARTICLES } from "../helpers.ts";

let slack: FakeSlack;
let discord: FakeDiscord;
beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ token: "fake.discord-bot-token.0123456789" });
});
afterAll(async () => {
  await slack.close();
  await discord.close();
});

describe("briefbot serve with Slack and Discord configured", () => {
  it("answers both platforms' slash commands, logs no token, and exits 0 on SIGTERM", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-serve-platforms-"));
    const defs = mkdtempSync(join(tmpdir(), "briefbot-serve-platforms-defs-"));
    writeFileSync(
      join(defs, "m.json"),
      JSON.stringify({ name: "m", schedule: "30 7 * * 1-5", timezone: "Europe/Amsterdam", destinations: ["console"] }),
    );
    expect(briefbot(["ingest", ARTICLES, "--data-dir", data]).status).toBe(0);
    const env = {
      ...process.env,
      BRIEFBOT_BRIEFINGS_DIR: defs,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: "serve-signing-secret",
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      PORT: "0",
      HOST: "127.0.0.1",
    };
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", data], { env });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const line = err.split("\n").find((l) => l.includes('"msg":"listening"'));
        if (line && err.includes("slack adapter ready") && err.includes("discord adapter ready")) {
          clearInterval(timer);
          resolve(JSON.parse(line).port);
        }
      }, 20);
      setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 15_000);
    });

    const body = slashCommandBody({ text: "haven", channel_id: "C0001", response_url: slack.responseUrl("serve") });
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      body,
      headers: signSlackRequest("serve-signing-secret", body),
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 300 && !slack.responses.some((r) => r.id === "serve"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(JSON.stringify(slack.responses.find((r) => r.id === "serve")?.body)).toContain("haven");

    const { id } = discord.dispatchInteraction(
      slashCommandInteraction({
        guildId: DEFAULT_GUILD_ID,
        channelId: DEFAULT_CHANNEL_ID,
        name: "brief",
        options: [{ name: "topic", type: 3, value: "haven" }],
      }),
    );
    for (let i = 0; i < 300 && !discord.callbacks.some((c) => c.interactionId === id); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(discord.callbacks.find((c) => c.interactionId === id)?.type).toBe(4);

    // Health on the same port: alive, and ready with the store and both platforms connected.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: "ok", slack: "ok", discord: "ok" } });
    // And the web console, at /, beside Slack's receiver under /slack/.
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get("content-security-policy")).toMatch(/^default-src 'none'; script-src 'self';/);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(err).not.toContain(slack.botToken);
    expect(err).not.toContain(discord.token);
    expect(err).not.toContain("serve-signing-secret");
  }, 60_000);
});

describe("briefbot serve with Discord sharded", () => {
  it("runs each shard in its own process through discord.js's ShardingManager, and stops them on SIGTERM", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-serve-shards-"));
    const defs = mkdtempSync(join(tmpdir(), "briefbot-serve-shards-defs-"));
    writeFileSync(
      join(defs, "m.json"),
      JSON.stringify({ name: "m", schedule: "30 7 * * 1-5", timezone: "Europe/Amsterdam", destinations: ["console"] }),
    );
    const before = discord.identifies.length;
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", data], {
      env: {
        ...process.env,
        BRIEFBOT_BRIEFINGS_DIR: defs,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_SHARDS: "2",
        PORT: "0",
        HOST: "127.0.0.1",
      },
    });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    for (let i = 0; i < 600 && !err.includes('"shards":2'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(err).toContain("discord adapter ready");
    const shards = discord.identifies.slice(before).map((i) => JSON.stringify(i.shard));
    expect(shards.sort()).toEqual(["[0,2]", "[1,2]"]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(err).not.toContain(discord.token);
  }, 90_000);
});

describe("briefbot serve in Slack Socket Mode with OAuth", () => {
  it("serves Slack's install pages and the web console on its one port", async () => {
    const data = mkdtempSync(join(tmpdir(), "briefbot-serve-socket-oauth-"));
    const defs = mkdtempSync(join(tmpdir(), "briefbot-serve-socket-oauth-defs-"));
    writeFileSync(
      join(defs, "m.json"),
      JSON.stringify({ name: "m", schedule: "30 7 * * 1-5", timezone: "Europe/Amsterdam", destinations: ["console"] }),
    );
    expect(briefbot(["ingest", ARTICLES, "--data-dir", data]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", data], {
      env: {
        ...process.env,
        BRIEFBOT_BRIEFINGS_DIR: defs,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_CLIENT_ID: "cid",
        SLACK_CLIENT_SECRET: "csecret",
        SLACK_STATE_SECRET: "state-secret-serve",
        SLACK_API_URL: slack.apiUrl,
        PORT: "0",
        HOST: "127.0.0.1",
      },
    });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    // However long start-up takes: the test's timeout bounds it.
    while (!err.includes("slack adapter ready")) await new Promise((r) => setTimeout(r, 20));
    const port = JSON.parse(err.split("\n").find((l) => l.includes('"msg":"listening"')) ?? "{}").port;
    const home = `http://127.0.0.1:${port}`;
    // The installer (ours, not Bolt's second server) under /slack/, the console at /, one port.
    const install = await fetch(`${home}/slack/install`, { redirect: "manual" });
    const location = install.headers.get("location") ?? (await install.text()).match(/href="([^"]+)"/)?.[1] ?? "";
    expect(new URL(location.replace(/&amp;/g, "&")).searchParams.get("state")).toBeTruthy();
    const page = await fetch(`${home}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Library</h1>");
    expect((await fetch(`${home}/slack/elsewhere`)).status).toBe(404);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(err).not.toContain(slack.appToken);
    expect(err).not.toContain("csecret");
  }, 60_000);
});
