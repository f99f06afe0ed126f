/**
 * Delivery benchmark (issues 4 and 11): 1,000 destinations over 10 hourly briefings, with news
 * arriving between the slots, the bot down at one slot (past the grace window), and 5 % of the
 * (slot, destination) posts refused by their channel, through the real engine and a real SQLite
 * store, against a fake platform with a rate ceiling (a token bucket answering 429 with
 * Retry-After past it). Per article and destination: duplicates and losses; and messages per
 * second (briefings and their quote threads) against the ceiling.
 *
 * Two arms in one run, the same engine, store, platform and timeline, differing only in what a
 * briefing carries: the articles its destination has not had yet (this code), or the previous
 * rule, the articles added since the slot before (a window per slot), whose losses are the number
 * to beat. The engine is told the platform's rate, as the Slack and Discord publishers declare theirs.
 *
 * `npm run bench:delivery [-- --destinations 1000 --briefings 10 --ceiling 1000 --articles 3]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArticle } from "../src/article/parse.ts";
import { previousSlotOf } from "../src/briefing/schedule.ts";
import { createDeliveryEngine } from "../src/delivery/engine.ts";
import { type MessageRef, PublishError, type Publisher } from "../src/delivery/port.ts";
import type { Briefing, Destination } from "../src/schemas.ts";
import { openStore, type Store } from "../src/store/index.ts";
import type { Ledger } from "../src/store/port.ts";
import { summarize } from "../src/summarize/index.ts";
import { readFlags } from "./lib/flags.ts";
import { printHeader, runMain, table, writeResults } from "./lib/report.ts";
import { mulberry32 } from "./lib/seeded-random.ts";

const LATENCY_MS = 5;
/** The slot the bot is down for (0-based), past the grace window. */
const DOWN_SLOT = 5;
const REFUSED_SHARE = 0.05;
const SCHEDULE = "0 * * * *";
const START = new Date("2026-11-23T06:00:00Z");

type Arm = "carried" | "window";

/** A platform with a token bucket of `ceiling` a second (a burst of one second's worth), 429 past it. */
function rateCeilingPlatform(ceiling: number, refuses: (channel: string, slot: string) => boolean) {
  /** What each destination received: article id → how many times. */
  const received = new Map<string, Map<string, number>>();
  const posts = new Map<string, number>();
  let messages = 0;
  let tokens = ceiling;
  let last = performance.now();
  let rejected = 0;
  let busyMs = 0;
  let busySince: number | undefined;
  let inFlight = 0;
  const take = (): number => {
    const t = performance.now();
    tokens = Math.min(ceiling, tokens + ((t - last) / 1000) * ceiling);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / ceiling) * 1000);
  };
  /** Every call that posts a message spends a token, or gets a 429; the time with a call in flight is counted. */
  const spend = async <T>(work: () => T): Promise<T> => {
    if (inFlight++ === 0) busySince = performance.now();
    try {
      await new Promise((r) => setTimeout(r, LATENCY_MS));
      const wait = take();
      if (wait > 0) {
        rejected++;
        throw new PublishError("slack", "ratelimited", { retryable: true, retryAfterMs: wait, platformCode: "429" });
      }
      messages++;
      return work();
    } finally {
      if (--inFlight === 0 && busySince !== undefined) busyMs += performance.now() - busySince;
    }
  };
  const publisher: Publisher = {
    platform: "slack",
    limits: { concurrency: 16, perSecond: ceiling },
    async publish(destination: Destination, briefing: Briefing, deliveryId: string): Promise<MessageRef> {
      if (refuses(destination.channel, briefing.window.to))
        throw new PublishError("slack", "not_in_channel", { retryable: false, platformCode: "not_in_channel" });
      return spend(() => {
        posts.set(deliveryId, (posts.get(deliveryId) ?? 0) + 1);
        const got = received.get(destination.channel) ?? new Map<string, number>();
        for (const id of briefing.articles ?? []) got.set(id, (got.get(id) ?? 0) + 1);
        received.set(destination.channel, got);
        return { platform: "slack", channel: destination.channel, id: deliveryId };
      });
    },
    async reply() {
      await spend(() => undefined);
    },
    async find(d, deliveryId) {
      return posts.has(deliveryId) ? { platform: "slack", channel: d.channel, id: deliveryId } : undefined;
    },
  };
  return {
    publisher,
    received,
    get messages() {
      return messages;
    },
    get rejected() {
      return rejected;
    },
    get busySeconds() {
      return busyMs / 1000;
    },
  };
}

/**
 * The previous rule, for the side-by-side arm: a slot's briefing carries the articles added since
 * the slot before it, whatever was delivered. The same ledger claims and settles; only the choice differs.
 */
function timeWindowLedger(store: Store): Ledger {
  const ledger = store.ledger;
  return {
    ...ledger,
    async claimBriefing(subscription, slot, destination, claimant) {
      const result = await ledger.claim(
        subscription.id,
        slot,
        destination,
        claimant.owner,
        claimant.leaseUntil,
        claimant.now,
      );
      if (!result.claimed)
        return { kind: "held", status: result.status, owner: result.owner, leaseUntil: result.leaseUntil };
      const from = previousSlotOf(subscription.schedule, subscription.timezone, slot) ?? new Date(0);
      const ids = (await store.recentCards({ since: from, until: slot, limit: 1_000 })).map((c) => c.articleId);
      if (ids.length === 0) {
        await ledger.settle(result.claim.key, claimant.owner, "empty", null, null, claimant.now);
        return { kind: "empty", from: from.toISOString() };
      }
      return {
        kind: "claimed",
        claim: result.claim,
        carried: {
          shown: ids.slice(0, subscription.maxCards),
          more: ids.slice(subscription.maxCards),
          from: from.toISOString(),
        },
      };
    },
  };
}

async function runArm(arm: Arm, flags: { destinations: number; briefings: number; ceiling: number; articles: number }) {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-delivery-"));
  let clock = new Date(START);
  const store = await openStore({ dataDir: dir, now: () => clock });
  const random = mulberry32(4242);
  // The same 5 % of (slot, destination) posts are refused in both arms; never in the last slot.
  const refused = new Set<string>();
  const slots = Array.from({ length: flags.briefings }, (_, k) => new Date(START.getTime() + (k + 1) * 3_600_000));
  for (const slot of slots.slice(0, -1))
    for (let c = 0; c < flags.destinations; c++)
      if (random() < REFUSED_SHARE) refused.add(`C${c} ${slot.toISOString()}`);
  const platform = rateCeilingPlatform(flags.ceiling, (channel, slot) => refused.has(`${channel} ${slot}`));
  try {
    const destinations = Array.from({ length: flags.destinations }, (_, c) => `slack:C${c}`);
    await store.ledger.syncSubscriptions(
      "definitions",
      [{ id: "hourly", origin: "definitions", schedule: SCHEDULE, timezone: "UTC", maxCards: 5, destinations }],
      clock,
    );
    const engineStore = arm === "carried" ? store : { ...store, ledger: timeWindowLedger(store) };
    const startedAt = performance.now();
    // The engine's clock names the slots; waits (pacing, Retry-After) are real.
    let base = clock.getTime();
    let real = performance.now();
    const now = () => new Date(base + (performance.now() - real));
    const engine = createDeliveryEngine({
      store: engineStore,
      publishers: { slack: platform.publisher },
      log: { info() {}, warn() {}, error() {} },
      now,
      graceMs: 30 * 60_000,
      retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    });
    const expected: string[] = [];
    for (const [k, slot] of slots.entries()) {
      // News between the slots: half an hour before each.
      clock = new Date(slot.getTime() - 30 * 60_000);
      for (let a = 0; a < flags.articles; a++) {
        const n = k * flags.articles + a + 1;
        const text = `Bericht ${n}: de haven van Westerdam meldt nieuws. De havenmeester zei dat “alles goed gaat” met nummer ${n}. Morgen meer.`;
        const article = parseArticle(text, { lang: "nl" });
        expected.push((await store.save({ article, origin: `bench:${n}`, card: summarize(article) })).articleId);
      }
      if (k === DOWN_SLOT) continue; // down: the engine does not run until the next slot, past grace
      base = slot.getTime() + 60_000;
      real = performance.now();
      clock = new Date(base);
      await engine.runDue();
    }
    const seconds = (performance.now() - startedAt) / 1000;
    let duplicates = 0;
    let lost = 0;
    for (let c = 0; c < flags.destinations; c++) {
      const got = platform.received.get(`C${c}`) ?? new Map<string, number>();
      for (const id of expected) {
        const times = got.get(id) ?? 0;
        if (times === 0) lost++;
        if (times > 1) duplicates += times - 1;
      }
    }
    const rate = platform.messages / platform.busySeconds;
    return {
      arm:
        arm === "carried"
          ? "what the destination has not had (this code)"
          : "articles since the slot before (previous rule)",
      pairs: expected.length * flags.destinations,
      duplicates,
      lost,
      messages: platform.messages,
      rejected429: platform.rejected,
      refused: refused.size,
      seconds: Math.round(seconds * 10) / 10,
      messagesPerSecond: Math.round(rate * 10) / 10,
      ofCeiling: Math.round((rate / flags.ceiling) * 1000) / 1000,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(async () => {
  const flags = readFlags({ destinations: 1000, briefings: 10, ceiling: 1000, articles: 3 });
  const machine = printHeader(
    `Delivery: ${flags.destinations} destinations × ${flags.briefings} hourly briefings, ${flags.articles} articles between slots, ` +
      `the bot down at slot ${DOWN_SLOT + 1}, ${REFUSED_SHARE * 100} % of posts refused, ceiling ${flags.ceiling} msg/s, ${LATENCY_MS} ms per call`,
  );
  const results = [await runArm("carried", flags), await runArm("window", flags)];
  console.log(
    `\n${table(
      [
        "briefing carries",
        "article × destination pairs",
        "duplicates",
        "lost",
        "refused posts",
        "messages",
        "429s",
        "seconds",
        "messages/s while posting",
        "of ceiling",
      ],
      results.map((r) => [
        r.arm,
        r.pairs,
        r.duplicates,
        r.lost,
        r.refused,
        r.messages,
        r.rejected429,
        r.seconds,
        r.messagesPerSecond,
        `${(r.ofCeiling * 100).toFixed(1)} %`,
      ]),
    )}`,
  );
  const [ours, previous] = results as [(typeof results)[number], (typeof results)[number]];
  const pass = ours.duplicates === 0 && ours.lost === 0 && ours.ofCeiling >= 0.9;
  console.log(
    `\n${pass ? "PASS" : "MISS"} goal: 0 duplicates, 0 lost, ≥ 90 % of the ceiling ` +
      `(${ours.duplicates} duplicates, ${ours.lost} lost, ${(ours.ofCeiling * 100).toFixed(1)} %); ` +
      `the previous rule lost ${previous.lost} of ${previous.pairs} pairs`,
  );
  console.log(`results: ${writeResults("delivery", { machine, ...flags, results })}`);
});
