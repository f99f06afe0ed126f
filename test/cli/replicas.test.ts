import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { slotsBetween } from "../../src/briefing/schedule.ts";
import { type FakeDiscord, slashCommandInteraction, startFakeDiscord } from "../fakes/discord/server.ts";
import { ARTICLES } from "../helpers.ts";
import { createTestDatabase, dropTestDatabases } from "../postgres/databases.ts";
import { briefbotAsync } from "./run.ts";
import { type ServeProcess, startServe, waitFor } from "./serve-process.ts";

const DESTINATIONS = 200;
const GUILD = "200000000000000001";
const channels = Array.from({ length: DESTINATIONS }, (_, i) => String(300000000000000001n + BigInt(i)));

// A fake Discord of its own for each test: what one test's replicas posted is not the next one's.
let discord: FakeDiscord;
beforeEach(async () => {
  discord = await startFakeDiscord({
    token: "fake.discord-bot-token.0123456789",
    guilds: [{ id: GUILD, name: "news", channels: channels.map((id, i) => ({ id, name: `c${i}` })) }],
  });
});
afterEach(() => discord.close());
afterAll(() => dropTestDatabases());

/** The briefings the fake holds, one entry per message, by channel. */
const briefings = () =>
  channels.flatMap((id) =>
    discord
      .messages(id)
      .filter((m) => JSON.stringify(m.embeds ?? []).includes("briefbot · ref "))
      .map((m) => ({ channel: id, ref: /briefbot · ref (\S+)/.exec(JSON.stringify(m.embeds))?.[1] })),
  );

/** Two replicas' settings: one PostgreSQL library, a per-minute briefing to 200 Discord channels. */
async function replicaEnv() {
  const url = await createTestDatabase();
  const defs = mkdtempSync(join(tmpdir(), "briefbot-replicas-defs-"));
  writeFileSync(
    join(defs, "minute.json"),
    JSON.stringify({
      name: "minute",
      schedule: "* * * * *",
      timezone: "UTC",
      maxCards: 5,
      destinations: channels.map((c) => `discord:${c}`),
    }),
  );
  return {
    BRIEFBOT_DATABASE_URL: url,
    BRIEFBOT_BRIEFINGS_DIR: defs,
    BRIEFBOT_LEASE_SECONDS: "3",
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
  };
}

const replica = (env: Record<string, string>) =>
  startServe(["--data-dir", mkdtempSync(join(tmpdir(), "briefbot-replica-"))], env);

async function stopAll(replicas: ServeProcess[]) {
  for (const r of replicas) if (r.child.exitCode === null) r.child.kill("SIGTERM");
  return Promise.all(replicas.map((r) => r.exited));
}

/** Ingest one article (a fixture's file, or a path) into the shared library through the CLI. */
async function ingest(env: Record<string, string>, file: string) {
  const r = await briefbotAsync(["ingest", file.includes("/") ? file : join(ARTICLES, file), "--json"], env);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout).items[0].articleId as string;
}

/** The ledger, as `briefbot deliveries --json` prints it. */
async function deliveries(env: Record<string, string>) {
  const r = await briefbotAsync(["deliveries", "--json"], env);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Array<{ slot: string; destination: string; status: string; articles: string[] }>;
}

/** Ask the bot something on Discord; resolves to how many answers it got (one gateway: one). */
async function answersTo(channel: string): Promise<number> {
  const { id } = discord.dispatchInteraction(
    slashCommandInteraction({ guildId: GUILD, channelId: channel, name: "brief" }),
  );
  await waitFor("the interaction's answer", () => discord.callbacks.some((c) => c.interactionId === id), 15_000);
  await new Promise((r) => setTimeout(r, 300));
  return discord.callbacks.filter((c) => c.interactionId === id).length;
}

describe("two serve replicas on one PostgreSQL library, 200 destinations, a briefing a minute", () => {
  it("post every article to every destination exactly once, with one gateway, also when one replica is killed mid-fan-out", async () => {
    const env = await replicaEnv();
    const first = await ingest(env, "nl-haven-automatisering.txt");
    const replicas = [replica(env), replica(env)];
    try {
      await Promise.all(replicas.map((r) => r.until((l) => l.msg === "caught up")));
      // One gateway connection across both replicas; the other stands by and posts through REST.
      expect(discord.identifies).toHaveLength(1);
      const gateways = replicas.map((r) => r.lines().find((l) => l.msg === "discord adapter ready")?.gateway);
      expect([...gateways].sort()).toEqual(["connected", "standby"]);
      expect(await answersTo(channels[0] as string)).toBe(1);

      // The first slot: both replicas share the fan-out, each destination gets the article once.
      await waitFor("the first slot's briefings", () => briefings().length >= DESTINATIONS, 90_000);
      const second = await ingest(env, "en-harbour-strike.txt");
      const now = new Date();
      const nextSlot = slotsBetween("* * * * *", "UTC", now, new Date(now.getTime() + 61_000))[0] as Date;

      // The next slot carries the news between them; one replica is killed in the middle of it.
      await waitFor("the next slot under way", () => briefings().length >= DESTINATIONS + 40, 90_000);
      const [victim, survivor] = replicas as [ServeProcess, ServeProcess];
      const delivered = (r: ServeProcess) =>
        r.lines().filter((l) => l.msg === "delivery" && l.status === "delivered").length;
      expect([delivered(victim), delivered(survivor)].every((n) => n > 0)).toBe(true);
      victim.child.kill("SIGKILL");
      expect(await victim.exited).toBe("SIGKILL");
      const killedAt = Date.now();
      expect(briefings().length).toBeLessThan(2 * DESTINATIONS);
      await waitFor("every destination's second briefing", () => briefings().length >= 2 * DESTINATIONS, 60_000);
      // The survivor woke when the dead replica's leases ran out, not at the next scheduled tick.
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      await new Promise((r) => setTimeout(r, 1_000));

      const all = briefings();
      expect(all).toHaveLength(2 * DESTINATIONS);
      for (const c of channels) expect(all.filter((b) => b.channel === c)).toHaveLength(2);
      expect(new Set(all.map((b) => b.ref)).size).toBe(2 * DESTINATIONS);
      const ledger = await deliveries(env);
      const posted = ledger.filter((d) => d.status === "delivered");
      expect(posted).toHaveLength(2 * DESTINATIONS);
      expect(posted.filter((d) => d.articles.join() === first)).toHaveLength(DESTINATIONS);
      const later = posted.filter((d) => d.articles.join() === second);
      expect(later).toHaveLength(DESTINATIONS);
      expect(later.every((d) => Date.parse(d.slot) === nextSlot.getTime())).toBe(true);
      // Nothing failed or missed (a slot that came meanwhile, with nothing new, is only `empty`).
      expect(ledger.filter((d) => d.status !== "delivered" && d.status !== "empty")).toEqual([]);

      // The gateway lives on in the survivor: answered once, whichever replica held it.
      await waitFor(
        "the survivor on the gateway",
        () =>
          survivor.lines().some((l) => l.msg === "holding the gateway lease: connecting") ||
          survivor.lines().find((l) => l.msg === "discord adapter ready")?.gateway === "connected",
        15_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await answersTo(channels[1] as string)).toBe(1);
    } finally {
      expect(await stopAll(replicas)).toContain(0);
    }
  }, 240_000);
});
