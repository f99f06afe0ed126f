import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST } from "@discordjs/rest";
import { createConsolePublisher } from "../../adapters/console/publisher.ts";
import { createDiscordPublisher } from "../../adapters/discord/publisher.ts";
import { createPublishingClient, createSlackPublisher } from "../../adapters/slack/publisher.ts";
import { DEFAULT_CHANNEL_ID, startFakeDiscord } from "../fakes/discord/server.ts";
import { startFakeSlack } from "../fakes/slack/server.ts";
import { publisherContract } from "./publisher-contract.ts";

publisherContract("console", async () => {
  const transcript = join(mkdtempSync(join(tmpdir(), "briefbot-contract-console-")), "transcript.jsonl");
  const out: string[] = [];
  const make = () => createConsolePublisher({ write: (t) => void out.push(t), transcript });
  const publisher = make();
  return {
    publisher,
    fresh: make,
    destination: "console:news",
    posts: () => out.filter((t) => t.startsWith("══")).length,
    // The console's thread: the quote lines printed after a briefing.
    thread: () => out.filter((t) => t.startsWith("  ↳")).flatMap((t) => t.trimEnd().split("\n")),
    close: async () => {},
  };
});

publisherContract("Slack", async () => {
  const fake = await startFakeSlack();
  const make = () =>
    createSlackPublisher({ clientFor: async () => createPublishingClient(fake.botToken, fake.apiUrl) });
  const topLevel = () => fake.messages("C0001").filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  return {
    publisher: make(),
    fresh: make,
    // With its workspace, as `/brief subscribe` stores it: a reference names it too.
    destination: "slack:T0001/C0001",
    posts: () => topLevel().length,
    thread: (ref) =>
      fake
        .messages("C0001")
        .filter((m) => m.thread_ts === ref.id && m.ts !== ref.id)
        .map((m) => JSON.stringify(m.blocks)),
    fail: (fault) =>
      fake.failNext(
        "chat.postMessage",
        fault === "429"
          ? { status: 429, retryAfter: 2 }
          : fault === "5xx"
            ? { status: 503 }
            : { error: "not_in_channel" },
      ),
    retryAfter: { ms: 2000, waitedBy: "engine" },
    permanentHint: /not_in_channel \(the bot is not in this channel: invite it with \/invite @briefbot\)/,
    failNextReply: () => {
      fake.passNext("chat.postMessage", 1);
      fake.failNext("chat.postMessage", { error: "msg_too_long" });
    },
    close: () => fake.close(),
  };
});

publisherContract("Discord", async () => {
  const fake = await startFakeDiscord();
  const make = () => createDiscordPublisher(new REST({ api: fake.apiUrl, retries: 1 }).setToken(fake.token));
  return {
    publisher: make(),
    fresh: make,
    destination: `discord:${DEFAULT_CHANNEL_ID}`,
    posts: () => fake.messages(DEFAULT_CHANNEL_ID).length,
    thread: (ref) => fake.messages(ref.id).map((m) => String(m.content)),
    // discord.js's REST queue waits a 429 out itself; a 5xx whose post went through is found by its nonce.
    fail: (fault) =>
      fake.failNext(
        "POST /channels/:id/messages",
        fault === "429"
          ? { status: 429, retryAfter: 0.2 }
          : fault === "5xx"
            ? { status: 503, commit: true }
            : { status: 403, code: 50013 },
        fault === "5xx" ? 2 : 1,
      ),
    retryAfter: { ms: 200, waitedBy: "library" },
    permanentHint: /Missing Permissions: the bot needs Send Messages, Embed Links and Create Public Threads here/,
    failNextReply: () => {
      fake.passNext("POST /channels/:id/messages", 1);
      fake.failNext("POST /channels/:id/messages", { status: 403, code: 50013 });
    },
    close: () => fake.close(),
  };
});
