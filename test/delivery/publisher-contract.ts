import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import type { MessageRef, Publisher } from "../../src/delivery/port.ts";
import { type Briefing, parseDestination } from "../../src/schemas.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { summarize } from "../../src/summarize/index.ts";
import { carded, fixtureArticles, readArticleFixture, recordingLogger, SEED } from "../helpers.ts";

/** A fault to inject on the platform's next post, as each fake can. */
export type ContractFault = "429" | "5xx" | "permanent";

/**
 * What one publisher brings to the contract: itself on its local fake, and a way to look at what
 * the fake received. `fresh()` is the same publisher as a restarted process would make it.
 */
export interface PublisherDriver {
  publisher: Publisher;
  fresh(): Publisher;
  /** A destination the bot may post to, as a destination string (`slack:C0001`). */
  destination: string;
  /** Top-level messages the platform holds in that channel. */
  posts(): number;
  /** The messages in a posted message's thread (its quotes). */
  thread(ref: MessageRef): string[];
  /** Make the next post fail this way; undefined when the platform cannot (the console). */
  fail?: (fault: ContractFault) => void;
  /**
   * The Retry-After a "429" fault carries, and who waits it out: the engine (told by the
   * publisher's error) or the platform library itself (discord.js's queue).
   */
  retryAfter?: { ms: number; waitedBy: "engine" | "library" };
  /** The words a permanent failure's message must carry: the hint a person can act on. */
  permanentHint?: RegExp;
  /** Make the next thread message fail once (a partial failure of a quote thread). */
  failNextReply?: () => void;
  close(): Promise<void>;
}

/** A briefing of the seed card, or of every fixture's (their quotes fill more than one thread message). */
const briefing = (all = false): Briefing => ({
  title: "morning · 2026-12-01",
  cards: (all ? [SEED, ...fixtureArticles().map((f) => f.path)] : [SEED]).map((p) => summarize(readArticleFixture(p))),
  window: { from: "2026-11-30T06:30:00.000Z", to: "2026-12-01T06:30:00.000Z" },
});

/**
 * The one contract every publisher meets (in the manner of unstorage's `testDriver`): the same
 * cases against the console, Slack and Discord publishers, each on its local fake.
 */
export function publisherContract(name: string, make: () => Promise<PublisherDriver>) {
  describe(`the ${name} publisher meets the Publisher contract`, () => {
    let driver: PublisherDriver;
    const stores: Store[] = [];
    beforeEach(async () => {
      driver = await make();
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
      await driver.close();
    });

    /** A library with the seed article and a morning subscription to the driver's destination, its slot due. */
    async function due() {
      let clock = new Date("2026-11-30T12:00:00Z");
      const store = await openStore({
        dataDir: mkdtempSync(join(tmpdir(), `briefbot-contract-${name}-`)),
        now: () => clock,
      });
      stores.push(store);
      await store.ledger.syncSubscriptions(
        "definitions",
        [
          {
            id: "morning",
            origin: "definitions",
            schedule: "30 7 * * *",
            timezone: "Europe/Amsterdam",
            maxCards: 5,
            destinations: [driver.destination],
          },
        ],
        clock,
      );
      await store.save(carded({ article: readArticleFixture(SEED), origin: SEED }));
      clock = new Date("2026-12-01T06:31:00Z");
      const { log, lines } = recordingLogger();
      const waits: number[] = [];
      const engine = createDeliveryEngine({
        store,
        publishers: { [driver.publisher.platform]: driver.publisher },
        log,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock = new Date(clock.getTime() + ms);
        },
        retry: { attempts: 4, baseMs: 10, maxMs: 10 },
      });
      return { store, engine, lines, waits };
    }

    it("publishes, and find gives back the same reference, also to a restarted process", async () => {
      const destination = parseDestination(driver.destination);
      const since = new Date(Date.now() - 60_000);
      const ref = await driver.publisher.publish(destination, briefing(), "contract-key-0000000001");
      expect(ref.platform).toBe(driver.publisher.platform);
      expect(await driver.publisher.find(destination, "contract-key-0000000001", since)).toEqual(ref);
      expect(await driver.fresh().find(destination, "contract-key-0000000001", since)).toEqual(ref);
      expect(await driver.fresh().find(destination, "contract-key-0000000404", since)).toBeUndefined();
    });

    it("finds a post however busy the channel has been since its slot", async () => {
      const destination = parseDestination(driver.destination);
      const since = new Date(Date.now() - 60_000);
      const ref = await driver.publisher.publish(destination, briefing(), "contract-key-0000000003");
      // More messages after it than one page of history holds, on either platform.
      for (let i = 0; i < 250; i++)
        await driver.publisher.publish(destination, briefing(), `contract-busy-${String(i).padStart(10, "0")}`);
      expect(await driver.fresh().find(destination, "contract-key-0000000003", since)).toEqual(ref);
    }, 60_000);

    it("replies in the thread with the quotes, and a second reply posts nothing twice", async () => {
      const destination = parseDestination(driver.destination);
      const b = briefing();
      const ref = await driver.publisher.publish(destination, b, "contract-key-0000000002");
      await driver.publisher.reply(ref, b.cards, "contract-key-0000000002");
      const thread = driver.thread(ref);
      expect(thread.join("\n")).toContain("Denis Volkov");
      await driver.fresh().reply(ref, b.cards, "contract-key-0000000002");
      expect(driver.thread(ref)).toEqual(thread);
    });

    it("finishes a quote thread that failed half-way without repeating what it posted", async (ctx) => {
      if (!driver.failNextReply) return ctx.skip();
      const destination = parseDestination(driver.destination);
      const b = briefing(true);
      const ref = await driver.publisher.publish(destination, b, "contract-key-0000000003");
      driver.failNextReply();
      await expect(driver.publisher.reply(ref, b.cards, "contract-key-0000000003")).rejects.toThrow();
      const partial = driver.thread(ref).length;
      await driver.publisher.reply(ref, b.cards, "contract-key-0000000003");
      const whole = driver.thread(ref);
      expect(whole.length).toBeGreaterThan(partial);
      expect(new Set(whole).size).toBe(whole.length);
    });

    it("waits out a 429 with Retry-After and posts once", async (ctx) => {
      if (!driver.fail) return ctx.skip();
      const { store, engine, waits } = await due();
      const before = driver.posts();
      driver.fail("429");
      const started = performance.now();
      await engine.runDue();
      expect(driver.posts() - before).toBe(1);
      expect(await store.ledger.list()).toMatchObject([{ status: "delivered" }]);
      // Waited out, not just tried again: by the engine on its clock, or by the library in real time.
      const retryAfter = driver.retryAfter;
      if (retryAfter?.waitedBy === "engine") expect(Math.max(0, ...waits)).toBeGreaterThanOrEqual(retryAfter.ms);
      if (retryAfter?.waitedBy === "library")
        expect(performance.now() - started).toBeGreaterThanOrEqual(retryAfter.ms - 5);
    });

    it("tries a 5xx again and posts once", async (ctx) => {
      if (!driver.fail) return ctx.skip();
      const { store, engine } = await due();
      const before = driver.posts();
      driver.fail("5xx");
      await engine.runDue();
      expect(driver.posts() - before).toBe(1);
      expect(await store.ledger.list()).toMatchObject([{ status: "delivered" }]);
    });

    it("gives up on a permanent error at once, recording what to do about it", async (ctx) => {
      if (!driver.fail) return ctx.skip();
      const { store, engine } = await due();
      const before = driver.posts();
      driver.fail("permanent");
      await engine.runDue();
      expect(driver.posts()).toBe(before);
      const [row] = await store.ledger.list();
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(row?.error).toMatch(driver.permanentHint ?? /./);
    });

    it("after a crash between post and settle, a restarted engine finds the post instead of posting again", async () => {
      const { store, engine } = await due();
      const sub = await store.ledger.subscription("morning");
      if (!sub) throw new Error("no subscription");
      // A process that claimed, posted and died before settling.
      const claim = await store.ledger.claimBriefing(
        sub,
        new Date("2026-12-01T06:30:00Z"),
        driver.destination,
        {
          owner: "elsewhere:1:gone",
          leaseUntil: new Date("2026-12-01T06:30:30Z"),
          now: new Date("2026-12-01T06:30:05Z"),
        },
        { lookbackMs: 86_400_000, overlapMs: 3_600_000, maxCarried: 100 },
      );
      if (claim.kind !== "claimed") throw new Error(`not claimed: ${claim.kind}`);
      await store.ledger.setCheckedUntil("morning", new Date("2026-12-01T06:30:10Z"));
      const ref = await driver.fresh().publish(parseDestination(driver.destination), briefing(), claim.claim.key);
      const before = driver.posts();
      await engine.runDue();
      expect(driver.posts()).toBe(before);
      const [row] = await store.ledger.list();
      expect(row).toMatchObject({ status: "delivered" });
      expect(JSON.parse(row?.messageRef ?? "null")).toEqual(ref);
    });
  });
}
