import { hostname } from "node:os";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { deliveryKey } from "../../src/store/keys.ts";
import { createFlakyPublisher } from "../fakes/flaky-publisher.ts";
import { carded, recordingLogger } from "../helpers.ts";
import { createTestDatabase, dropTestDatabases } from "../postgres/databases.ts";
import { manualClock, subscription } from "./clock.ts";

const { log } = recordingLogger();
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => dropTestDatabases());

/** Two replicas' stores on one PostgreSQL library, with one clock. */
async function twoReplicas(destinations: string[]) {
  const url = await createTestDatabase();
  const clock = manualClock("2026-11-23T12:00:00Z");
  const a = await openStore({ databaseUrl: url, now: clock.now });
  const b = await openStore({ databaseUrl: url, now: clock.now });
  opened.push(a, b);
  await a.ledger.syncSubscriptions("definitions", [subscription({ destinations })], clock.now());
  const text = "De haven van Westerdam groeit. De havenmeester zei dat “alles goed gaat”. Morgen meer.";
  const { articleId } = await a.save(carded({ article: parseArticle(text), origin: "t" }));
  clock.set("2026-11-24T06:31:00Z");
  return { clock, a, b, articleId };
}

describe("delivery engines on one PostgreSQL library", () => {
  it("share a slot's destinations, each posted once, each carrying the article once", async () => {
    const destinations = Array.from({ length: 40 }, (_, i) => `slack:C${i}`);
    const { clock, a, b, articleId } = await twoReplicas(destinations);
    const fake = createFlakyPublisher({ concurrency: 4 });
    const engine = (store: Store, owner: string) =>
      createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now, owner });
    const [ra, rb] = await Promise.all([engine(a, "replica-a").runDue(), engine(b, "replica-b").runDue()]);
    expect(ra.delivered + rb.delivered).toBe(destinations.length);
    expect(fake.posted.map((p) => p.destination).sort()).toEqual([...destinations].sort());
    const rows = await a.ledger.list();
    expect(rows.every((r) => r.status === "delivered" && r.articles.join() === articleId)).toBe(true);
  });

  it("leave a dead replica's claim alone while its lease runs, whatever its process id says, then find its post", async () => {
    const { clock, a } = await twoReplicas(["slack:C1", "slack:C2"]);
    const slot = new Date("2026-11-24T06:30:00Z");
    // A claim of a process on this machine that no longer runs: on SQLite known dead at once; on a
    // shared database only its lease counts.
    const dead = `${hostname()}:4194303:dead`;
    const lease = new Date(clock.now().getTime() + 60_000);
    for (const d of ["slack:C1", "slack:C2"]) await a.ledger.claim("morning", slot, d, dead, lease, clock.now());
    await a.ledger.setCheckedUntil("morning", clock.now());
    expect(a.isOwnerGone(dead)).toBe(false);
    const fake = createFlakyPublisher();
    // It had posted C1 before it died.
    await fake.publisher.publish(
      { platform: "slack", channel: "C1" },
      { title: "x", cards: [], window: { from: "", to: "" } },
      deliveryKey("morning", slot.toISOString(), "slack:C1"),
    );
    const engine = createDeliveryEngine({ store: a, publishers: { slack: fake.publisher }, log, now: clock.now });
    expect(await engine.runDue()).toMatchObject({ delivered: 0 });
    clock.advance(61_000);
    expect(await engine.runDue()).toMatchObject({ delivered: 2 });
    expect(fake.posted.map((p) => p.destination)).toEqual(["slack:C1", "slack:C2"]);
    expect((await a.ledger.list()).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});
