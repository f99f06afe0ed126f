import { afterAll, afterEach, describe, expect, it } from "vitest";
import { firstLookbackMs } from "../../src/briefing/compose.ts";
import { nextSlot, previousSlotOf } from "../../src/briefing/schedule.ts";
import { describeWhyNot, explainStanding, type WhyNotContext } from "../../src/briefing/why-not.ts";
import { createDeliveryEngine, OVERLAP_MS } from "../../src/delivery/engine.ts";
import type { ComposeRules, Store, StoredSubscription } from "../../src/store/index.ts";
import { createFlakyPublisher } from "../fakes/flaky-publisher.ts";
import { recordingLogger } from "../helpers.ts";
import { dropTestDatabases } from "../postgres/databases.ts";
import { STORE_DRIVERS, type StoreDriver } from "../store/drivers.ts";
import { addArticle, manualClock, subscription } from "./clock.ts";

const { log } = recordingLogger();
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
afterAll(() => dropTestDatabases());

const rulesOf = (s: StoredSubscription, maxCarried = 1_000): ComposeRules => ({
  lookbackMs: firstLookbackMs(s),
  overlapMs: OVERLAP_MS,
  maxCarried,
});
const sub = async (store: Store, id = "morning") => (await store.ledger.subscription(id)) as StoredSubscription;

/** The why-not answer for an article, as the console asks it: as of the next slot, read only. */
async function whyNot(store: Store, now: Date, articleId: string, destination = "slack:C1", maxCarried = 1_000) {
  const s = await sub(store);
  const next = nextSlot(s.schedule, s.timezone, now);
  const previous = previousSlotOf(s.schedule, s.timezone, now);
  const standing = await store.consoleReads.standing(s, destination, articleId, next ?? now, rulesOf(s, maxCarried));
  const ctx: WhyNotContext = {
    subscription: s,
    destination,
    maxCarried,
    ...(next ? { next } : {}),
    ...(previous ? { previous } : {}),
  };
  const answer = explainStanding(standing, ctx);
  return { answer, text: describeWhyNot(answer, ctx, now) };
}

/** Everything the ledger holds, to show that the read-only methods wrote nothing. */
const snapshot = async (store: Store) => JSON.stringify(await store.ledger.list());

function standingCases(driver: StoreDriver) {
  async function setup(start: string, over: Parameters<typeof subscription>[0] = {}) {
    const clock = manualClock(start);
    const store = await (await driver.library()).open({ now: clock.now });
    opened.push(store);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions("definitions", [subscription(over)], clock.now());
    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    return { clock, store, fake, engine };
  }

  describe(`the ledger's read-only preview: what the next slot would carry now (${driver.engine})`, () => {
    it("chooses what claimBriefing then chooses, and writes nothing", async () => {
      const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z", { maxCards: 2, topic: "Westerdam" });
      const ids = [await addArticle(store), await addArticle(store), await addArticle(store)];
      await addArticle(store, "de windmolens van Kortewaal");
      const slot = new Date("2026-11-24T06:30:00Z");
      const before = await snapshot(store);
      const preview = await store.consoleReads.preview(await sub(store), slot, "slack:C1", rulesOf(await sub(store)));
      expect(await snapshot(store)).toBe(before);
      expect(await store.ledger.openClaims()).toEqual([]);
      expect([...preview.shown, ...preview.more].sort()).toEqual([...ids].sort());
      expect(preview.shown).toHaveLength(2);
      clock.set("2026-11-24T06:31:00Z");
      await engine.runDue();
      expect(fake.posted[0]?.briefing.articles).toEqual([...preview.shown, ...preview.more]);
      // Delivered, they are no longer what the next slot would carry.
      const after = await store.consoleReads.preview(
        await sub(store),
        new Date("2026-11-25T06:30:00Z"),
        "slack:C1",
        rulesOf(await sub(store)),
      );
      expect([...after.shown, ...after.more]).toEqual([]);
    });
  });

  describe(`the console's ledger: newest first, filtered and paged (${driver.engine})`, () => {
    it("lists what the ledger holds, the newest slot first, with the articles each carried", async () => {
      const { clock, store, engine } = await setup("2026-11-23T12:00:00Z", { destinations: ["slack:C1", "slack:C2"] });
      const first = await addArticle(store);
      clock.set("2026-11-24T06:31:00Z");
      await engine.runDue();
      const second = await addArticle(store);
      clock.set("2026-11-25T06:31:00Z");
      await engine.runDue();
      const reads = store.consoleReads;
      const all = await reads.deliveries();
      expect(all.map((r) => r.slot)).toEqual([...(await store.ledger.list()).map((r) => r.slot)].sort().reverse());
      expect(all).toHaveLength(4);
      const c1 = await reads.deliveries({ destination: "slack:C1" });
      expect(c1.map((r) => r.articles)).toEqual([[second], [first]]);
      expect(c1.every((r) => r.status === "delivered" && r.destination === "slack:C1")).toBe(true);
      expect(await reads.deliveries({ destination: "slack:C1", limit: 1, offset: 1 })).toEqual([c1[1]]);
      expect(await reads.deliveries({ status: "failed" })).toEqual([]);
      expect(await reads.deliveries({ subscription: "evening" })).toEqual([]);
    });
  });

  describe(`why an article did or did not reach a destination (${driver.engine})`, () => {
    it("names a delivered article with its slot and message reference, and one named as +N more", async () => {
      const { clock, store, engine } = await setup("2026-11-23T12:00:00Z", { maxCards: 1 });
      const older = await addArticle(store);
      clock.advance(60_000);
      const newer = await addArticle(store);
      clock.set("2026-11-24T06:31:00Z");
      await engine.runDue();
      const shown = await whyNot(store, clock.now(), newer);
      expect(shown.answer).toMatchObject({ kind: "delivered", delivery: { slot: "2026-11-24T06:30:00.000Z" } });
      expect(shown.text).toMatch(
        /^Delivered as a card in the slot of 2026-11-24T07:30:00\+01:00, posted at .*, message \{.*"channel":"C1"/,
      );
      const more = await whyNot(store, clock.now(), older);
      expect(more.answer.kind).toBe("named-more");
      expect(more.text).toMatch(
        /^Named as "\+1 more" \(beyond maxCards 1\) in the delivery of 2026-11-24T07:30:00\+01:00/,
      );
    });

    it("names backlog and a topic mismatch", async () => {
      const { clock, store } = await setup("2026-11-23T12:00:00Z", { topic: "windmolens" });
      const backlog = await addArticle(store, "de windmolens van Westerdam", { backlog: true });
      const offTopic = await addArticle(store, "de haven van Westerdam");
      const onTopic = await addArticle(store, "de windmolens van Kortewaal");
      expect((await whyNot(store, clock.now(), backlog)).answer.kind).toBe("backlog");
      expect((await whyNot(store, clock.now(), offTopic)).text).toBe(
        "Topic mismatch: it does not match the subscription's topic “windmolens”.",
      );
      expect((await whyNot(store, clock.now(), onTopic)).answer).toMatchObject({ kind: "after-slot", shown: true });
    });

    it("says an article added after the slot waits for the next one", async () => {
      const { clock, store, engine } = await setup("2026-11-23T12:00:00Z");
      await addArticle(store);
      clock.set("2026-11-24T06:31:00Z");
      await engine.runDue();
      clock.set("2026-11-24T09:00:00Z");
      const late = await addArticle(store);
      const r = await whyNot(store, clock.now(), late);
      expect(r.answer).toMatchObject({ kind: "after-slot", shown: true });
      expect(r.text).toMatch(
        /^Added at 2026-11-24T10:00:00\+01:00, after the slot of 2026-11-24T07:30:00\+01:00: it waits for the next slot \(Wed 07:30 Europe\/Amsterdam, in 22 h\), as a card\.$/,
      );
    });

    it("gives a failed delivery's reason, and says the next slot carries the article", async () => {
      const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z");
      const a = await addArticle(store);
      fake.failNext("C1", { kind: "permanent", code: "not_in_channel" });
      clock.set("2026-11-24T06:31:00Z");
      await engine.runDue();
      const r = await whyNot(store, clock.now(), a);
      expect(r.answer.kind).toBe("failed");
      expect(r.text).toMatch(/failed: slack: not_in_channel\. Its articles were given back: it goes in the next slot/);
    });

    it("says a delivery still being posted holds the article", async () => {
      const { clock, store } = await setup("2026-11-23T12:00:00Z");
      const a = await addArticle(store);
      const claimant = { owner: "me:1:a", leaseUntil: new Date("2026-11-24T06:40:00Z"), now: clock.now() };
      await store.ledger.claimBriefing(
        await sub(store),
        new Date("2026-11-24T06:30:00Z"),
        "slack:C1",
        claimant,
        rulesOf(await sub(store)),
      );
      expect((await whyNot(store, clock.now(), a)).answer).toMatchObject({
        kind: "posting",
        delivery: { status: "claimed" },
      });
    });

    it("says an article older than the look-back is outside it", async () => {
      const { clock, store } = await setup("2026-11-23T12:00:00Z");
      const old = await addArticle(store);
      clock.set("2026-11-26T12:00:00Z");
      await store.ledger.syncSubscriptions(
        "definitions",
        [subscription({ destinations: ["slack:C1", "slack:C9"] })],
        clock.now(),
      );
      // C1 was first seen with the article; C9 only now, and looks back 24 h from here.
      expect((await whyNot(store, clock.now(), old, "slack:C1")).answer.kind).toBe("waiting");
      const r = await whyNot(store, clock.now(), old, "slack:C9");
      expect(r.answer).toMatchObject({ kind: "outside-lookback", from: "2026-11-25T12:00:00.000Z" });
      expect(r.text).toMatch(
        /^Outside the look-back: added at 2026-11-23T13:00:00\+01:00, before 2026-11-25T13:00:00\+01:00/,
      );
    });

    it("says an article beyond the most one briefing carries waits", async () => {
      const { clock, store } = await setup("2026-11-23T12:00:00Z");
      const first = await addArticle(store);
      clock.advance(60_000);
      await addArticle(store);
      expect((await whyNot(store, clock.now(), first, "slack:C1", 1)).answer.kind).toBe("beyond-max");
    });

    it("names an unknown article and a destination the subscription does not have", async () => {
      const { clock, store } = await setup("2026-11-23T12:00:00Z");
      const a = await addArticle(store);
      expect((await whyNot(store, clock.now(), "a_nothing")).answer.kind).toBe("unknown-article");
      expect((await whyNot(store, clock.now(), a, "slack:C5")).text).toBe("slack:C5 is not a destination of morning.");
    });
  });
}

for (const driver of STORE_DRIVERS) standingCases(driver);
