import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { briefbot } from "../cli/run.ts";

describe("loadConfig", () => {
  it("gives the defaults for an empty environment", () => {
    expect(loadConfig({})).toEqual({
      graceMinutes: 120,
      leaseSeconds: 600,
      fetchTimeoutMs: 15_000,
      fetchMaxBytes: 5 * 1024 * 1024,
      feedDeadlineMs: 120_000,
      logLevel: "info",
      color: true,
      port: 3000,
      host: "127.0.0.1",
      console: { enabled: true },
    });
  });

  it("reads the web console's switch and token, and refuses a short token without echoing it", () => {
    expect(loadConfig({ BRIEFBOT_CONSOLE: "off" }).console).toEqual({ enabled: false });
    const token = "a-console-token-0123456789";
    expect(loadConfig({ BRIEFBOT_CONSOLE_TOKEN: token }).console).toEqual({ enabled: true, token });
    expect(() => loadConfig({ BRIEFBOT_CONSOLE: "maybe" })).toThrow(/BRIEFBOT_CONSOLE: on or off/);
    expect(() => loadConfig({ BRIEFBOT_CONSOLE_TOKEN: "short-one" })).toThrow(
      /BRIEFBOT_CONSOLE_TOKEN: at least 16 characters/,
    );
    expect(() => loadConfig({ BRIEFBOT_CONSOLE_TOKEN: "short-one" })).not.toThrow(/short-one/);
  });

  it("takes a PostgreSQL URL for the shared library, and refuses anything else by name", () => {
    expect(loadConfig({ BRIEFBOT_DATABASE_URL: "postgres://b:pw@db:5432/briefbot" }).databaseUrl).toBe(
      "postgres://b:pw@db:5432/briefbot",
    );
    expect(loadConfig({ BRIEFBOT_DATABASE_URL: "postgresql://db/briefbot" }).databaseUrl).toBe(
      "postgresql://db/briefbot",
    );
    for (const bad of ["mysql://db/x", "db:5432", "./briefbot.db"]) {
      expect(() => loadConfig({ BRIEFBOT_DATABASE_URL: bad })).toThrow(/BRIEFBOT_DATABASE_URL: a PostgreSQL URL/);
      expect(() => loadConfig({ BRIEFBOT_DATABASE_URL: bad })).not.toThrow(bad);
    }
    expect(loadConfig({ BRIEFBOT_LEASE_SECONDS: "30" }).leaseSeconds).toBe(30);
    expect(() => loadConfig({ BRIEFBOT_LEASE_SECONDS: "1" })).toThrow(/BRIEFBOT_LEASE_SECONDS/);
  });

  it("treats a blank variable as unset", () => {
    const config = loadConfig({ BRIEFBOT_DATA_DIR: "", NO_COLOR: "" });
    expect(config.dataDir).toBeUndefined();
    expect(config.color).toBe(true);
  });

  it("names every invalid variable at once", () => {
    expect(() => loadConfig({ BRIEFBOT_FETCH_TIMEOUT_MS: "soon", BRIEFBOT_FETCH_MAX_BYTES: "-1" })).toThrow(
      /BRIEFBOT_FETCH_TIMEOUT_MS: .*; BRIEFBOT_FETCH_MAX_BYTES: /,
    );
  });

  it("names every missing or invalid Slack and Discord setting at once, never with its value", () => {
    const error = (() => {
      try {
        loadConfig({
          SLACK_BOT_TOKEN: "xoxp-user-token-secret",
          DISCORD_TOKEN: "a-discord-token-that-is-long-enough",
          SLACK_CLIENT_ID: "123",
        });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/SLACK_BOT_TOKEN: a bot token starts with xoxb-/);
    expect(error?.message).toMatch(/SLACK_CLIENT_SECRET: required/);
    expect(error?.message).toMatch(/SLACK_STATE_SECRET: required/);
    expect(error?.message).toMatch(/DISCORD_APPLICATION_ID: required/);
    expect(error?.message).not.toContain("secret");
    expect(error?.message).not.toContain("a-discord-token");
  });

  it("turns the adapters on when their settings are complete", () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "signing-secret",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      DISCORD_TOKEN: "a-discord-token-that-is-long-enough",
      DISCORD_APPLICATION_ID: "100000000000000001",
      DISCORD_SHARDS: "auto",
      PORT: "0",
    });
    expect(c.slack).toMatchObject({ botToken: "xoxb-1", apiUrl: "http://127.0.0.1:9/api/", port: 0 });
    expect(c.discord).toMatchObject({
      applicationId: "100000000000000001",
      apiUrl: "https://discord.com/api",
      shards: "auto",
    });
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it("takes Socket Mode without a signing secret, which it never uses", () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(c.slack).toMatchObject({ botToken: "xoxb-1", appToken: "xapp-1" });
    expect(c.slack?.signingSecret).toBeUndefined();
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(
      /SLACK_SIGNING_SECRET: required for Slack over HTTP/,
    );
  });

  it("makes the command exit 1 with that message", () => {
    const r = briefbot(["search", "x"], { env: { BRIEFBOT_FETCH_TIMEOUT_MS: "soon" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^briefbot: invalid configuration: BRIEFBOT_FETCH_TIMEOUT_MS/);
  });
});
