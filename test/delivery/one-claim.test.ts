import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import type { Store } from "../../src/store/index.ts";
import { createFlakyPublisher } from "../fakes/flaky-publisher.ts";
import { carded, recordingLogger } from "../helpers.ts";
import { dropTestDatabases } from "../postgres/databases.ts";
import { STORE_DRIVERS, type TestLibrary } from "../store/drivers.ts";
import { manualClock, subscription } from "./clock.ts";

const { lines, log } = recordingLogger();
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  lines.length = 0;
});
afterAll(() => dropTestDatabases());

let n = 0;
async function addArticle(store: Store): Promise<string> {
  n++;
  const text = `Bericht ${n} over de haven van Westerdam. De havenmeester zei dat “alles goed gaat” met nummer ${n}. Morgen meer.`;
  return (await store.save(carded({ article: parseArticle(text), origin: `one-claim:${n}` }))).articleId;
}

/** The SQL that makes the engine's database refuse to record a delivery as delivered (a full disk, say). */
const REFUSE_DELIVERED = {
  sqlite: `CREATE TRIGGER refuse_delivered BEFORE UPDATE OF status ON deliveries WHEN NEW.status = 'delivered'
           BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
  postgres: `CREATE FUNCTION refuse_delivered() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$;
             CREATE TRIGGER refuse_delivered BEFORE UPDATE ON deliveries FOR EACH ROW
               WHEN (NEW.status = 'delivered') EXECUTE FUNCTION refuse_delivered()`,
};
const ALLOW_DELIVERED = {
  sqlite: "DROP TRIGGER refuse_delivered",
  postgres: "DROP TRIGGER refuse_delivered ON deliveries",
};

for (const driver of STORE_DRIVERS) {
  describe(`one claim's trouble on ${driver.engine}`, () => {
    async function setup(destinations: string[], id = "morning") {
      const library: TestLibrary = await driver.library();
      const clock = manualClock("2026-11-23T12:00:00Z");
      const store = await library.open({ now: clock.now });
      opened.push(store);
      await store.ledger.syncSubscriptions("definitions", [subscription({ id, destinations })], clock.now());
      const article = await addArticle(store);
      const fake = createFlakyPublisher();
      const engine = createDeliveryEngine({
        store,
        publishers: { slack: fake.publisher },
        log,
        now: clock.now,
        owner: "engine-1",
        leaseMs: 60_000,
      });
      return { library, clock, store, fake, engine, article };
    }

    it("a post the ledger fails to record is not a failed post: its lease lapses and find settles it, never posted twice", async () => {
      const { library, clock, store, fake, engine, article } = await setup(["slack:C1"]);
      await library.exec(REFUSE_DELIVERED[driver.engine]);
      clock.set("2026-11-24T06:31:00Z");
      const first = await engine.runDue();
      expect(fake.posted).toHaveLength(1);
      expect(first).toMatchObject({ delivered: 1, failed: 0 });
      expect((await store.ledger.list()).map((r) => r.status)).toEqual(["claimed"]);
      expect(lines.filter((l) => l.message === "delivery posted, not recorded")).toHaveLength(1);
      await library.exec(ALLOW_DELIVERED[driver.engine]);
      clock.advance(2 * 60_000);
      await engine.runDue();
      expect((await store.ledger.list()).map((r) => r.status)).toEqual(["delivered"]);
      // The next morning has nothing new: the article went out once.
      clock.set("2026-11-25T06:31:00Z");
      await engine.runDue();
      expect(fake.posted.map((p) => p.briefing.articles)).toEqual([[article]]);
    });

    it("a destination that fails in a slot's fan-out is settled failed in one line, and the others are posted", async () => {
      const { clock, store, fake, engine, article } = await setup(["slack:C1", "nowhere", "slack:C2"]);
      clock.set("2026-11-24T06:31:00Z");
      expect(await engine.runDue()).toMatchObject({ delivered: 2, failed: 1 });
      expect(fake.posted.map((p) => [p.destination, p.briefing.articles])).toEqual([
        ["slack:C1", [article]],
        ["slack:C2", [article]],
      ]);
      const rows = await store.ledger.list();
      expect(rows.map((r) => [r.destination, r.status])).toEqual([
        ["nowhere", "failed"],
        ["slack:C1", "delivered"],
        ["slack:C2", "delivered"],
      ]);
      const failed = lines.filter((l) => l.message === "delivery failed");
      expect(failed.map((l) => [l.fields.destination, l.fields.status])).toEqual([["nowhere", "failed"]]);
    });

    it("a lapsed claim that fails to resolve is settled failed, and the claims after it are still resolved", async () => {
      const { clock, store, fake, engine, article } = await setup(["nowhere", "slack:C2"]);
      const slot = new Date("2026-11-24T06:30:00Z");
      clock.set("2026-11-24T06:31:00Z");
      // Claims of a replica that died at once: their leases ran out a minute later.
      for (const d of ["nowhere", "slack:C2"])
        await store.ledger.claim("morning", slot, d, "gone", new Date(clock.now().getTime() + 60_000), clock.now());
      await store.ledger.setCheckedUntil("morning", clock.now());
      clock.advance(5 * 60_000);
      expect(await engine.runDue()).toMatchObject({ delivered: 1, failed: 1 });
      expect(fake.posted.map((p) => [p.destination, p.briefing.articles])).toEqual([["slack:C2", [article]]]);
      expect((await store.ledger.list()).map((r) => [r.destination, r.status])).toEqual([
        ["nowhere", "failed"],
        ["slack:C2", "delivered"],
      ]);
      expect(lines.filter((l) => l.message === "delivery failed")).toHaveLength(1);
    });
  });
}
