import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import type { Store } from "../../src/store/index.ts";
import { POST_SUBSCRIPTION } from "../../src/store/keys.ts";
import { createFlakyPublisher } from "../fakes/flaky-publisher.ts";
import { recordingLogger } from "../helpers.ts";
import { addArticle, manualClock, recordingSleep, storeKeeper, subscription } from "./clock.ts";

const { lines, log } = recordingLogger();
const stores = storeKeeper();
afterEach(async () => {
  await stores.closeAll();
  lines.length = 0;
});

async function setup(start: string, over: Parameters<typeof subscription>[0] = {}) {
  const clock = manualClock(start);
  const store = await stores.open(clock.now);
  const fake = createFlakyPublisher();
  await store.ledger.syncSubscriptions("definitions", [subscription(over)], clock.now());
  const engine = createDeliveryEngine({
    store,
    publishers: { slack: fake.publisher },
    log,
    now: clock.now,
    sleep: recordingSleep(clock).sleep,
  });
  return { clock, store, fake, engine };
}

/** The article ids each post carried, in order. */
const carried = (fake: ReturnType<typeof createFlakyPublisher>) => fake.posted.map((p) => p.briefing.articles ?? []);
const rows = async (store: Store) =>
  (await store.ledger.list()).map((d) => ({ slot: d.slot, until: d.until, status: d.status }));

describe("what a briefing carries: the articles its destination has not had yet", () => {
  it("carries, in a new subscription's first briefing, what came in before serve started, within firstLookback", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await stores.open(clock.now);
    const old = await addArticle(store); // three days before the subscription: beyond a 24 h look-back
    clock.set("2026-11-26T12:00:00Z");
    const recent = await addArticle(store);
    clock.set("2026-11-26T20:00:00Z");
    await store.ledger.syncSubscriptions("definitions", [subscription()], clock.now());
    const fake = createFlakyPublisher();
    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    clock.set("2026-11-27T06:31:00Z");
    await engine.runDue();
    expect(carried(fake)).toEqual([[recent]]);
    expect(carried(fake).flat()).not.toContain(old);

    // With firstLookback 7d, a second destination's first briefing reaches back to the old one too.
    await store.ledger.syncSubscriptions(
      "definitions",
      [subscription({ destinations: ["slack:C1", "slack:C2"], firstLookback: "7d" })],
      clock.now(),
    );
    clock.set("2026-11-28T06:31:00Z");
    await engine.runDue();
    const toC2 = fake.posted.filter((p) => p.destination === "slack:C2");
    expect(toC2.map((p) => [...(p.briefing.articles ?? [])].sort())).toEqual([[old, recent].sort()]);
    // C1 had both or was past them: nothing new, so nothing posted there.
    expect(fake.posted.filter((p) => p.destination === "slack:C1")).toHaveLength(1);
  });

  it("loses nothing in an empty slot: the next slot carries what came after it, and quiet slots are one empty range", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z", { schedule: "*/10 * * * *" });
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * 60_000);
      await engine.runDue();
    }
    expect(fake.posted).toHaveLength(0);
    expect(await rows(store)).toEqual([
      { slot: "2026-11-23T12:10:00.000Z", until: "2026-11-23T12:40:00.000Z", status: "empty" },
    ]);
    const a = await addArticle(store);
    clock.advance(10 * 60_000);
    await engine.runDue();
    expect(carried(fake)).toEqual([[a]]);
    clock.advance(10 * 60_000);
    await engine.runDue();
    expect(fake.posted).toHaveLength(1);
  });

  it("shows at most maxCards, best first, names the rest as +N more, and never carries them again", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z", { maxCards: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      clock.advance(60_000);
      ids.push(await addArticle(store));
    }
    clock.set("2026-11-24T06:31:00Z");
    await engine.runDue();
    const [first] = fake.posted;
    expect(first?.briefing.cards).toHaveLength(3);
    expect(first?.briefing.more).toBe(4);
    expect([...(first?.briefing.articles ?? [])].sort()).toEqual([...ids].sort());
    expect((await store.ledger.list())[0]).toMatchObject({ status: "delivered", more: 4 });
    const later = await addArticle(store);
    clock.set("2026-11-25T06:31:00Z");
    await engine.runDue();
    expect(carried(fake)[1]).toEqual([later]);
  });

  it("leaves out backlog and articles off the topic", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z", { topic: "windmolens" });
    await addArticle(store, "de haven van Westerdam");
    await addArticle(store, "de windmolens van Westerdam", { backlog: true });
    const onTopic = await addArticle(store, "de windmolens van Kortewaal");
    clock.set("2026-11-24T06:31:00Z");
    await engine.runDue();
    expect(carried(fake)).toEqual([[onTopic]]);
  });

  it("gives a failed delivery's articles to the next slot", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z");
    const a = await addArticle(store);
    fake.failNext("C1", { kind: "permanent", code: "not_in_channel" });
    clock.set("2026-11-24T06:31:00Z");
    await engine.runDue();
    expect((await store.ledger.list()).map((d) => d.status)).toEqual(["failed"]);
    const b = await addArticle(store);
    clock.set("2026-11-25T06:31:00Z");
    await engine.runDue();
    expect(carried(fake).map((ids) => [...ids].sort())).toEqual([[a, b].sort()]);
  });

  it("after 20 minutes down posts one briefing with everything, and records the slots before it as one missed range", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:30Z", { schedule: "* * * * *" });
    await engine.runDue();
    const before = await addArticle(store);
    clock.advance(60_000);
    await engine.runDue();
    expect(carried(fake)).toEqual([[before]]);
    // Down for 20 minutes, while two articles come in.
    const during = [await addArticle(store), await addArticle(store)];
    clock.advance(20 * 60_000);
    await engine.runDue();
    expect(
      carried(fake)
        .slice(1)
        .map((ids) => [...ids].sort()),
    ).toEqual([[...during].sort()]);
    const ledger = await store.ledger.list();
    expect(ledger.map((d) => d.status)).toEqual(["delivered", "missed", "delivered"]);
    const missed = ledger[1];
    expect(missed).toMatchObject({ slot: "2026-11-23T12:02:00.000Z", until: "2026-11-23T12:20:00.000Z" });
    expect(missed?.error).toMatch(/the slot of 2026-11-23T12:21:00.000Z carries their articles/);
  });

  it("past the grace window posts nothing and records the range; the articles wait for the next slot", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z");
    const a = await addArticle(store);
    clock.set("2026-11-26T12:00:00Z"); // three morning slots, all past grace
    await engine.runDue();
    expect(fake.posted).toHaveLength(0);
    expect(await rows(store)).toEqual([
      { slot: "2026-11-24T06:30:00.000Z", until: "2026-11-26T06:30:00.000Z", status: "missed" },
    ]);
    clock.set("2026-11-27T06:31:00Z");
    await engine.runDue();
    expect(carried(fake)).toEqual([[a]]);
  });

  it("recovers a claim a dead process left with the same articles, and never carries them twice", async () => {
    const { clock, store, fake } = await setup("2026-11-23T12:00:00Z", { destinations: ["slack:C1", "slack:C2"] });
    const a = await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const sub = await store.ledger.subscription("morning");
    if (!sub) throw new Error("no subscription");
    const rules = { lookbackMs: 86_400_000, overlapMs: 3_600_000, maxCarried: 100 };
    const dead = { owner: "elsewhere:1:dead", leaseUntil: new Date("2026-11-24T06:32:00Z"), now: clock.now() };
    const c1 = await store.ledger.claimBriefing(sub, new Date("2026-11-24T06:30:00Z"), "slack:C1", dead, rules);
    expect(c1).toMatchObject({ kind: "claimed", carried: { shown: [a] } });
    // The claim of the dead process holds the article: another slot now would not carry it.
    const b = await addArticle(store);
    await store.ledger.setCheckedUntil("morning", clock.now());
    clock.set("2026-11-24T06:45:00Z"); // its lease is over
    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    await engine.runDue();
    expect(fake.posted.map((p) => [p.destination, p.briefing.articles])).toEqual([["slack:C1", [a]]]);
    clock.set("2026-11-25T06:31:00Z");
    await engine.runDue();
    const all = fake.posted.map((p) => `${p.destination} ${[...(p.briefing.articles ?? [])].sort().join(",")}`);
    expect(all.sort()).toEqual([`slack:C1 ${a}`, `slack:C1 ${b}`, `slack:C2 ${[a, b].sort().join(",")}`].sort());
  });
});

describe("a card posted from its button", () => {
  it("is a delivery of its own: two clicks, one post; after a failure, a click posts again", async () => {
    const { clock, store, fake, engine } = await setup("2026-11-23T12:00:00Z", { destinations: ["slack:C8"] });
    const a = await addArticle(store);
    expect(await engine.postCard(a, "slack:C7")).toMatchObject({ status: "posted" });
    expect(await engine.postCard(a, "slack:C7")).toMatchObject({ status: "already", ref: { channel: "C7" } });
    expect(fake.posted.map((p) => [p.destination, p.briefing.kind, p.briefing.articles])).toEqual([
      ["slack:C7", "card", [a]],
    ]);
    fake.failNext("C8", { kind: "permanent", code: "not_in_channel" });
    expect(await engine.postCard(a, "slack:C8")).toMatchObject({ status: "failed", error: "slack: not_in_channel" });
    clock.advance(60_000);
    expect(await engine.postCard(a, "slack:C8")).toMatchObject({ status: "posted" });
    expect(await engine.postCard("a_nothing", "slack:C8")).toEqual({ status: "no-card" });
    expect((await store.ledger.list({ subscription: POST_SUBSCRIPTION })).map((d) => d.status)).toEqual([
      "delivered",
      "failed",
      "delivered",
    ]);
    // A post from a button is not a briefing: the morning briefing to that channel still carries the article.
    clock.set("2026-11-24T06:31:00Z");
    await engine.runDue();
    expect(
      fake.posted.filter((p) => p.briefing.kind !== "card").map((p) => [p.destination, p.briefing.articles]),
    ).toEqual([["slack:C8", [a]]]);
  });

  it("waits out a 429 like a scheduled post, in the platform's pace", async () => {
    const { store, fake, engine } = await setup("2026-11-23T12:00:00Z");
    const a = await addArticle(store);
    fake.failNext("C9", { kind: "429", retryAfterMs: 2_000 }, { kind: "5xx" });
    expect(await engine.postCard(a, "slack:C9")).toMatchObject({ status: "posted" });
    expect(fake.posted).toHaveLength(1);
    expect((await store.ledger.list({ subscription: POST_SUBSCRIPTION }))[0]).toMatchObject({
      status: "delivered",
      attempts: 3,
    });
  });
});
