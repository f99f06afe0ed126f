import { mkdtempSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { PublishError } from "../../src/delivery/port.ts";
import type { Store } from "../../src/store/index.ts";
import { deliveryKey } from "../../src/store/keys.ts";
import { createFlakyPublisher } from "../fakes/flaky-publisher.ts";
import { recordingLogger } from "../helpers.ts";
import { addArticle, manualClock, recordingSleep, storeKeeper, subscription } from "./clock.ts";

const { lines, log } = recordingLogger();
const stores = storeKeeper();
const tempStore = (now: () => Date, dir?: string) => stores.open(now, dir);
afterEach(async () => {
  await stores.closeAll();
  lines.length = 0;
});

/** Step the clock through a period, adding news every 6 hours and running the engine every 10 minutes. */
async function runThrough(
  store: Store,
  clock: ReturnType<typeof manualClock>,
  engine: ReturnType<typeof createDeliveryEngine>,
  until: string,
) {
  const end = new Date(until).getTime();
  while (clock.now().getTime() < end) {
    if (clock.now().getTime() % (6 * 3_600_000) === 0) await addArticle(store);
    await engine.runDue();
    clock.advance(10 * 60_000);
  }
}

describe("schedules across daylight saving", () => {
  it.each([
    [
      "Europe/Amsterdam",
      "30 7 * * *",
      "2026-03-27T00:00:00Z",
      "2026-03-31T00:00:00Z",
      ["2026-03-27T06:30:00.000Z", "2026-03-28T06:30:00.000Z", "2026-03-29T05:30:00.000Z", "2026-03-30T05:30:00.000Z"],
    ],
    [
      "Europe/Amsterdam",
      "30 2 * * *",
      "2026-03-28T00:00:00Z",
      "2026-03-31T00:00:00Z",
      // 02:30 does not exist on the 29th: posted when the gap ends, at 03:00 CEST.
      ["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"],
    ],
    [
      "Europe/Amsterdam",
      "30 7 * * *",
      "2026-10-23T00:00:00Z",
      "2026-10-27T00:00:00Z",
      ["2026-10-23T05:30:00.000Z", "2026-10-24T05:30:00.000Z", "2026-10-25T06:30:00.000Z", "2026-10-26T06:30:00.000Z"],
    ],
    [
      "Europe/Amsterdam",
      "30 2 * * *",
      "2026-10-24T00:00:00Z",
      "2026-10-27T00:00:00Z",
      ["2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 7 * * 1-5",
      "2026-03-05T00:00:00Z",
      "2026-03-11T00:00:00Z",
      ["2026-03-05T12:30:00.000Z", "2026-03-06T12:30:00.000Z", "2026-03-09T11:30:00.000Z", "2026-03-10T11:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 1 * * *",
      "2026-10-31T00:00:00Z",
      "2026-11-03T00:00:00Z",
      ["2026-10-31T05:30:00.000Z", "2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
    ],
  ])("%s %s: one briefing per slot, none skipped or doubled", async (timezone, schedule, from, to, expected) => {
    const clock = manualClock(from);
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions("definitions", [subscription({ schedule, timezone })], clock.now());
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      sleep: recordingSleep(clock).sleep,
    });
    await runThrough(store, clock, engine, to);
    expect((await store.ledger.list()).map((d) => d.slot)).toEqual(expected);
    expect((await store.ledger.list()).every((d) => d.status === "delivered")).toBe(true);
    expect(fake.posted.map((p) => p.briefing.window.to)).toEqual(expected);
  });
});

describe("catch-up after downtime", () => {
  it("posts a slot missed within the grace window on start, and records an older one as missed", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions("definitions", [subscription()], clock.now());
    await addArticle(store);
    // Down from Monday noon until Wednesday 07:45 local: Tuesday's slot is past grace, Wednesday's is not.
    clock.set("2026-11-24T12:00:00Z");
    await addArticle(store); // ingested meanwhile by another process: Wednesday's news
    clock.set("2026-11-25T06:45:00Z");
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      sleep: recordingSleep(clock).sleep,
    });
    const report = await engine.runDue();
    expect(report).toMatchObject({ delivered: 1, missed: 1 });
    expect((await store.ledger.list()).map((d) => [d.slot, d.status])).toEqual([
      ["2026-11-24T06:30:00.000Z", "missed"],
      ["2026-11-25T06:30:00.000Z", "delivered"],
    ]);
    expect(await engine.runDue()).toMatchObject({ delivered: 0, missed: 0 });
    expect(fake.posted).toHaveLength(1);
  });

  it("records an empty slot once, without posting", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions("definitions", [subscription()], clock.now());
    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    clock.set("2026-11-24T07:00:00Z");
    expect(await engine.runDue()).toMatchObject({ empty: 1, delivered: 0 });
    expect(fake.posted).toHaveLength(0);
    expect((await store.ledger.list())[0]?.status).toBe("empty");
  });
});

describe("retries and failures", () => {
  async function oneSlot(destinations: string[]) {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions("definitions", [subscription({ destinations })], clock.now());
    await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const waits = recordingSleep(clock);
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      sleep: waits.sleep,
    });
    return { store, fake, engine, waits };
  }

  it("waits out a 429's Retry-After and backs off on 5xx and timeouts, then delivers once", async () => {
    const { store, fake, engine, waits } = await oneSlot(["slack:C1"]);
    fake.failNext("C1", { kind: "429", retryAfterMs: 2_000 }, { kind: "5xx" }, { kind: "timeout" });
    expect(await engine.runDue()).toMatchObject({ delivered: 1, failed: 0 });
    expect(waits.waits[0]).toBe(2_000);
    expect(waits.waits).toHaveLength(3);
    expect(fake.posted).toHaveLength(1);
    expect((await store.ledger.list())[0]).toMatchObject({ status: "delivered", attempts: 4, error: null });
  });

  it("does not count rate limits as failed attempts, and pauses every post to the platform meanwhile", async () => {
    const { store, fake, engine, waits } = await oneSlot(["slack:C1", "slack:C2"]);
    fake.failNext("C1", ...Array.from({ length: 8 }, () => ({ kind: "429" as const, retryAfterMs: 1_000 })));
    expect(await engine.runDue()).toMatchObject({ delivered: 2, failed: 0 });
    expect((await store.ledger.list()).map((d) => d.status)).toEqual(["delivered", "delivered"]);
    expect(waits.waits.filter((w) => w === 1_000).length).toBeGreaterThanOrEqual(8);
  });

  it("gives up on a permanent error at once, recording the reason, while the other destinations get theirs", async () => {
    const { store, fake, engine } = await oneSlot(["slack:C1", "slack:C2", "slack:C3"]);
    fake.failNext("C2", { kind: "permanent", code: "channel_not_found" });
    expect(await engine.runDue()).toMatchObject({ delivered: 2, failed: 1 });
    const failed = await store.ledger.list({ status: "failed" });
    expect(failed).toEqual([
      expect.objectContaining({ destination: "slack:C2", attempts: 1, error: "slack: channel_not_found" }),
    ]);
    expect(fake.posted.map((p) => p.destination).sort()).toEqual(["slack:C1", "slack:C3"]);
  });

  it("stops retrying after the last attempt", async () => {
    const { store, fake, engine } = await oneSlot(["slack:C1"]);
    fake.failNext("C1", ...Array.from({ length: 10 }, () => ({ kind: "5xx" as const })));
    expect(await engine.runDue()).toMatchObject({ failed: 1 });
    expect((await store.ledger.list())[0]).toMatchObject({ status: "failed", attempts: 6, error: "slack: HTTP 503" });
  });

  it("fans out within the platform's concurrency", async () => {
    const { fake, engine } = await oneSlot(Array.from({ length: 20 }, (_, i) => `slack:C${i + 1}`));
    expect(await engine.runDue()).toMatchObject({ delivered: 20 });
    expect(fake.maxInFlight).toBeLessThanOrEqual(4);
    expect(fake.maxInFlight).toBeGreaterThan(1);
    expect(fake.replies).toHaveLength(20);
  });

  it("fails a destination whose platform is not configured, naming it", async () => {
    const { store, engine } = await oneSlot(["discord:123456789012345678"]);
    expect(await engine.runDue()).toMatchObject({ failed: 1 });
    expect((await store.ledger.list())[0]?.error).toBe("no discord publisher is configured");
  });
});

describe("exactly once across processes and crashes", () => {
  it("two engines on one database post each slot once", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const dir = mkdtempSync(join(tmpdir(), "briefbot-two-"));
    const a = await tempStore(clock.now, dir);
    const b = await tempStore(clock.now, dir);
    const fake = createFlakyPublisher();
    await a.ledger.syncSubscriptions(
      "definitions",
      [subscription({ destinations: ["slack:C1", "slack:C2", "slack:C3"] })],
      clock.now(),
    );
    await addArticle(a);
    clock.set("2026-11-24T06:31:00Z");
    const one = createDeliveryEngine({
      store: a,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      owner: "x:1:a",
    });
    const two = createDeliveryEngine({
      store: b,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      owner: "x:2:b",
    });
    const [r1, r2] = await Promise.all([one.runDue(), two.runDue()]);
    expect(r1.delivered + r2.delivered).toBe(3);
    expect(fake.posted).toHaveLength(3);
  });

  it("resolves a claim left by a dead process through the platform before posting again", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher();
    await store.ledger.syncSubscriptions(
      "definitions",
      [subscription({ destinations: ["slack:C1", "slack:C2"] })],
      clock.now(),
    );
    await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const slot = new Date("2026-11-24T06:30:00Z");
    // A process that died mid-fan-out: it claimed both, posted to C1, and never settled either.
    const dead = "gone:999999:dead";
    const lease = new Date(clock.now().getTime() + 600_000);
    await store.ledger.claim("morning", slot, "slack:C1", dead, lease, clock.now());
    await store.ledger.claim("morning", slot, "slack:C2", dead, lease, clock.now());
    await store.ledger.setCheckedUntil("morning", clock.now());
    const key = deliveryKey("morning", slot.toISOString(), "slack:C1");
    await fake.publisher.publish(
      { platform: "slack", channel: "C1" },
      { title: "x", cards: [], window: { from: "", to: "" } },
      key,
    );

    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    expect(await engine.runDue()).toMatchObject({ delivered: 0 }); // the dead owner's lease still runs
    clock.advance(601_000);
    expect(await engine.runDue()).toMatchObject({ delivered: 2 });
    expect(fake.posted.map((p) => p.destination)).toEqual(["slack:C1", "slack:C2"]);
    expect((await store.ledger.list()).map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});

describe("claims left by the dead, taken over by the living", () => {
  async function deadClaims(destinations: string[]) {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const dir = mkdtempSync(join(tmpdir(), "briefbot-dead-"));
    const store = await tempStore(clock.now, dir);
    await store.ledger.syncSubscriptions("definitions", [subscription({ destinations })], clock.now());
    await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const lease = new Date(clock.now().getTime() + 600_000);
    // A process on this machine that no longer runs (pid 4194303 is past Linux's pid_max default).
    const dead = `${hostname()}:4194303:dead`;
    for (const d of destinations)
      await store.ledger.claim("morning", new Date("2026-11-24T06:30:00Z"), d, dead, lease, clock.now());
    await store.ledger.setCheckedUntil("morning", clock.now());
    return { clock, dir, store };
  }

  it("lets only one of two processes take over each dead claim, so each is posted once", async () => {
    const { clock, dir, store } = await deadClaims(["slack:C1", "slack:C2", "slack:C3"]);
    const other = await tempStore(clock.now, dir);
    const fake = createFlakyPublisher();
    fake.findTrouble(0, 15);
    const a = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      owner: "here:1:a",
    });
    const b = createDeliveryEngine({
      store: other,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      owner: "here:2:b",
    });
    await Promise.all([a.runDue(), b.runDue()]);
    expect(fake.posted.map((p) => p.destination).sort()).toEqual(["slack:C1", "slack:C2", "slack:C3"]);
    expect((await store.ledger.list()).map((d) => d.status)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("retries a claim it gave up because the platform could not be asked, on its next run", async () => {
    const { clock, store } = await deadClaims(["slack:C1"]);
    const fake = createFlakyPublisher();
    fake.findTrouble(1);
    const engine = createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    expect(await engine.runDue()).toMatchObject({ delivered: 0 });
    expect((await store.ledger.list())[0]?.status).toBe("claimed");
    clock.advance(60_000);
    expect(await engine.runDue()).toMatchObject({ delivered: 1 });
    expect(fake.posted).toHaveLength(1);
  });

  it("looks for a post that went through before trying again after a timeout", async () => {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    await store.ledger.syncSubscriptions("definitions", [subscription()], clock.now());
    await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const fake = createFlakyPublisher();
    // The platform takes the post, then the answer is lost: a timeout as the engine sees it.
    const publish = fake.publisher.publish.bind(fake.publisher);
    let first = true;
    fake.publisher.publish = async (...args) => {
      const ref = await publish(...args);
      if (first) {
        first = false;
        throw new PublishError("slack", "timed out", { retryable: true });
      }
      return ref;
    };
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      sleep: recordingSleep(clock).sleep,
    });
    expect(await engine.runDue()).toMatchObject({ delivered: 1 });
    expect(fake.posted).toHaveLength(1);
  });
});

describe("stopping", () => {
  /** One article due to slack:C1, an engine that a stop signal reaches, and how to start the next one. */
  async function dueWithStop(limits: { concurrency: number; perSecond?: number } = { concurrency: 4 }) {
    const clock = manualClock("2026-11-23T12:00:00Z");
    const store = await tempStore(clock.now);
    const fake = createFlakyPublisher(limits);
    await store.ledger.syncSubscriptions("definitions", [subscription({ destinations: ["slack:C1"] })], clock.now());
    await addArticle(store);
    clock.set("2026-11-24T06:31:00Z");
    const stop = new AbortController();
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: fake.publisher },
      log,
      now: clock.now,
      signal: stop.signal,
    });
    const next = () => createDeliveryEngine({ store, publishers: { slack: fake.publisher }, log, now: clock.now });
    return { store, fake, stop, engine, next };
  }

  it("ends a wait for a rate limit at once and leaves the delivery for the next start, neither posted nor failed", async () => {
    const { store, fake, stop, engine, next } = await dueWithStop();
    // An hour's Retry-After: a stop that waited it out would hang this test.
    fake.failNext("C1", { kind: "429", retryAfterMs: 3_600_000 });
    const run = engine.runDue();
    await expect.poll(() => lines.some((l) => l.message === "delivery rate limited")).toBe(true);
    stop.abort();
    expect(await run).toMatchObject({ delivered: 0, failed: 0 });
    expect(fake.posted).toHaveLength(0);
    const [row] = await store.ledger.list();
    expect(row).toMatchObject({ status: "claimed" });
    // The next start posts it.
    expect(await next().runDue()).toMatchObject({ delivered: 1 });
    expect(fake.posted).toHaveLength(1);
  });

  it("leaves a post whose quote thread a stop cut short for the next start, which finishes the thread and posts nothing twice", async () => {
    // One call an hour: the briefing goes out at once, its thread would wait an hour.
    const limits: { concurrency: number; perSecond?: number } = { concurrency: 1, perSecond: 1 / 3600 };
    const { store, fake, stop, engine, next } = await dueWithStop(limits);
    const run = engine.runDue();
    await expect.poll(() => fake.posted.length).toBe(1);
    stop.abort();
    await run;
    expect(fake.replies).toHaveLength(0);
    expect((await store.ledger.list())[0]).toMatchObject({ status: "claimed" });
    limits.perSecond = undefined;
    await next().runDue();
    expect(fake.posted).toHaveLength(1);
    expect(fake.replies).toHaveLength(1);
    expect((await store.ledger.list())[0]).toMatchObject({ status: "delivered" });
  });
});
