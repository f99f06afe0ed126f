import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../adapters/discord/app.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import {
  DEFAULT_CHANNEL_ID,
  type FakeDiscord,
  slashCommandInteraction,
  startFakeDiscord,
} from "../fakes/discord/server.ts";
import { recordingLogger } from "../helpers.ts";

let fake: FakeDiscord;
let store: Store;
beforeAll(async () => {
  fake = await startFakeDiscord();
  store = await openStore({ file: ":memory:" });
});
afterAll(async () => {
  await fake.close();
  await store.close();
});

describe("the Discord adapter as the gateway lease drives it", () => {
  it("posts through REST before it connects, and connects again after it disconnected", async () => {
    const { log } = recordingLogger();
    const adapter = createDiscordAdapter({
      config: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
      store,
      log,
    });
    // On standby (no gateway), a replica still posts scheduled briefings.
    const channel = DEFAULT_CHANNEL_ID;
    const ref = await adapter.publisher.publish(
      { platform: "discord", channel },
      { title: "standby", cards: [], window: { from: "2026-12-01T00:00:00Z", to: "2026-12-01T06:00:00Z" } },
      "standby-key-000000000001",
    );
    expect(ref.channel).toBe(channel);
    expect(fake.identifies).toHaveLength(0);
    await adapter.start();
    expect(fake.identifies).toHaveLength(1);
    await adapter.stop();
    // The lease came back: the same adapter connects again and answers.
    await adapter.start();
    expect(fake.identifies).toHaveLength(2);
    expect(adapter.readiness()).toBe("ok");
    const { id } = fake.dispatchInteraction(slashCommandInteraction({ name: "brief" }));
    for (let i = 0; i < 200 && !fake.callbacks.some((c) => c.interactionId === id); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(fake.callbacks.filter((c) => c.interactionId === id)).toHaveLength(1);
    await adapter.stop();
  });
});
