/**
 * A process that runs the real delivery engine and store against the fake platform, for the
 * kill-and-restart test: `node --import tsx fanout-child.ts <dataDir> <platformUrl> <destinations> <nowIso> [slack|discord]`.
 * With `slack` or `discord`, the platform is that fake's API at <platformUrl> and the publisher is briefbot's own.
 * It prints `ready` once it has started, and `done <json report>` when its run is over.
 */
import { REST } from "@discordjs/rest";
import { createDiscordPublisher } from "../../adapters/discord/publisher.ts";
import { createPublishingClient, createSlackPublisher } from "../../adapters/slack/publisher.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import type { MessageRef, Publisher } from "../../src/delivery/port.ts";
import type { Briefing, Destination } from "../../src/schemas.ts";
import { openStore } from "../../src/store/index.ts";

const [dataDir, platformUrl, count, nowIso, mode] = process.argv.slice(2) as [string, string, string, string, string?];
// The run starts at <nowIso> and its clock then moves with real time (pacing waits on it).
const started = Date.now();
const now = () => new Date(new Date(nowIso).getTime() + (Date.now() - started));
const store = await openStore({ dataDir, now });

const httpPublisher: Publisher = {
  platform: "slack",
  limits: { concurrency: 4 },
  async publish(destination: Destination, briefing: Briefing, deliveryId: string): Promise<MessageRef> {
    const res = await fetch(`${platformUrl}/post`, {
      method: "POST",
      body: JSON.stringify({ channel: destination.channel, deliveryId, title: briefing.title }),
    });
    const { id } = (await res.json()) as { id: string };
    return { platform: "slack", channel: destination.channel, id };
  },
  async reply() {},
  async find(destination: Destination, deliveryId: string) {
    const res = await fetch(`${platformUrl}/find?channel=${destination.channel}&deliveryId=${deliveryId}`);
    if (res.status === 404) return undefined;
    const { at } = (await res.json()) as { at: number };
    return { platform: "slack", channel: destination.channel, id: String(at) };
  },
};

const publisher: Publisher =
  mode === "slack"
    ? createSlackPublisher({ clientFor: async () => createPublishingClient("xoxb-test-token", platformUrl) })
    : mode === "discord"
      ? createDiscordPublisher(new REST({ api: platformUrl, retries: 1 }).setToken("test-bot-token"))
      : httpPublisher;

const destinations = Array.from({ length: Number(count) }, (_, i) =>
  mode === "discord" ? `discord:${300000000000000001n + BigInt(i)}` : `slack:C${String(i).padStart(4, "0")}`,
);
if ((await store.ledger.subscriptions()).length === 0) {
  await store.ledger.syncSubscriptions(
    "definitions",
    [
      {
        id: "morning",
        origin: "definitions",
        schedule: "30 7 * * *",
        timezone: "Europe/Amsterdam",
        maxCards: 5,
        destinations,
      },
    ],
    new Date(new Date(nowIso).getTime() - 3_600_000),
  );
}
const engine = createDeliveryEngine({
  store,
  publishers: { [publisher.platform]: publisher },
  log: { info() {}, warn() {}, error() {} },
  now,
});
process.stdout.write("ready\n");
const report = await engine.runDue();
process.stdout.write(`done ${JSON.stringify(report)}\n`);
await store.close();
