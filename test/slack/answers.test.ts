import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../adapters/slack/app.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/slack/server.ts";
import { signSlackRequest, slashCommandBody } from "../fakes/slack/sign.ts";
import { carded, readArticleFixture, recordingLogger, SEED } from "../helpers.ts";

const SECRET = "answers-signing-secret";
let fake: FakeSlack;
let store: Store;
/** A `response_url` host that takes the connection and never answers. */
let dead: Server;
let deadUrl: string;
const sockets = new Set<Socket>();
/** How many connections the dead host has taken so far. */
let connections = 0;

/** Wait for a condition (the test's timeout bounds it). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((r) => setTimeout(r, 10));
}

beforeAll(async () => {
  fake = await startFakeSlack();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-answers-")) });
  await store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
  dead = createServer((socket) => {
    sockets.add(socket);
    connections++;
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
  deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/respond`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => dead.close(resolve));
  await store.close();
  await fake.close();
});

describe("answering slash commands", () => {
  it("never lets dead response_urls hold up another person's answer, and stops within seconds", async () => {
    const { lines, log } = recordingLogger();
    const adapter = createSlackAdapter({
      config: { signingSecret: SECRET, apiUrl: fake.apiUrl, botToken: fake.botToken, port: 0, host: "127.0.0.1" },
      store,
      log,
      clientRetries: { retries: 0 },
      // The dead answers never time out during the test: only the queue's design lets the live one through.
      answers: { respondTimeoutMs: 600_000, drainMs: 200 },
    });
    const base = `http://127.0.0.1:${await adapter.start()}`;
    const send = (body: string) =>
      fetch(`${base}/slack/events`, { method: "POST", body, headers: signSlackRequest(SECRET, body) });
    // Three people whose answers go nowhere (more than the lookups worked on at once)…
    for (const user of ["U0A", "U0B", "U0C"])
      expect((await send(slashCommandBody({ text: "poetin", user_id: user, response_url: deadUrl }))).status).toBe(200);
    await until(() => connections >= 3);
    // …and one whose answer can arrive: it does, while the dead ones still hang.
    await send(slashCommandBody({ text: "poetin", user_id: "U0D", response_url: fake.responseUrl("alive") }));
    await until(() => fake.responses.some((r) => r.id === "alive"));
    expect(lines.some((l) => l.message === "answering a command failed")).toBe(false);
    // Stopping returns (it would hang the test otherwise), dropping the answers still hanging.
    await adapter.stop();
    await until(() => lines.filter((l) => l.message === "answering a command failed").length === 3);
  }, 20_000);

  it("tells a command briefbot is busy when too many answers are under way", async () => {
    const { log } = recordingLogger();
    const adapter = createSlackAdapter({
      config: { signingSecret: SECRET, apiUrl: fake.apiUrl, botToken: fake.botToken, port: 0, host: "127.0.0.1" },
      store,
      log,
      clientRetries: { retries: 0 },
      answers: { maxWaiting: 2, respondTimeoutMs: 600_000, drainMs: 200 },
    });
    const base = `http://127.0.0.1:${await adapter.start()}`;
    const send = (body: string) =>
      fetch(`${base}/slack/events`, { method: "POST", body, headers: signSlackRequest(SECRET, body) });
    // Two answers hang on a dead response_url; the third command is told to come back.
    const before = connections;
    for (const user of ["U0A", "U0B"])
      await send(slashCommandBody({ text: "poetin", user_id: user, response_url: deadUrl }));
    await until(() => connections >= before + 2);
    const busy = await send(
      slashCommandBody({ text: "poetin", user_id: "U0C", response_url: fake.responseUrl("busy") }),
    );
    expect(await busy.json()).toEqual({
      response_type: "ephemeral",
      text: "briefbot is busy answering others; try again in a moment.",
    });
    await adapter.stop();
  });
});
