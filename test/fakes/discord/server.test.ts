import { once } from "node:events";
import {
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  REST,
  Routes,
  type TextChannel,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  autocompleteInteraction,
  buttonInteraction,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "./server.ts";

/** Shifts the fake's clock (never the test's): interaction deadlines and the nonce window. */
let skewMs = 0;
let fake: FakeDiscord;
let client: Client;
let readyMs: number;
const channel = () => client.channels.cache.get(DEFAULT_CHANNEL_ID) as TextChannel;
const nextInteraction = () => new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
const lastCall = (route: string) => fake.calls.filter((c) => c.route === route).at(-1)!;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 200, now: () => Date.now() + skewMs });
  client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl, retries: 1, timeout: 2000 },
    allowedMentions: { parse: [], repliedUser: false },
  });
  const started = Date.now();
  await Promise.all([once(client, Events.ClientReady), client.login(fake.token)]);
  readyMs = Date.now() - started;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe("fake Discord gateway", () => {
  it("takes the real discord.js client to ready with its guild and channel cached, far under 15 s", () => {
    expect(readyMs).toBeLessThan(2000);
    expect(fake.identifies).toEqual([
      expect.objectContaining({ token: "test-bot-token", intents: GatewayIntentBits.Guilds, shard: [0, 1] }),
    ]);
    expect(fake.gatewayConnections[0]?.url).toBe("/?v=10&encoding=json");
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.name).toBe("Briefbot Test Guild");
    expect(channel().type).toBe(ChannelType.GuildText);
    expect(fake.calls[0]).toMatchObject({
      method: "GET",
      path: "/gateway/bot",
      headers: { authorization: "Bot test-bot-token" },
    });
  });

  it("acknowledges heartbeats, so the client measures a ping instead of reconnecting", async () => {
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), { timeout: 2000 });
    expect(fake.heartbeats).toBeGreaterThan(0);
    expect(fake.identifies).toHaveLength(1);
  });
});

describe("fake Discord messages", () => {
  it("stores a sent embed with the nonce and the client's allowed_mentions", async () => {
    const embed = new EmbedBuilder().setTitle("Morning brief").setDescription("Three stories.");
    const sent = await channel().send({ embeds: [embed], nonce: "brief-2024-05-01", enforceNonce: true });
    const stored = fake.messages(DEFAULT_CHANNEL_ID).at(-1)!;
    expect(stored).toMatchObject({
      id: sent.id,
      channel_id: DEFAULT_CHANNEL_ID,
      author: { id: fake.botUser.id, bot: true },
      embeds: [{ type: "rich", title: "Morning brief", description: "Three stories." }],
      nonce: "brief-2024-05-01",
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
    expect(sent.nonce).toBe("brief-2024-05-01");
  });

  it("returns the existing message for a repeated nonce with enforce_nonce, instead of posting twice", async () => {
    const before = fake.messages(DEFAULT_CHANNEL_ID).length;
    const first = await channel().send({ content: "once", nonce: "brief-once", enforceNonce: true });
    const again = await channel().send({ content: "once", nonce: "brief-once", enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(before + 1);
  });

  it("forgets a nonce once the window has passed, as Discord does after a few minutes", async () => {
    const first = await channel().send({ content: "late", nonce: "brief-late", enforceNonce: true });
    skewMs = 3 * 60_000;
    try {
      const again = await channel().send({ content: "late", nonce: "brief-late", enforceNonce: true });
      expect(again.id).not.toBe(first.id);
    } finally {
      skewMs = 0;
    }
  });

  it("returns history newest first and without nonces, like Get Channel Messages", async () => {
    const raw = (await client.rest.get(Routes.channelMessages(DEFAULT_CHANNEL_ID), {
      query: new URLSearchParams({ limit: "2" }),
    })) as Array<Record<string, unknown>>;
    const stored = fake.messages(DEFAULT_CHANNEL_ID);
    expect(raw.map((m) => m.id)).toEqual([stored.at(-1)!.id, stored.at(-2)!.id]);
    for (const m of raw) expect(m).not.toHaveProperty("nonce");
    // discord.js keeps the nonce of a message it sent in its cache; a restarted bot has no cache.
    expect((await channel().messages.fetch({ limit: 1 })).first()?.nonce).toBe(stored.at(-1)!.nonce);
    channel().messages.cache.clear();
    expect((await channel().messages.fetch({ limit: 1 })).first()?.nonce).toBeNull();
  });

  it("keeps a delivery id written into the embed footer, which is how a bot finds its post again", async () => {
    await channel().send({ embeds: [new EmbedBuilder().setTitle("Card").setFooter({ text: "briefbot · d:7f3a" })] });
    const recent = await channel().messages.fetch({ limit: 50, cache: false });
    const mine = recent.find((m) => m.author.id === client.user?.id && m.embeds[0]?.footer?.text.endsWith("d:7f3a"));
    expect(mine).toBeDefined();
  });

  it("starts a thread from a message with the message's id, and a send into it lands there", async () => {
    const starter = await channel().send({ content: "Thread starter" });
    const thread = await starter.startThread({ name: "Discussion" });
    expect(thread.id).toBe(starter.id);
    expect(thread.parentId).toBe(DEFAULT_CHANNEL_ID);
    const reply = await thread.send({ content: "In the thread" });
    expect(fake.threads.map((t) => [t.id, t.type, t.parent_id])).toEqual([[starter.id, 11, DEFAULT_CHANNEL_ID]]);
    expect(fake.messages(thread.id).map((m) => [m.id, m.content])).toEqual([[reply.id, "In the thread"]]);
    await expect(starter.startThread({ name: "Again" })).rejects.toMatchObject({ code: 160004 });
  });

  it("takes an attachment as multipart: payload_json becomes the body, the file is recorded", async () => {
    const sent = await channel().send({
      content: "see file",
      files: [{ attachment: Buffer.from("hello"), name: "a.txt" }],
    });
    const post = lastCall("POST /channels/:id/messages");
    expect(post.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(post.body).toMatchObject({ content: "see file", attachments: [{ id: "0" }] });
    expect(post.files).toEqual([{ field: "files[0]", name: "a.txt", contentType: expect.any(String), size: 5 }]);
    expect(sent.attachments.first()?.name).toBe("a.txt");
  });

  it("rejects content over 2000 characters and a nonce over 25 with 50035, as Discord validates them", async () => {
    await expect(channel().send({ content: "x".repeat(2001) })).rejects.toMatchObject({ code: 50035, status: 400 });
    await expect(channel().send({ content: "x", nonce: "n".repeat(26) })).rejects.toMatchObject({ code: 50035 });
  });
});

describe("fake Discord faults", () => {
  it("sends a 429 with Discord's headers: Retry-After rounded up, the exact wait in Reset-After", async () => {
    fake.failNext("GET /users/@me", { status: 429, retryAfter: 0.2 });
    const res = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(res.headers.get("x-ratelimit-reset-after")).toBe("0.200");
    expect(res.headers.get("x-ratelimit-scope")).toBe("user");
    expect(res.headers.get("x-ratelimit-bucket")).toMatch(/^[0-9a-f]{32}$/);
    expect(await res.json()).toEqual({ message: "You are being rate limited.", retry_after: 0.2, global: false });
  });

  it("sends a global 429 with only Retry-After, X-RateLimit-Global and X-RateLimit-Scope", async () => {
    fake.failNext("GET /users/@me", { status: 429, retryAfter: 1.5, global: true });
    const res = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${fake.token}` } });
    expect([...res.headers.keys()].filter((k) => k.startsWith("x-ratelimit") || k === "retry-after").sort()).toEqual([
      "retry-after",
      "x-ratelimit-global",
      "x-ratelimit-scope",
    ]);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({ message: "You are being rate limited.", retry_after: 1.5, global: true });
  });

  it("lets discord.js wait out a 429 of 0.2 s on POST messages and succeed", async () => {
    fake.failNext("POST /channels/:id/messages", { status: 429, retryAfter: 0.2 });
    const started = Date.now();
    const sent = await channel().send({ content: "after the limit" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1500);
    const posts = fake.calls.filter((c) => c.route === "POST /channels/:id/messages").slice(-2);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messages(DEFAULT_CHANNEL_ID).at(-1)?.id).toBe(sent.id);
  });

  it("rejects a 403 Missing Permissions as a DiscordAPIError with code 50013", async () => {
    fake.failNext("POST /channels/:id/messages", { status: 403, code: 50013 });
    const error = await channel()
      .send({ content: "denied" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50013, status: 403, message: "Missing Permissions" });
  });

  it("keeps refusing a denied channel until it is allowed again", async () => {
    fake.denyChannel(DEFAULT_CHANNEL_ID, 50001);
    await expect(channel().send({ content: "no access" })).rejects.toMatchObject({ code: 50001 });
    await expect(channel().send({ content: "still none" })).rejects.toMatchObject({ code: 50001 });
    fake.allowChannel(DEFAULT_CHANNEL_ID);
    await expect(channel().send({ content: "back" })).resolves.toBeDefined();
  });

  it("answers an unknown channel with 404 Unknown Channel (10003)", async () => {
    await expect(client.channels.fetch("399999999999999999")).rejects.toMatchObject({ code: 10003, status: 404 });
  });

  it("can commit a send and then fail it with a 500, and enforce_nonce makes the retry return that message", async () => {
    const before = fake.messages(DEFAULT_CHANNEL_ID).length;
    fake.failNext("POST /channels/:id/messages", { status: 500, commit: true });
    const sent = await channel().send({ content: "exactly once", nonce: "brief-500", enforceNonce: true });
    const posts = fake.calls.filter((c) => c.route === "POST /channels/:id/messages").slice(-2);
    expect(posts.map((c) => c.status)).toEqual([500, 200]);
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(before + 1);
    expect(fake.messages(DEFAULT_CHANNEL_ID).at(-1)?.id).toBe(sent.id);
  });

  it("can commit a send and never answer: the client times out, retries, and enforce_nonce dedupes", async () => {
    const rest = new REST({ api: fake.apiUrl, timeout: 200, retries: 1 }).setToken(fake.token);
    const before = fake.messages(DEFAULT_CHANNEL_ID).length;
    fake.failNext("POST /channels/:id/messages", { hang: true, commit: true });
    const body = { content: "lost response", nonce: "brief-hang", enforce_nonce: true };
    const sent = (await rest.post(Routes.channelMessages(DEFAULT_CHANNEL_ID), { body })) as { id: string };
    const posts = fake.calls.filter((c) => c.route === "POST /channels/:id/messages").slice(-2);
    expect(posts.map((c) => c.status)).toEqual([0, 200]);
    expect(fake.messages(DEFAULT_CHANNEL_ID)).toHaveLength(before + 1);
    expect(fake.messages(DEFAULT_CHANNEL_ID).at(-1)?.id).toBe(sent.id);
  });

  it("refuses a wrong bot token with 401 (checked with fetch: a 401 makes discord.js drop its token)", async () => {
    const res = await fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { authorization: "Bot wrong" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "401: Unauthorized", code: 0 });
  });
});

describe("fake Discord interactions", () => {
  it("fires interactionCreate for a slash command, and an ephemeral reply reaches the callback as type 4", async () => {
    const received = nextInteraction();
    const { id, token } = fake.dispatchInteraction(
      slashCommandInteraction({ name: "brief", options: [{ name: "topic", type: 3, value: "energy" }] }),
    );
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error(`expected a chat input command, got ${interaction.type}`);
    expect(interaction.id).toBe(id);
    expect(interaction.options.getString("topic")).toBe("energy");
    expect(interaction.channelId).toBe(DEFAULT_CHANNEL_ID);
    await interaction.reply({ content: "Working on it", flags: MessageFlags.Ephemeral });
    expect(fake.callbacks.at(-1)).toMatchObject({
      interactionId: id,
      token,
      type: 4,
      data: { content: "Working on it", flags: 64, allowed_mentions: { parse: [] } },
    });
    expect(fake.callbacks.at(-1)!.elapsedMs).toBeLessThan(3000);
    const callback = lastCall("POST /interactions/:id/:token/callback");
    expect(callback.headers.authorization).toBeUndefined();
    expect(callback.query).toEqual({ with_response: "false" });
    expect(callback.status).toBe(204);
    expect(fake.messages(DEFAULT_CHANNEL_ID).some((m) => m.content === "Working on it")).toBe(false);
  });

  it("passes a subcommand through to discord.js", async () => {
    const received = nextInteraction();
    fake.dispatchInteraction(slashCommandInteraction({ name: "brief", subcommand: "now" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    expect(interaction.options.getSubcommand()).toBe("now");
    await interaction.reply({ content: "ok" });
  });

  it("takes deferReply as type 5 and editReply as a PATCH of @original", async () => {
    const received = nextInteraction();
    const { token } = fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    await interaction.deferReply();
    const edited = await interaction.editReply({ content: "Here is your brief" });
    expect(fake.callbacks.at(-1)).toMatchObject({ token, type: 5 });
    expect(lastCall("PATCH /webhooks/:id/:token/messages/:id").path).toBe(
      `/webhooks/${fake.applicationId}/${token}/messages/@original`,
    );
    expect(fake.interactionMessages(token).map((m) => [m.id, m.content, m.flags])).toEqual([
      [edited.id, "Here is your brief", 0],
    ]);
    const followUp = await interaction.followUp({ content: "One more thing" });
    expect(fake.interactionMessages(token).map((m) => m.id)).toEqual([edited.id, followUp.id]);
  });

  it("fills the deferred 'thinking' message with the first followUp, as Discord does", async () => {
    const received = nextInteraction();
    const { token } = fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    expect(fake.interactionMessages(token).map((m) => m.flags)).toEqual([64 | 128]);
    const first = await interaction.followUp({ content: "done" });
    expect(fake.interactionMessages(token).map((m) => [m.id, m.content, m.flags])).toEqual([[first.id, "done", 64]]);
  });

  it("answers with_response=true with the callback resource, the reply message inside", async () => {
    const received = nextInteraction();
    const { id } = fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    const response = await interaction.reply({ content: "with response", withResponse: true });
    expect(response.interaction.id).toBe(id);
    expect(response.resource?.message?.content).toBe("with response");
    expect(fake.messages(DEFAULT_CHANNEL_ID).at(-1)).toMatchObject({ content: "with response", type: 20 });
  });

  it("refuses a second response with 40060 and a response after 3 s with 10062", async () => {
    let received = nextInteraction();
    fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    let interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    await interaction.reply({ content: "first" });
    await expect(
      client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: 4, data: { content: "second" } },
        auth: false,
      }),
    ).rejects.toMatchObject({ code: 40060 });

    received = nextInteraction();
    fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    skewMs = 3500;
    try {
      await expect(interaction.reply({ content: "too late" })).rejects.toMatchObject({ code: 10062 });
    } finally {
      skewMs = 0;
    }
  });

  it("delivers a button click on a stored message, and update() edits that message", async () => {
    const card = await channel().send({
      content: "Card",
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: "brief:more:7f3a", label: "More" }] }],
    });
    const received = nextInteraction();
    fake.dispatchInteraction(buttonInteraction({ customId: "brief:more:7f3a", message: { id: card.id } }));
    const interaction = await received;
    if (!interaction.isButton()) throw new Error("expected a button");
    expect(interaction.customId).toBe("brief:more:7f3a");
    expect(interaction.message.id).toBe(card.id);
    expect(interaction.message.content).toBe("Card");
    await interaction.update({ content: "Card (expanded)" });
    expect(fake.callbacks.at(-1)?.type).toBe(7);
    expect(fake.messages(DEFAULT_CHANNEL_ID).find((m) => m.id === card.id)?.content).toBe("Card (expanded)");
  });

  it("delivers autocomplete with the focused option, and respond() sends type 8 with the choices", async () => {
    const received = nextInteraction();
    fake.dispatchInteraction(autocompleteInteraction({ name: "brief", focused: { name: "topic", value: "ene" } }));
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error("expected autocomplete");
    expect(interaction.options.getFocused(true)).toMatchObject({ name: "topic", value: "ene" });
    await interaction.respond([{ name: "energy", value: "energy" }]);
    expect(fake.callbacks.at(-1)).toMatchObject({ type: 8, data: { choices: [{ name: "energy", value: "energy" }] } });
  });

  it("registers global and guild commands by bulk overwrite, keeping ids across overwrites", async () => {
    const brief = { name: "brief", description: "Get a briefing" };
    const [global] = [...(await client.application!.commands.set([brief])).values()];
    const [again] = [...(await client.application!.commands.set([brief])).values()];
    expect(again?.id).toBe(global?.id);
    await client.guilds.cache.get(DEFAULT_GUILD_ID)!.commands.set([brief]);
    expect(fake.commands().map((c) => c.name)).toEqual(["brief"]);
    expect(fake.commands(DEFAULT_GUILD_ID)).toEqual([
      expect.objectContaining({ name: "brief", guild_id: DEFAULT_GUILD_ID }),
    ]);
    await expect(client.application!.commands.set([{ name: "Brief", description: "x" }])).rejects.toMatchObject({
      code: 50035,
    });
  });
});

describe("fake Discord reconnects", () => {
  it("lets discord.js RESUME after a dropped socket and replays what it missed", async () => {
    fake.disconnect(4000);
    const received = nextInteraction();
    fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    const interaction = await received;
    expect(fake.resumes).toEqual([expect.objectContaining({ resumed: true })]);
    expect(fake.identifies).toHaveLength(1);
    if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
    await interaction.reply({ content: "still here" });
  });
});
