import type { AddressInfo } from "node:net";
import { App, LogLevel, MemoryInstallationStore, webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeSlack, startFakeSlack } from "./server.ts";
import { blockActionBody, signSlackRequest, slashCommandBody } from "./sign.ts";

const SECRET = "test-signing-secret";
/** web-api's default is 10 retries over ~30 minutes: a failing test would hang instead of failing. */
const retryConfig = { retries: 2, minTimeout: 0, maxTimeout: 10 };

const card = [
  { type: "header", text: { type: "plain_text", text: "Budget approved" } },
  { type: "section", text: { type: "mrkdwn", text: "*412 million* for roads" } },
];
const delivery = { event_type: "briefbot_delivery", event_payload: { delivery_id: "d-1", briefing: "morning" } };

/** The `code`/`data` web-api puts on what it throws. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: { code?: string; data?: { error?: string }; statusCode?: number }) => error,
  );

describe("fake Slack Web API, driven by the real Bolt client", () => {
  let fake: FakeSlack;
  let app: App;
  beforeAll(async () => {
    fake = await startFakeSlack({ channels: ["C0001", { id: "C0OUT", member: false }] });
    app = new App({
      token: fake.botToken,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig },
    });
  });
  afterAll(() => fake.close());

  it("is reached by the auth.test that new App() sends from its constructor", async () => {
    await vi.waitFor(() => expect(fake.calls.map((c) => c.method)).toContain("auth.test"));
    expect(fake.calls[0]).toMatchObject({ method: "auth.test", token: "xoxb-test-token" });
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it("stores a posted message with its blocks and metadata parsed", async () => {
    const result = await app.client.chat.postMessage({
      channel: "C0001",
      text: "Budget approved",
      blocks: card,
      metadata: delivery,
      unfurl_links: false,
    });
    const stored = fake.messages("C0001").at(-1)!;
    expect(stored).toMatchObject({ ts: result.ts, text: "Budget approved", blocks: card, metadata: delivery });
    expect(stored.unfurl_links).toBe(false);
    expect(stored.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.calls.at(-1)).toMatchObject({ method: "chat.postMessage", body: { blocks: card, metadata: delivery } });
  });

  it("threads a reply and finds a delivery again through history metadata", async () => {
    const parent = await app.client.chat.postMessage({
      channel: "C0001",
      text: "Morning briefing",
      metadata: delivery,
    });
    await app.client.chat.postMessage({ channel: "C0001", text: "Quote 1", thread_ts: parent.ts! });
    const reply = fake.messages("C0001").at(-1)!;
    expect(reply.thread_ts).toBe(parent.ts);

    const history = await app.client.conversations.history({ channel: "C0001", include_all_metadata: true, limit: 1 });
    expect(history.messages).toHaveLength(1);
    expect(history.messages![0]).toMatchObject({ ts: parent.ts, reply_count: 1, metadata: delivery });
    const plain = await app.client.conversations.history({ channel: "C0001", oldest: parent.ts! });
    expect(plain.messages).toEqual([]);

    const thread = await app.client.conversations.replies({ channel: "C0001", ts: parent.ts! });
    expect(thread.messages!.map((m) => m.text)).toEqual(["Morning briefing", "Quote 1"]);
  });

  it("updates a message, keeps ephemerals apart, and takes JSON bodies too", async () => {
    const posted = await app.client.chat.postMessage({ channel: "C0001", text: "draft", blocks: card });
    await app.client.chat.update({ channel: "C0001", ts: posted.ts!, text: "final" });
    const updated = fake.messages("C0001").find((m) => m.ts === posted.ts)!;
    expect(updated).toMatchObject({ text: "final", edited: { user: "U0BOT" } });
    expect(updated.blocks).toBeUndefined();

    await app.client.chat.postEphemeral({ channel: "C0001", user: "U0USER", text: "only you" });
    expect(fake.ephemerals.at(-1)).toMatchObject({ channel: "C0001", user: "U0USER", text: "only you" });
    expect(fake.messages().some((m) => m.text === "only you")).toBe(false);

    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.botToken}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C0001", text: "as JSON", unfurl_media: false }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: "C0001" });
    expect(fake.messages("C0001").at(-1)).toMatchObject({ text: "as JSON", unfurl_media: false });
  });

  it("retries a 429 after Retry-After: 0 without waiting", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 0 });
    const before = fake.messages("C0001").length;
    await app.client.chat.postMessage({ channel: "C0001", text: "after a rate limit" });
    expect(fake.calls.slice(-2).map((c) => c.method)).toEqual(["chat.postMessage", "chat.postMessage"]);
    expect(fake.messages("C0001")).toHaveLength(before + 1);
  });

  it("honours Retry-After in seconds: 1 pauses the client about a second", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    await app.client.chat.postMessage({ channel: "C0001", text: "a second later" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("retries a 5xx under retryConfig, then gives up with an HTTP error", async () => {
    fake.failNext("chat.postMessage", { status: 503 });
    await app.client.chat.postMessage({ channel: "C0001", text: "after one 503" });
    for (const status of [500, 502, 503] as const) fake.failNext("chat.postMessage", { status });
    const error = await rejection(app.client.chat.postMessage({ channel: "C0001", text: "never" }));
    expect(error).toMatchObject({ code: "slack_webapi_http_error", statusCode: 503 });
  });

  it("answers a wrong token with invalid_auth and no token with not_authed", async () => {
    const wrong = await rejection(app.client.chat.postMessage({ token: "xoxb-wrong", channel: "C0001", text: "x" }));
    expect(wrong).toMatchObject({ code: "slack_webapi_platform_error", data: { error: "invalid_auth" } });
    const anonymous = new webApi.WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig });
    const none = await rejection(anonymous.chat.postMessage({ channel: "C0001", text: "x" }));
    expect(none).toMatchObject({ data: { error: "not_authed" } });
  });

  it("refuses unknown channels, channels the bot is not in, and injected errors", async () => {
    const post = (channel: string) => rejection(app.client.chat.postMessage({ channel, text: "x" }));
    expect(await post("C0NOPE")).toMatchObject({ data: { error: "channel_not_found" } });
    expect(await post("C0OUT")).toMatchObject({ data: { error: "not_in_channel" } });
    fake.failNext("chat.postMessage", { error: "is_archived" });
    expect(await post("C0001")).toMatchObject({ data: { error: "is_archived" } });
  });

  it("issues a bot token through oauth.v2.access that the fake then accepts", async () => {
    const anonymous = new webApi.WebClient(undefined, { slackApiUrl: fake.apiUrl, retryConfig });
    const code = fake.issueCode({ id: "T0002", name: "Other Team" });
    const install = await anonymous.oauth.v2.access({ code, client_id: "id", client_secret: "secret" });
    expect(install).toMatchObject({ ok: true, token_type: "bot", team: { id: "T0002" }, bot_user_id: "U0BOT" });
    const asOther = new webApi.WebClient(install.access_token, { slackApiUrl: fake.apiUrl, retryConfig });
    expect(await asOther.auth.test()).toMatchObject({ team_id: "T0002", user_id: "U0BOT" });
    const again = await rejection(anonymous.oauth.v2.access({ code, client_id: "id", client_secret: "secret" }));
    expect(again).toMatchObject({ data: { error: "invalid_code" } });
  });
});

describe("Bolt's HTTP receiver, driven by signed requests", () => {
  let fake: FakeSlack;
  let app: App;
  let events: string;
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: fake.botToken,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig },
    });
    app.command("/brief", async ({ ack, respond, command }) => {
      await ack();
      seen.push(command.text);
      await respond({ response_type: "ephemeral", text: `Briefing on ${command.text}` });
    });
    app.action("more", async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: false, text: `more for ${body.user.id}` });
    });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    events = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });
  afterEach(() => {
    seen.length = 0;
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(events, { method: "POST", headers, body }).then((res) => res.status);

  it("acks a signed slash command at once and respond() reaches the response_url", async () => {
    const body = slashCommandBody({ text: "climate", response_url: fake.responseUrl("cmd-1") });
    const started = Date.now();
    expect(await post(body, { ...signSlackRequest(SECRET, body) })).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    await vi.waitFor(() => expect(fake.responses).toHaveLength(1));
    expect(fake.responses[0]).toMatchObject({
      id: "cmd-1",
      body: { response_type: "ephemeral", text: "Briefing on climate" },
    });
  });

  it("routes a signed button click to app.action", async () => {
    const body = blockActionBody({ action_id: "more", value: "card-7", response_url: fake.responseUrl("act-1") });
    expect(await post(body, { ...signSlackRequest(SECRET, body) })).toBe(200);
    await vi.waitFor(() => expect(fake.responses.map((r) => r.id)).toContain("act-1"));
    expect(fake.responses.find((r) => r.id === "act-1")?.body).toMatchObject({ text: "more for U0USER" });
  });

  it("answers 401 to a wrong signature or a timestamp older than five minutes", async () => {
    const body = slashCommandBody({ text: "x", response_url: fake.responseUrl() });
    expect(await post(body, { ...signSlackRequest("another-secret", body) })).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect(await post(body, { ...signSlackRequest(SECRET, body, stale) })).toBe(401);
    expect(seen).toEqual([]);
  });

  it("answers 400 to a malformed body, and to a content type with a charset", async () => {
    const malformed = "payload=%7Bnot-json";
    expect(await post(malformed, { ...signSlackRequest(SECRET, malformed) })).toBe(400);
    const body = slashCommandBody({ text: "x", response_url: fake.responseUrl() });
    const headers = {
      ...signSlackRequest(SECRET, body),
      "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
    };
    expect(await post(body, headers)).toBe(400);
    expect(seen).toEqual([]);
  });
});

describe("Bolt's OAuth install and per-team clients against the fake", () => {
  it("installs a second workspace and answers its command with that workspace's token", async () => {
    const fake = await startFakeSlack({ clientId: "cid", clientSecret: "csecret" });
    const installationStore = new MemoryInstallationStore();
    const errors: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn() {},
      error: (...parts: unknown[]) => errors.push(parts.map(String).join(" ")),
      setLevel() {},
      getLevel: () => LogLevel.ERROR,
      setName() {},
    };
    const app = new App({
      signingSecret: SECRET,
      clientId: "cid",
      clientSecret: "csecret",
      stateSecret: "state-secret",
      scopes: ["chat:write", "commands"],
      installationStore,
      installerOptions: { stateVerification: false },
      logger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig },
    });
    app.command("/brief", async ({ ack, client, command }) => {
      await ack();
      await client.chat.postMessage({ channel: command.channel_id, text: "team briefing" });
    });
    const server = await app.start({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const code = fake.issueCode({ id: "T0002", name: "Other Team" });
      const callback = await fetch(`${base}/slack/oauth_redirect?code=${code}`);
      expect(callback.status).toBe(200);
      await callback.text();
      const access = fake.calls.find((c) => c.method === "oauth.v2.access")!;
      expect(access).toMatchObject({ body: { code, client_id: "cid", client_secret: "csecret" } });
      expect(access.token).toBeUndefined();
      const installation = await installationStore.fetchInstallation({
        teamId: "T0002",
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      expect(installation.bot).toMatchObject({ userId: "U0BOT", id: "B0BOT" });

      const body = slashCommandBody({ team_id: "T0002", response_url: fake.responseUrl() });
      const res = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: signSlackRequest(SECRET, body),
        body,
      });
      expect(res.status).toBe(200);
      await vi.waitFor(() => expect(fake.messages("C0001")).toHaveLength(1));
      const sent = fake.calls.find((c) => c.method === "chat.postMessage")!;
      expect(sent).toMatchObject({ token: installation.bot!.token, body: { team_id: "T0002" } });

      const unknown = slashCommandBody({ team_id: "T0NOPE", response_url: fake.responseUrl() });
      const refused = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: signSlackRequest(SECRET, unknown),
        body: unknown,
      });
      expect(refused.status).toBe(401);
      expect(errors.join("\n")).toContain("Failed fetching data from the Installation Store");
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
