import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST } from "@discordjs/rest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDiscordAdapter, type DiscordAdapter, registerCommands } from "../../adapters/discord/app.ts";
import { createDiscordPublisher, deliveryFooter } from "../../adapters/discord/publisher.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { PublishError } from "../../src/delivery/port.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { POST_SUBSCRIPTION } from "../../src/store/keys.ts";
import { summarize } from "../../src/summarize/index.ts";
import { briefbotAsync } from "../cli/run.ts";
import {
  autocompleteInteraction,
  buttonInteraction,
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "../fakes/discord/server.ts";
import { carded, fixtureArticles, readArticleFixture, recordingLogger, SEED } from "../helpers.ts";

const { lines, log } = recordingLogger();

let fake: FakeDiscord;
let store: Store;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await startFakeDiscord();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-discord-")) });
  for (const path of [SEED, ...fixtureArticles().map((f) => f.path)])
    await store.save(carded({ article: readArticleFixture(path), origin: path }));
  adapter = createDiscordAdapter({
    config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    store,
    log,
    restRetries: 1,
  });
  // The post button goes through the delivery engine, as a scheduled post does.
  const engine = createDeliveryEngine({
    store,
    publishers: { discord: adapter.publisher },
    log,
    retry: { attempts: 2, baseMs: 1, maxMs: 1 },
  });
  await adapter.start({ postCard: engine.postCard });
});
afterAll(async () => {
  await adapter.stop();
  await store.close();
  await fake.close();
});
beforeEach(() => {
  lines.length = 0;
});

async function until<T>(probe: () => T | undefined, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for the fake");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const place = { guildId: DEFAULT_GUILD_ID, channelId: DEFAULT_CHANNEL_ID };
const callbackOf = (id: string) => until(() => fake.callbacks.find((c) => c.interactionId === id));

describe("the Discord client on the fake gateway", () => {
  it("identifies with the Guilds intent only", () => {
    expect(fake.identifies.at(-1)?.intents).toBe(1);
  });

  it("answers /brief topic with ephemeral embeds and post buttons, within the 3-second deadline", async () => {
    const { id } = fake.dispatchInteraction(
      slashCommandInteraction({ ...place, name: "brief", options: [{ name: "topic", type: 3, value: "oekraine" }] }),
    );
    const callback = await callbackOf(id);
    expect(callback.type).toBe(4);
    expect(callback.elapsedMs).toBeLessThan(3000);
    const data = callback.data as {
      flags: number;
      embeds: Array<{ fields?: Array<{ name: string }> }>;
      components: Array<{ components: Array<{ custom_id: string }> }>;
    };
    expect(data.flags & 64).toBe(64);
    expect(JSON.stringify(data.embeds)).toContain("Jelena Tsjernenko");
    expect(data.components[0]?.components[0]?.custom_id).toMatch(/^brief_post:a_/);
  });

  it("answers /brief with no topic with the latest cards", async () => {
    const { id } = fake.dispatchInteraction(slashCommandInteraction({ ...place, name: "brief" }));
    const data = (await callbackOf(id)).data as { embeds: unknown[] };
    expect(data.embeds.length).toBeGreaterThan(0);
  });

  it("manages the channel's briefing with /briefing subscribe, list and unsubscribe", async () => {
    const ask = async (subcommand: string, options: Array<{ name: string; type: number; value: string }> = []) => {
      const { id } = fake.dispatchInteraction(
        slashCommandInteraction({ ...place, name: "briefing", subcommand, options }),
      );
      return ((await callbackOf(id)).data as { content: string; flags: number }).content;
    };
    expect(
      await ask("subscribe", [
        { name: "time", type: 3, value: "07:30" },
        { name: "timezone", type: 3, value: "Europe/Amsterdam" },
        { name: "topic", type: 3, value: "haven" },
      ]),
    ).toMatch(/07:30 Europe\/Amsterdam about “haven”/);
    const id = `discord:${DEFAULT_GUILD_ID}:${DEFAULT_CHANNEL_ID}`;
    expect((await store.ledger.subscriptions()).find((s) => s.id === id)).toMatchObject({
      destinations: [`discord:${DEFAULT_CHANNEL_ID}`],
      active: true,
    });
    expect(await ask("list")).toContain(id);
    expect(await ask("unsubscribe")).toMatch(/stopped/);
    expect(
      await ask("subscribe", [
        { name: "time", type: 3, value: "25:00" },
        { name: "timezone", type: 3, value: "Europe/Amsterdam" },
      ]),
    ).toMatch(/not a time of day/);
  });

  it("autocompletes topics from stored names and time zones from the runtime's list", async () => {
    const topic = fake.dispatchInteraction(
      autocompleteInteraction({ ...place, name: "brief", focused: { name: "topic", value: "vladi" } }),
    );
    const topics = (await callbackOf(topic.id)).data as { choices: Array<{ value: string }> };
    expect(topics.choices.map((c) => c.value)).toContain("Vladimir Poetin");
    const zone = fake.dispatchInteraction(
      autocompleteInteraction({
        ...place,
        name: "briefing",
        subcommand: "subscribe",
        focused: { name: "timezone", value: "amster" },
      }),
    );
    expect(
      ((await callbackOf(zone.id)).data as { choices: Array<{ value: string }> }).choices.map((c) => c.value),
    ).toContain("Europe/Amsterdam");
  });

  it("posts a card publicly from its button, mentions off, quotes in a thread", async () => {
    const card = summarize(readArticleFixture(SEED));
    const before = fake.messages(DEFAULT_CHANNEL_ID).length;
    const { id } = fake.dispatchInteraction(
      buttonInteraction({ ...place, customId: `brief_post:${card.articleId}`, message: { id: "500000000000000001" } }),
    );
    await until(() =>
      fake.calls.find(
        (c) => c.method === "PATCH" && c.path.includes("@original") && JSON.stringify(c.body).includes("Posted"),
      ),
    );
    expect((await callbackOf(id)).type).toBe(5);
    const posted = fake.messages(DEFAULT_CHANNEL_ID).slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const thread = fake.threads.find((t) => t.id === posted[0]?.id);
    expect(thread).toBeDefined();
    expect(JSON.stringify(fake.messages(thread?.id ?? ""))).toContain("Denis Volkov");
    // The thread's name comes from the labels: the card's language, its headline.
    expect(thread?.name).toBe(`Citaten · ${card.headline}`.slice(0, 100));
    // A second click posts nothing more: the ledger has the post already.
    fake.dispatchInteraction(
      buttonInteraction({ ...place, customId: `brief_post:${card.articleId}`, message: { id: "500000000000000003" } }),
    );
    await until(() => fake.calls.find((c) => c.method === "PATCH" && JSON.stringify(c.body).includes("already")));
    expect(fake.messages(DEFAULT_CHANNEL_ID).slice(before)).toHaveLength(1);
    expect(await store.ledger.list({ subscription: POST_SUBSCRIPTION })).toMatchObject([
      { status: "delivered", articles: [card.articleId] },
    ]);
  });

  it("tells the person who clicked about missing permissions, and logs it", async () => {
    // Another card than the one posted above: that one is in the channel already.
    const card = summarize(readArticleFixture(fixtureArticles()[0]?.path as string));
    fake.denyChannel(DEFAULT_CHANNEL_ID, 50013);
    try {
      fake.dispatchInteraction(
        buttonInteraction({
          ...place,
          customId: `brief_post:${card.articleId}`,
          message: { id: "500000000000000002" },
        }),
      );
      const edit = await until(() =>
        fake.calls.find((c) => c.method === "PATCH" && JSON.stringify(c.body).includes("Could not post")),
      );
      expect(JSON.stringify(edit.body)).toMatch(/Missing Permissions/);
      expect(lines.some((l) => l.message === "posting a card failed")).toBe(true);
      expect(JSON.stringify(lines)).not.toContain(fake.token);
    } finally {
      fake.allowChannel(DEFAULT_CHANNEL_ID);
    }
  });
});

describe("the Discord publisher", () => {
  const rest = () => new REST({ api: fake.apiUrl, retries: 1 }).setToken(fake.token);
  const briefing = () => ({
    title: "morning · 2026-11-27",
    cards: [summarize(readArticleFixture(SEED))],
    window: { from: "a", to: "b" },
  });
  const destination = { platform: "discord" as const, channel: DEFAULT_CHANNEL_ID };

  it("posts with the delivery id as an enforced nonce and in the footer, threads the quotes, and finds it after a restart", async () => {
    const p = createDiscordPublisher(rest());
    const ref = await p.publish(destination, briefing(), "delivery-key-0001");
    const again = await p.publish(destination, briefing(), "delivery-key-0001");
    expect(again.id).toBe(ref.id);
    const sent = fake.messages(DEFAULT_CHANNEL_ID).find((m) => m.id === ref.id);
    expect(sent).toMatchObject({ nonce: "delivery-key-0001", enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(JSON.stringify(sent?.embeds)).toContain(deliveryFooter("delivery-key-0001"));
    await p.reply(ref, briefing().cards, "delivery-key-0001");
    expect(fake.threads.some((t) => t.id === ref.id)).toBe(true);
    const fresh = createDiscordPublisher(rest());
    expect(await fresh.find(destination, "delivery-key-0001", new Date(Date.now() - 60_000))).toEqual({
      platform: "discord",
      channel: DEFAULT_CHANNEL_ID,
      id: ref.id,
    });
    expect(await fresh.find(destination, "delivery-key-none", new Date(Date.now() - 60_000))).toBeUndefined();
  });

  it("waits out a 429 in discord.js's queue and never loses the post; access errors are final", async () => {
    const p = createDiscordPublisher(rest());
    fake.failNext("POST /channels/:id/messages", { status: 429, retryAfter: 0.2 });
    const before = fake.messages(DEFAULT_CHANNEL_ID).length;
    await p.publish(destination, briefing(), "delivery-key-0002");
    expect(fake.messages(DEFAULT_CHANNEL_ID).length).toBe(before + 1);
    fake.failNext("POST /channels/:id/messages", { status: 403, code: 50001 });
    const denied = await p.publish(destination, briefing(), "delivery-key-0003").catch((e) => e);
    expect(denied).toBeInstanceOf(PublishError);
    expect(denied).toMatchObject({ retryable: false, platformCode: "50001" });
    expect(denied.message).toMatch(/Missing Access/);
  });
});

describe("briefbot discord register", () => {
  it("puts /brief and /briefing in place in a guild", async () => {
    expect(
      await registerCommands(
        new REST({ api: fake.apiUrl }).setToken(fake.token),
        DEFAULT_APPLICATION_ID,
        DEFAULT_GUILD_ID,
      ),
    ).toBe(2);
    const commands = fake.commands(DEFAULT_GUILD_ID);
    expect(commands.map((c) => c.name).sort()).toEqual(["brief", "briefing"]);
    const briefing = commands.find((c) => c.name === "briefing") as {
      default_member_permissions?: string;
      options?: Array<{ name: string }>;
    };
    expect(briefing.default_member_permissions).toBe("16");
    expect(briefing.options?.map((o) => o.name)).toEqual(["subscribe", "unsubscribe", "list"]);
  });

  it("says in one line, exit 1, when the token is refused or Discord cannot be reached", async () => {
    const env = { DISCORD_APPLICATION_ID: DEFAULT_APPLICATION_ID, DISCORD_API_URL: fake.apiUrl };
    const refused = await briefbotAsync(["discord", "register", "--guild", DEFAULT_GUILD_ID], {
      ...env,
      DISCORD_TOKEN: "not-the-token-of-this-bot.0000000000",
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^briefbot: DISCORD_TOKEN is not valid: Discord answered 401 .*\n$/);
    const away = await briefbotAsync(["discord", "register"], {
      ...env,
      DISCORD_TOKEN: "a-token-for-nowhere.000000000000000",
      DISCORD_API_URL: "http://127.0.0.1:9/api",
    });
    expect(away.status).toBe(1);
    expect(away.stderr).toMatch(
      /^briefbot: could not reach Discord at http:\/\/127\.0\.0\.1:9\/api \(ECONNREFUSED\).*\n$/,
    );
  });
});
