/**
 * Delivery fan-out benchmark (issue 4): one briefing to 1,000 destinations through a publisher
 * that enforces a rate ceiling (a token bucket answering 429 with Retry-After past it), with the
 * real engine and a real SQLite store. Reports delivered, duplicates, lost, and messages per second
 * (briefings and their quote threads alike) against the ceiling. Two arms in one run: the engine told the platform's rate (as the Slack and
 * Discord publishers declare theirs), and the engine left to find it through 429s alone.
 *
 * `npm run bench:delivery [-- --destinations 1000 --ceiling 200]`
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArticle } from "../src/article/parse.ts";
import { createDeliveryEngine } from "../src/delivery/engine.ts";
import { type MessageRef, PublishError, type Publisher } from "../src/delivery/port.ts";
import type { Destination } from "../src/schemas.ts";
import { openStore } from "../src/store/store.ts";
import { summarize } from "../src/summarize/index.ts";
import { readFlags } from "./lib/flags.ts";
import { printHeader, table, writeResults } from "./lib/report.ts";

/** The destinations of the briefing, and the messages per second the fake platform allows. */
const { destinations: DESTINATIONS, ceiling: CEILING } = readFlags({ destinations: 1000, ceiling: 200 });
const LATENCY_MS = 5;

/** A platform with a token bucket of CEILING per second (burst 1 second's worth), 429 past it. */
function rateCeilingPlatform() {
  const posts = new Map<string, number>();
  let replies = 0;
  let tokens = CEILING;
  let last = performance.now();
  let rejected = 0;
  const take = (): number => {
    const t = performance.now();
    tokens = Math.min(CEILING, tokens + ((t - last) / 1000) * CEILING);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / CEILING) * 1000);
  };
  /** Every call that posts a message (a briefing or its quote thread) spends a token, or gets a 429. */
  const spend = async () => {
    await new Promise((r) => setTimeout(r, LATENCY_MS));
    const wait = take();
    if (wait > 0) {
      rejected++;
      throw new PublishError("slack", "ratelimited", { retryable: true, retryAfterMs: wait, platformCode: "429" });
    }
  };
  return {
    posts,
    get replies() {
      return replies;
    },
    get rejected() {
      return rejected;
    },
    publisher(declareRate: boolean): Publisher {
      return {
        platform: "slack",
        limits: { concurrency: 16, ...(declareRate ? { perSecond: CEILING } : {}) },
        async publish(destination: Destination, _briefing, deliveryId): Promise<MessageRef> {
          await spend();
          posts.set(deliveryId, (posts.get(deliveryId) ?? 0) + 1);
          return { platform: "slack", channel: destination.channel, id: deliveryId };
        },
        async reply() {
          // The engine does not retry a quote thread: a 429 here is a lost reply, counted below.
          await spend();
          replies++;
        },
        async find(_d, deliveryId) {
          return posts.has(deliveryId) ? { platform: "slack", channel: _d.channel, id: deliveryId } : undefined;
        },
      };
    },
  };
}

async function arm(declareRate: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "briefbot-bench-delivery-"));
  const slot = new Date("2026-11-24T06:30:00Z");
  let clock = new Date("2026-11-23T12:00:00Z");
  const store = openStore({ dataDir: dir, now: () => clock });
  try {
    const destinations = Array.from({ length: DESTINATIONS }, (_, i) => `slack:C${String(i).padStart(5, "0")}`);
    store.ledger.syncSubscriptions(
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
      clock,
    );
    const article = parseArticle("De haven groeit. De havenmeester zei dat “alles goed gaat”. Morgen meer.");
    store.save({ article, origin: "bench", card: summarize(article) });
    clock = new Date(slot.getTime() + 60_000);
    const platform = rateCeilingPlatform();
    // Real time for waiting (pacing, Retry-After); the engine's clock only names the slot.
    const engine = createDeliveryEngine({
      store,
      publishers: { slack: platform.publisher(declareRate) },
      log: { info() {}, warn() {}, error() {} },
      now: () => new Date(clock.getTime() + (performance.now() - started)),
    });
    const started = performance.now();
    const report = await engine.runDue();
    const seconds = (performance.now() - started) / 1000;
    const ledger = store.ledger.list();
    const duplicates = [...platform.posts.values()].filter((n) => n > 1).length;
    const lost = ledger.filter((d) => d.status !== "delivered").length;
    const messages = report.delivered + platform.replies;
    const rate = messages / seconds;
    return {
      arm: declareRate ? "engine paced to the declared rate" : "engine paced by 429s only",
      delivered: report.delivered,
      duplicates,
      lost,
      quoteReplies: platform.replies,
      messages,
      rejected429: platform.rejected,
      seconds: Math.round(seconds * 100) / 100,
      messagesPerSecond: Math.round(rate * 10) / 10,
      ofCeiling: Math.round((rate / CEILING) * 1000) / 1000,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const machine = printHeader(
  `Delivery fan-out: 1 briefing → ${DESTINATIONS} destinations, ceiling ${CEILING} msg/s, ${LATENCY_MS} ms per call`,
);
const results = [await arm(true), await arm(false)];
console.log(
  `\n${table(
    [
      "arm",
      "briefings delivered",
      "quote replies",
      "duplicates",
      "lost",
      "429s",
      "seconds",
      "messages/s",
      "of ceiling",
    ],
    results.map((r) => [
      r.arm,
      r.delivered,
      r.quoteReplies,
      r.duplicates,
      r.lost,
      r.rejected429,
      r.seconds,
      r.messagesPerSecond,
      `${(r.ofCeiling * 100).toFixed(1)} %`,
    ]),
  )}`,
);
const main = results[0] as (typeof results)[number];
const pass = main.ofCeiling >= 0.9 && main.duplicates === 0 && main.lost === 0;
console.log(
  `\n${pass ? "PASS" : "MISS"} goal: ≥ 90 % of the ceiling, 0 duplicates, 0 lost (declared-rate arm: ${(main.ofCeiling * 100).toFixed(1)} %, ${main.duplicates} duplicates, ${main.lost} lost)`,
);
console.log(`results: ${writeResults("delivery", { machine, destinations: DESTINATIONS, ceiling: CEILING, results })}`);
