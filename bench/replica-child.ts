/**
 * One replica of `bench:replicas`: the real delivery engine on the shared PostgreSQL library,
 * posting through HTTP to the benchmark's platform, kept as `serve` keeps it (leases renewed,
 * live replicas counted to share the rate, lapsed claims resolved when they lapse). It runs the
 * slot, then stays until the ledger shows every destination settled, and prints `done`.
 * `node --import tsx bench/replica-child.ts <databaseUrl> <platformUrl> <ceiling> <leaseMs> <nowIso>`
 */
import { createDeliveryEngine } from "../src/delivery/engine.ts";
import { type MessageRef, PublishError, type Publisher } from "../src/delivery/port.ts";
import type { Destination } from "../src/schemas.ts";
import { openStore } from "../src/store/index.ts";

const [databaseUrl, platformUrl, ceiling, leaseMs, nowIso] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const started = Date.now();
const now = () => new Date(new Date(nowIso).getTime() + (Date.now() - started));
const store = await openStore({ databaseUrl, now });

const publisher: Publisher = {
  platform: "slack",
  // Told the platform's ceiling, as the Slack and Discord publishers declare theirs.
  limits: { concurrency: 8, perSecond: Number(ceiling) },
  async publish(destination: Destination, _briefing, deliveryId): Promise<MessageRef> {
    const res = await fetch(`${platformUrl}/post`, {
      method: "POST",
      body: JSON.stringify({ channel: destination.channel, deliveryId }),
    });
    if (res.status === 429)
      throw new PublishError("slack", "rate limited", {
        retryable: true,
        retryAfterMs: Number(res.headers.get("retry-after-ms") ?? 100),
      });
    const { id } = (await res.json()) as { id: string };
    return { platform: "slack", channel: destination.channel, id };
  },
  async reply() {},
  async find(destination: Destination, deliveryId: string) {
    const res = await fetch(`${platformUrl}/find?deliveryId=${deliveryId}`);
    if (res.status === 404) return undefined;
    await res.json();
    return { platform: "slack", channel: destination.channel, id: deliveryId };
  },
};

const engine = createDeliveryEngine({
  store,
  publishers: { slack: publisher },
  log: { info() {}, warn() {}, error() {} },
  now,
  leaseMs: Number(leaseMs),
});
const keeper = engine.keep();
await keeper.started;
process.stdout.write("ready\n");
await engine.runDue();
const total = (await store.ledger.subscriptions())[0]?.destinations.length ?? 0;
for (;;) {
  const rows = await store.ledger.list();
  if (rows.filter((r) => r.status !== "claimed").length >= total) break;
  await new Promise((r) => setTimeout(r, 200));
}
process.stdout.write("done\n");
await keeper.stop();
await store.close();
