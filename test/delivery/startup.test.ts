import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, briefbotAsync, CLI_ENV } from "../cli/run.ts";
import { type FakeDiscord, startFakeDiscord } from "../fakes/discord/server.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/slack/server.ts";

/** Wait for a condition, however long it takes (the test's timeout bounds it). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 10));
}

/** The first answer from `url` once the server listens, however long that takes (the test's timeout bounds it). */
async function answered(url: string): Promise<Response> {
  for (;;) {
    const response = await fetch(url).catch(() => undefined);
    if (response) return response;
    await new Promise((r) => setTimeout(r, 10));
  }
}

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

const temp = (name: string) => mkdtempSync(join(tmpdir(), `briefbot-startup-${name}-`));

/** A briefings folder with one console briefing, so that `serve` has something to serve. */
function definitions(destinations = ["console"]): string {
  const dir = temp("defs");
  writeFileSync(
    join(dir, "m.json"),
    JSON.stringify({ name: "m", schedule: "30 7 * * *", timezone: "Europe/Amsterdam", destinations }),
  );
  return dir;
}

/** `serve` with these settings; it should stop on its own. */
async function serve(env: Record<string, string>) {
  return briefbotAsync(["serve", "--data-dir", temp("data")], { BRIEFBOT_BRIEFINGS_DIR: definitions(), ...env });
}

/** The lines a start-up failure printed for a person: no stack frames, ever. */
function expectOneLine(stderr: string, pattern: RegExp) {
  expect(stderr).not.toMatch(/^\s+at /m);
  const ours = stderr.split("\n").filter((l) => l.startsWith("briefbot: "));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatch(pattern);
}

describe("serve's start-up failures: one line naming what to fix, exit 1", () => {
  it("names SLACK_BOT_TOKEN when Slack answers invalid_auth", async () => {
    const r = await serve({
      SLACK_BOT_TOKEN: "xoxb-not-the-right-one",
      SLACK_SIGNING_SECRET: "startup-signing-secret",
      SLACK_API_URL: slack.apiUrl,
    });
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^briefbot: SLACK_BOT_TOKEN is not valid: Slack answered invalid_auth/);
    expect(r.stderr).not.toContain("xoxb-not-the-right-one");
  });

  it("names DISCORD_TOKEN when Discord answers 401", async () => {
    const r = await serve({
      DISCORD_TOKEN: "a-wrong-discord-token-0123456789",
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^briefbot: DISCORD_TOKEN is not valid: Discord answered 401/);
    expect(r.stderr).not.toContain("a-wrong-discord-token");
  });

  it("names PORT when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = await serve({ PORT: String(port) });
      expect(r.status).toBe(1);
      expectOneLine(r.stderr, new RegExp(`^briefbot: PORT ${port} is in use on 127\\.0\\.0\\.1`));
    } finally {
      taken.close();
    }
  });

  it("refuses a definition that names a platform not configured, with every problem at once", async () => {
    const dir = definitions(["slack:C0123ABC", "discord:300000000000000001", "console"]);
    const r = await briefbotAsync(["serve", "--data-dir", temp("data")], { BRIEFBOT_BRIEFINGS_DIR: dir });
    expect(r.status).toBe(1);
    expectOneLine(
      r.stderr,
      /m\.json: destinations: slack:C0123ABC: slack is not configured \(set SLACK_SIGNING_SECRET/,
    );
    expect(r.stderr).toMatch(
      /m\.json: destinations: discord:300000000000000001: discord is not configured \(set DISCORD_TOKEN/,
    );
  });
});

describe("serve with Slack installed through OAuth only", () => {
  it("refuses a Slack channel without its workspace (no token could post to it), and takes one with it", async () => {
    const oauth = {
      SLACK_SIGNING_SECRET: "signing-secret-for-tests",
      SLACK_CLIENT_ID: "1.2",
      SLACK_CLIENT_SECRET: "client-secret-for-tests",
      SLACK_STATE_SECRET: "state-secret-for-tests",
      BRIEFBOT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    };
    const bare = await briefbotAsync(["status", "--data-dir", temp("data")], {
      ...oauth,
      BRIEFBOT_BRIEFINGS_DIR: definitions(["slack:C0123ABC"]),
    });
    expect(bare.status).toBe(1);
    expect(bare.stdout + bare.stderr).toMatch(
      /destinations: slack:C0123ABC: Slack installs through OAuth, so name the channel's workspace \(slack:T…\/C0123ABC/,
    );
    const named = await briefbotAsync(["status", "--data-dir", temp("data")], {
      ...oauth,
      BRIEFBOT_BRIEFINGS_DIR: definitions(["slack:T0123ABC/C0123ABC"]),
    });
    expect(named.stdout + named.stderr).not.toMatch(/name the channel's workspace/);
  });
});

describe("serve while a platform is unreachable", () => {
  it("keeps trying, says so, stays alive on /healthz, and stops at once on SIGTERM", async () => {
    // A port nothing listens on: every connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const dead = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", temp("data")], {
      env: {
        ...process.env,
        ...CLI_ENV,
        BRIEFBOT_BRIEFINGS_DIR: definitions(),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: "startup-signing-secret",
        SLACK_API_URL: `http://127.0.0.1:${dead}/api/`,
      },
    });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => err.includes("slack unreachable"));
    expect(err).toMatch(/"msg":"slack unreachable: retrying until it answers/);
    const port = JSON.parse(err.split("\n").find((l) => l.includes('"msg":"listening"')) ?? "{}").port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { store: "ok", slack: "connecting" } });
    // It stops at once, though Slack never answered (the test's timeout would say otherwise).
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);
});

describe("serve stopping while Slack answers are under way", () => {
  it("drops an answer stuck on a dead response_url and a huge unsigned POST, and exits 0 within seconds", async () => {
    const hole = createServer((socket) => void socket.on("error", () => {}));
    await new Promise<void>((resolve) => hole.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(hole.address() as AddressInfo).port}/respond`;
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", temp("data")], {
      env: {
        ...process.env,
        ...CLI_ENV,
        PORT: String(port),
        BRIEFBOT_BRIEFINGS_DIR: definitions(),
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: "shutdown-signing-secret",
        SLACK_API_URL: slack.apiUrl,
      },
    });
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => err.includes('"msg":"caught up"'));
    const { signSlackRequest, slashCommandBody } = await import("../fakes/slack/sign.ts");
    const body = slashCommandBody({ text: "haven", response_url: deadUrl });
    const acked = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      body,
      headers: signSlackRequest("shutdown-signing-secret", body),
    });
    expect(acked.status).toBe(200);
    const huge = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      body: "x".repeat(20 * 1024 * 1024),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }).catch(() => undefined);
    expect(huge === undefined || huge.status >= 400).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(err).not.toMatch(/database connection is not open/);
    hole.close();
  }, 40_000);
});

describe("serve with the console alone", () => {
  it("answers /healthz and /readyz, logs at LOG_LEVEL, and stops on SIGINT", async () => {
    const port = await freePort();
    const again = spawn(process.execPath, [BIN, "serve", "--data-dir", temp("data")], {
      env: { ...process.env, ...CLI_ENV, PORT: String(port), BRIEFBOT_BRIEFINGS_DIR: definitions(), LOG_LEVEL: "warn" },
    });
    let err2 = "";
    again.stderr.on("data", (d) => {
      err2 += d;
    });
    const done = new Promise<number | null>((resolve) => again.on("exit", (code) => resolve(code)));
    const ready = await answered(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { store: "ok" } });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status).toBe(404);
    // The web console shares the port, at /.
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("<h1>Library</h1>");
    again.kill("SIGINT");
    expect(await done).toBe(0);
    // At warn, a serve where all is well says nothing.
    expect(err2).toBe("");
  }, 30_000);
});

describe("serve with BRIEFBOT_CONSOLE=off", () => {
  it("serves no console at /, only health", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, "serve", "--data-dir", temp("data")], {
      env: {
        ...process.env,
        ...CLI_ENV,
        PORT: String(port),
        BRIEFBOT_BRIEFINGS_DIR: definitions(),
        LOG_LEVEL: "warn",
        BRIEFBOT_CONSOLE: "off",
      },
    });
    const done = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const health = await answered(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(404);
    expect(await home.json()).toEqual({ error: "not found" });
    child.kill("SIGTERM");
    expect(await done).toBe(0);
  }, 30_000);
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
