import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createSlackAdapter, SLACK_COMMAND, SLACK_SCOPES, type SlackAdapter } from "../../adapters/slack/app.ts";
import { createPublishingClient, createSlackPublisher, DELIVERY_EVENT } from "../../adapters/slack/publisher.ts";
import { parseArticle } from "../../src/article/parse.ts";
import type { SlackConfig } from "../../src/config.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { PublishError } from "../../src/delivery/port.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { POST_SUBSCRIPTION } from "../../src/store/keys.ts";
import { summarize } from "../../src/summarize/index.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/slack/server.ts";
import { blockActionBody, signSlackRequest, slashCommandBody } from "../fakes/slack/sign.ts";
import { ARTICLES, carded, fixtureArticles, ROOT, readArticleFixture, recordingLogger, SEED } from "../helpers.ts";

const SECRET = "test-signing-secret";
const retries = { retries: 1, minTimeout: 0, maxTimeout: 10 };
const { lines, log } = recordingLogger();

let fake: FakeSlack;
let store: Store;
let adapter: SlackAdapter;
let base: string;

async function library(): Promise<Store> {
  const s = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-slack-")) });
  for (const path of [SEED, ...fixtureArticles().map((f) => f.path)])
    await s.save(carded({ article: readArticleFixture(path), origin: path }));
  return s;
}

function slackConfig(over: Partial<SlackConfig> = {}): SlackConfig {
  return { signingSecret: SECRET, apiUrl: fake.apiUrl, botToken: fake.botToken, port: 0, host: "127.0.0.1", ...over };
}

async function send(body: string, headers = signSlackRequest(SECRET, body)): Promise<Response> {
  return fetch(`${base}/slack/events`, { method: "POST", body, headers });
}

/** Wait until the fake has seen something: the answer to a command comes after its ack. */
async function until<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for the fake");
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  fake = await startFakeSlack({ channels: ["C0001", { id: "C0OUT", member: false }] });
  // The people of the tests: alice (U0USER, who sends the commands) administers the workspace.
  fake.addUser({ id: "U0USER", name: "alice", is_admin: true });
  fake.addUser({ id: "U0BOB", name: "bob" });
  fake.addUser({ id: "U0CAROL", name: "carol" });
  fake.addUser({ id: "U0DAN", name: "dan" });
  fake.addUsergroup("S0EDITORS", ["U0DAN"]);
});
afterAll(() => fake.close());
beforeEach(async () => {
  lines.length = 0;
  store = await library();
  adapter = createSlackAdapter({ config: slackConfig(), store, log, clientRetries: retries });
  // The post button goes through the delivery engine, as a scheduled post does.
  const engine = createDeliveryEngine({
    store,
    publishers: { slack: adapter.publisher },
    log,
    retry: { attempts: 2, baseMs: 1, maxMs: 1 },
  });
  base = `http://127.0.0.1:${await adapter.start({ postCard: engine.postCard })}`;
});
afterEach(async () => {
  await adapter.stop();
  await store.close();
});

describe("the /brief slash command through the real Bolt receiver", () => {
  it("acknowledges at once and answers a topic with ephemeral cards, their quotes and a post button", async () => {
    const id = `r${Date.now()}`;
    const started = Date.now();
    const res = await send(
      slashCommandBody({ text: "oekraine", channel_id: "C0001", response_url: fake.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const answer = await until(() => fake.responses.find((r) => r.id === id));
    const body = answer.body as { response_type: string; blocks: Array<Record<string, unknown>>; text: string };
    expect(body.response_type).toBe("ephemeral");
    const text = JSON.stringify(body.blocks);
    expect(text).toContain("Jelena Tsjernenko");
    expect(text).toContain('"action_id":"brief_post"');
  });

  it("answers /brief with no words with the latest cards, in one message with a button for each", async () => {
    const id = `r${Date.now()}`;
    await send(slashCommandBody({ text: "", channel_id: "C0001", response_url: fake.responseUrl(id) }));
    const answer = await until(() => fake.responses.find((r) => r.id === id));
    const body = answer.body as { response_type: string; blocks: Array<{ type: string }> };
    expect(body.response_type).toBe("ephemeral");
    expect(body.blocks.filter((b) => b.type === "actions")).toHaveLength(3);
    expect(body.blocks.length).toBeLessThanOrEqual(50);
  });

  it("manages the channel's morning briefing: subscribe, list, unsubscribe, help", async () => {
    const ask = async (text: string) => {
      const id = `r${Date.now()}${Math.random()}`;
      await send(slashCommandBody({ text, channel_id: "C0001", team_id: "T0001", response_url: fake.responseUrl(id) }));
      return ((await until(() => fake.responses.find((r) => r.id === id))).body as { text: string }).text;
    };
    expect(await ask("subscribe 07:30 Europe/Amsterdam haven")).toMatch(/07:30 Europe\/Amsterdam about “haven”/);
    expect(await store.ledger.subscriptions()).toEqual([
      expect.objectContaining({
        id: "slack:T0001:C0001",
        schedule: "30 7 * * *",
        timezone: "Europe/Amsterdam",
        topic: "haven",
        destinations: ["slack:T0001/C0001"],
        active: true,
      }),
    ]);
    expect(await ask("list")).toContain("slack:T0001:C0001");
    expect(await ask("subscribe 7h Mars/Olympus")).toMatch(/not a time of day/);
    expect(await ask("unsubscribe")).toMatch(/stopped/);
    expect((await store.ledger.subscriptions())[0]?.active).toBe(false);
    expect(await ask("help")).toMatch(/subscribe 07:30/);
  });

  it("lets only admins, owners and the managers it names change a channel's briefing, and says who may", async () => {
    await adapter.stop();
    adapter = createSlackAdapter({
      config: slackConfig({ managers: ["U0CAROL", "S0EDITORS"] }),
      store,
      log,
      clientRetries: retries,
    });
    base = `http://127.0.0.1:${await adapter.start()}`;
    const ask = async (user: string, text: string) => {
      const id = `m${user}${Date.now()}${Math.random()}`;
      await send(slashCommandBody({ text, user_id: user, channel_id: "C0001", response_url: fake.responseUrl(id) }));
      return ((await until(() => fake.responses.find((r) => r.id === id))).body as { text: string }).text;
    };
    const refusal = await ask("U0BOB", "subscribe 07:30 Europe/Amsterdam");
    expect(refusal).toBe(
      "Only workspace admins and owners, and <@U0CAROL>, <!subteam^S0EDITORS> may change this channel's briefing.",
    );
    expect(await store.ledger.subscriptions()).toEqual([]);
    expect(await ask("U0BOB", "unsubscribe")).toMatch(/^Only workspace admins/);
    // Bob may still look things up.
    expect(await ask("U0BOB", "list")).toMatch(/No briefings for this channel/);
    expect(await ask("U0CAROL", "subscribe 07:30 Europe/Amsterdam")).toMatch(/gets a briefing at 07:30/);
    expect(await ask("U0DAN", "unsubscribe")).toMatch(/stopped/);
    expect(await ask("U0USER", "subscribe 08:00 Europe/Amsterdam")).toMatch(/gets a briefing at 08:00/);
  });

  it("refuses a wrong signature and a stale timestamp with 401, and a malformed body with 400", async () => {
    const body = slashCommandBody({ text: "x", response_url: fake.responseUrl("never") });
    expect((await send(body, signSlackRequest("wrong-secret", body))).status).toBe(401);
    expect((await send(body, signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000) - 600))).status).toBe(401);
    const malformed = "payload=%7Bnot-json";
    expect((await send(malformed)).status).toBe(400);
    expect(fake.responses.some((r) => r.id === "never")).toBe(false);
  });

  it("posts a card to the channel from the button, with its quotes in the thread", async () => {
    const card = summarize(readArticleFixture(SEED));
    const id = `b${Date.now()}`;
    const before = fake.messages("C0001").length;
    const res = await send(
      blockActionBody({
        action_id: "brief_post",
        value: card.articleId,
        channel_id: "C0001",
        response_url: fake.responseUrl(id),
      }),
    );
    expect(res.status).toBe(200);
    await until(() => fake.responses.find((r) => r.id === id));
    const posted = fake.messages("C0001").slice(before);
    const root = posted.find((m) => !m.thread_ts || m.thread_ts === m.ts);
    expect(JSON.stringify(root?.blocks)).toContain("Drie maanden nadat Poetin");
    expect(root?.unfurl_links).toBe(false);
    const replies = posted.filter((m) => m.thread_ts === root?.ts && m.ts !== root?.ts);
    expect(JSON.stringify(replies.map((r) => r.blocks))).toContain("Denis Volkov");
    // Through the ledger: the post is a delivery of its own, with its card.
    const post = await store.ledger.list({ subscription: POST_SUBSCRIPTION });
    expect(post).toMatchObject([{ status: "delivered", articles: [card.articleId], destination: "slack:T0001/C0001" }]);
    // A second click on the same card in the same channel posts nothing more.
    const again = `b2${Date.now()}`;
    await send(
      blockActionBody({
        action_id: "brief_post",
        value: card.articleId,
        channel_id: "C0001",
        response_url: fake.responseUrl(again),
      }),
    );
    const second = await until(() => fake.responses.find((r) => r.id === again));
    expect((second.body as { text: string }).text).toMatch(/in the channel already/);
    expect(fake.messages("C0001").slice(before)).toHaveLength(posted.length);
  });

  it("tells the person who clicked when the bot is not in the channel, and logs it", async () => {
    const card = summarize(readArticleFixture(SEED));
    const id = `b${Date.now()}`;
    await send(
      blockActionBody({
        action_id: "brief_post",
        value: card.articleId,
        channel_id: "C0OUT",
        response_url: fake.responseUrl(id),
      }),
    );
    const answer = await until(() =>
      fake.responses.find((r) => r.id === id && /Could not post/.test(JSON.stringify(r.body))),
    );
    expect((answer.body as { text: string }).text).toMatch(
      /not_in_channel \(the bot is not in this channel: invite it/,
    );
    expect(lines.some((l) => l.message === "posting a card failed" && l.fields.channel === "C0OUT")).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(fake.botToken);
  });
});

describe("the Slack publisher", () => {
  const briefing = () => ({
    title: "morning · 2026-11-27",
    cards: [summarize(readArticleFixture(SEED))],
    window: { from: "a", to: "b" },
  });
  const publisher = () =>
    createSlackPublisher({ clientFor: async () => createPublishingClient(fake.botToken, fake.apiUrl) });

  it("posts a briefing with its delivery id as metadata, replies in the thread, and finds it again", async () => {
    const p = publisher();
    const ref = await p.publish({ platform: "slack", channel: "C0001" }, briefing(), "key-123");
    await p.reply(ref, briefing().cards, "key-123");
    const root = fake.messages("C0001").find((m) => m.ts === ref.id);
    expect(root?.metadata).toEqual({ event_type: DELIVERY_EVENT, event_payload: { delivery_id: "key-123" } });
    expect(fake.messages("C0001").filter((m) => m.thread_ts === ref.id && m.ts !== ref.id).length).toBeGreaterThan(0);
    expect(await p.find({ platform: "slack", channel: "C0001" }, "key-123", new Date(Date.now() - 60_000))).toEqual({
      platform: "slack",
      channel: "C0001",
      id: ref.id,
    });
    expect(
      await p.find({ platform: "slack", channel: "C0001" }, "key-unknown", new Date(Date.now() - 60_000)),
    ).toBeUndefined();
  });

  it("turns a 429 into a retryable error carrying Retry-After, and channel or auth errors into final ones", async () => {
    const p = publisher();
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 3 });
    const limited = await p.publish({ platform: "slack", channel: "C0001" }, briefing(), "k1").catch((e) => e);
    expect(limited).toBeInstanceOf(PublishError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 3000 });
    const missing = await p.publish({ platform: "slack", channel: "C9999" }, briefing(), "k2").catch((e) => e);
    expect(missing).toMatchObject({ retryable: false, platformCode: "channel_not_found" });
    const bad = createSlackPublisher({ clientFor: async () => createPublishingClient("xoxb-wrong", fake.apiUrl) });
    expect(await bad.publish({ platform: "slack", channel: "C0001" }, briefing(), "k3").catch((e) => e)).toMatchObject({
      retryable: false,
      platformCode: "invalid_auth",
    });
  });

  it("delivers a scheduled briefing through the engine, waiting out a 429 and never posting twice", async () => {
    let clock = new Date("2026-11-23T12:00:00Z");
    const s = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-slack-engine-")), now: () => clock });
    try {
      await s.ledger.syncSubscriptions(
        "definitions",
        [
          {
            id: "m",
            origin: "definitions",
            schedule: "30 7 * * *",
            timezone: "Europe/Amsterdam",
            maxCards: 5,
            destinations: ["slack:C0001"],
          },
        ],
        clock,
      );
      await s.save(
        carded({ article: parseArticle(readFileSync(join(ARTICLES, "nl-energieprijzen.txt"), "utf8")), origin: "x" }),
      );
      clock = new Date("2026-11-24T06:31:00Z");
      const waits: number[] = [];
      const engine = createDeliveryEngine({
        store: s,
        publishers: { slack: publisher() },
        log,
        now: () => clock,
        sleep: async (ms) => void waits.push(ms),
      });
      fake.failNext("chat.postMessage", { status: 429, retryAfter: 2 });
      const before = fake.messages("C0001").length;
      expect(await engine.runDue()).toMatchObject({ delivered: 1, failed: 0 });
      expect(await engine.runDue()).toMatchObject({ delivered: 0 });
      expect(waits).toContain(2000);
      const roots = fake
        .messages("C0001")
        .slice(before)
        .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === DELIVERY_EVENT);
      expect(roots).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe("many workspaces through OAuth", () => {
  it("installs a workspace into briefbot's store and answers its commands with its own token", async () => {
    await adapter.stop();
    adapter = createSlackAdapter({
      config: slackConfig({
        botToken: undefined,
        oauth: { clientId: "cid", clientSecret: "csecret", stateSecret: "state-secret-1" },
      }),
      store,
      log,
      clientRetries: retries,
    });
    base = `http://127.0.0.1:${await adapter.start()}`;
    const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
    const location = install.headers.get("location") ?? (await install.text()).match(/href="([^"]+)"/)?.[1] ?? "";
    const state = new URL(location.replace(/&amp;/g, "&")).searchParams.get("state");
    expect(state).toBeTruthy();
    const cookie = install.headers.get("set-cookie")?.split(";")[0] ?? "";
    const code = fake.issueCode({ id: "T0002", name: "Second" });
    const callback = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${state}`, {
      headers: { cookie },
      redirect: "manual",
    });
    expect(callback.status).toBeLessThan(400);
    const saved = await store.installations.get<{ bot: { token: string } }>("slack", "T:T0002");
    expect(saved?.bot.token).toMatch(/^xoxb-/);

    const id = `o${Date.now()}`;
    await send(
      slashCommandBody({ text: "help", team_id: "T0002", channel_id: "C0001", response_url: fake.responseUrl(id) }),
    );
    await until(() => fake.responses.find((r) => r.id === id));
    // A team nobody installed is refused by Bolt's authorization.
    const unknown = await send(
      slashCommandBody({ text: "help", team_id: "T0404", channel_id: "C0001", response_url: fake.responseUrl("x") }),
    );
    expect(unknown.status).toBe(401);
  });
});

describe("two workspaces through OAuth", () => {
  it("installs both; each subscribes a channel; each morning post goes to its own workspace with its own token", async () => {
    await adapter.stop();
    fake.addChannel("C0T2");
    fake.addChannel("C0T3");
    adapter = createSlackAdapter({
      config: slackConfig({
        botToken: undefined,
        oauth: { clientId: "cid", clientSecret: "csecret", stateSecret: "state-secret-2" },
      }),
      store,
      log,
      clientRetries: retries,
    });
    base = `http://127.0.0.1:${await adapter.start()}`;
    const install = async (team: { id: string; name: string }) => {
      const res = await fetch(`${base}/slack/install`, { redirect: "manual" });
      const location = res.headers.get("location") ?? (await res.text()).match(/href="([^"]+)"/)?.[1] ?? "";
      const state = new URL(location.replace(/&amp;/g, "&")).searchParams.get("state");
      const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
      const done = await fetch(`${base}/slack/oauth_redirect?code=${fake.issueCode(team)}&state=${state}`, {
        headers: { cookie },
        redirect: "manual",
      });
      expect(done.status).toBeLessThan(400);
      return (await store.installations.get<{ bot: { token: string } }>("slack", `T:${team.id}`))?.bot.token as string;
    };
    const tokens = {
      T0002: await install({ id: "T0002", name: "Second" }),
      T0003: await install({ id: "T0003", name: "Third" }),
    };
    expect(tokens.T0002).not.toBe(tokens.T0003);
    for (const [team, channel] of [
      ["T0002", "C0T2"],
      ["T0003", "C0T3"],
    ] as const) {
      const id = `sub-${team}`;
      await send(
        slashCommandBody({
          text: "subscribe 07:30 UTC",
          team_id: team,
          channel_id: channel,
          response_url: fake.responseUrl(id),
        }),
      );
      await until(() => fake.responses.find((r) => r.id === id));
    }
    expect((await store.ledger.subscriptions()).flatMap((s) => s.destinations).sort()).toEqual([
      "slack:T0002/C0T2",
      "slack:T0003/C0T3",
    ]);

    // The next 07:30 UTC, a minute after: both morning posts are due.
    const slot = new Date();
    slot.setUTCHours(7, 30, 0, 0);
    if (slot.getTime() <= Date.now()) slot.setUTCDate(slot.getUTCDate() + 1);
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: adapter.publisher },
      log,
      now: () => new Date(slot.getTime() + 60_000),
    });
    const before = fake.calls.length;
    expect(await engine.runDue()).toMatchObject({ delivered: 2, failed: 0 });
    const posts = fake.calls.slice(before).filter((c) => c.method === "chat.postMessage" && !c.body.thread_ts);
    expect(posts.map((c) => [c.body.channel, c.token]).sort()).toEqual([
      ["C0T2", tokens.T0002],
      ["C0T3", tokens.T0003],
    ]);
    // Their quote threads went with the same tokens.
    const replies = fake.calls.slice(before).filter((c) => c.method === "chat.postMessage" && c.body.thread_ts);
    expect(replies.every((c) => c.token === (c.body.channel === "C0T2" ? tokens.T0002 : tokens.T0003))).toBe(true);
  });
});

describe("the app manifest", () => {
  it("registers the command, the scopes and the receiver paths the adapter uses", () => {
    const manifest = parseYaml(readFileSync(join(ROOT, "adapters", "slack", "manifest.yaml"), "utf8"));
    expect(manifest.features.slash_commands[0].command).toBe(SLACK_COMMAND);
    expect(manifest.features.slash_commands[0].url).toMatch(/\/slack\/events$/);
    expect(manifest.oauth_config.scopes.bot).toEqual(SLACK_SCOPES);
    expect(manifest.oauth_config.redirect_urls[0]).toMatch(/\/slack\/oauth_redirect$/);
    expect(manifest.settings.interactivity).toMatchObject({ is_enabled: true });
  });
});

describe("Socket Mode", () => {
  it("connects with the app-level token instead of listening, and answers /brief over the socket", async () => {
    await adapter.stop();
    adapter = createSlackAdapter({
      config: slackConfig({ appToken: fake.appToken }),
      store,
      log,
      clientRetries: retries,
    });
    expect(await adapter.start()).toBeUndefined();
    await until(() => fake.socketConnections() > 0 || undefined);
    expect(fake.calls.some((c) => c.method === "apps.connections.open" && c.token === fake.appToken)).toBe(true);
    const id = `s${Date.now()}`;
    const ack = await fake.socketEnvelope("slash_commands", {
      token: "legacy",
      team_id: "T0001",
      channel_id: "C0001",
      user_id: "U0001",
      command: "/brief",
      text: "oekraine",
      response_url: fake.responseUrl(id),
      trigger_id: "t1",
      api_app_id: "A0APP",
    });
    expect(ack).toBeDefined();
    const answer = await until(() => fake.responses.find((r) => r.id === id));
    expect(JSON.stringify(answer.body)).toContain("Jelena Tsjernenko");
  });
});

describe("Socket Mode with OAuth", () => {
  it("serves the install pages on briefbot's own server and answers an installed workspace over the socket with its token", async () => {
    await adapter.stop();
    adapter = createSlackAdapter({
      config: slackConfig({
        signingSecret: undefined,
        botToken: undefined,
        appToken: fake.appToken,
        oauth: { clientId: "cid", clientSecret: "csecret", stateSecret: "state-secret-3" },
      }),
      store,
      log,
      clientRetries: retries,
    });
    // One server, on PORT: not Bolt's second one on 3000.
    const port = await adapter.start();
    expect(port).toBeGreaterThan(0);
    const home = `http://127.0.0.1:${port}`;
    const res = await fetch(`${home}/slack/install`, { redirect: "manual" });
    const location = res.headers.get("location") ?? (await res.text()).match(/href="([^"]+)"/)?.[1] ?? "";
    const state = new URL(location.replace(/&amp;/g, "&")).searchParams.get("state");
    expect(state).toBeTruthy();
    const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
    const done = await fetch(
      `${home}/slack/oauth_redirect?code=${fake.issueCode({ id: "T0004", name: "Fourth" })}&state=${state}`,
      {
        headers: { cookie },
        redirect: "manual",
      },
    );
    expect(done.status).toBeLessThan(400);
    const token = (await store.installations.get<{ bot: { token: string } }>("slack", "T:T0004"))?.bot.token;
    expect(token).toMatch(/^xoxb-/);
    expect((await fetch(`${home}/slack/elsewhere`)).status).toBe(404);

    await until(() => fake.socketConnections() > 0 || undefined);
    const id = `so${Date.now()}`;
    await fake.socketEnvelope("slash_commands", {
      token: "legacy",
      team_id: "T0004",
      channel_id: "C0001",
      user_id: "U0001",
      command: "/brief",
      text: "help",
      response_url: fake.responseUrl(id),
      trigger_id: "t2",
      api_app_id: "A0APP",
    });
    expect(await until(() => fake.responses.find((r) => r.id === id))).toBeDefined();
  });
});
