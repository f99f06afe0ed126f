import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cron from "node-cron";
import { afterEach, describe, expect, it } from "vitest";
import { startCronScheduler } from "../../adapters/schedule/cron.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { openStore, type Store } from "../../src/store/index.ts";

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe("the node-cron wake-ups", () => {
  it("schedules a task per active subscription in its own time zone, plus a sweep, and stops them all", async () => {
    const store = openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-cron-")) });
    stores.push(store);
    const now = new Date();
    store.ledger.syncSubscriptions(
      "definitions",
      [
        {
          id: "ams",
          origin: "definitions",
          schedule: "30 7 * * 1-5",
          timezone: "Europe/Amsterdam",
          maxCards: 5,
          destinations: ["console"],
        },
        {
          id: "nyc",
          origin: "definitions",
          schedule: "0 18 * * *",
          timezone: "America/New_York",
          maxCards: 5,
          destinations: ["console"],
        },
      ],
      now,
    );
    let runs = 0;
    const engine = createDeliveryEngine({ store, publishers: {}, log: { info() {}, warn() {}, error() {} } });
    const counting = {
      ...engine,
      runDue: async () => {
        runs++;
        return engine.runDue();
      },
    };
    const before = cron.getTasks().size;
    const scheduler = startCronScheduler(counting, store.ledger.subscriptions(), () => {});
    const tasks = [...cron.getTasks().values()].filter((t) => t.name?.startsWith("briefing:"));
    expect(tasks.map((t) => [t.name, t.getPattern()]).sort()).toEqual([
      ["briefing:ams", "30 7 * * 1-5"],
      ["briefing:nyc", "0 18 * * *"],
      ["briefing:sweep", "* * * * *"],
    ]);
    // node-cron computes the next run in the subscription's zone: 07:30 Amsterdam is 06:30 or 05:30 UTC.
    const next = tasks.find((t) => t.name === "briefing:ams")?.getNextRun();
    expect(["06:30", "05:30"]).toContain(next?.toISOString().slice(11, 16));
    await tasks.find((t) => t.name === "briefing:nyc")?.execute();
    await engine.idle();
    expect(runs).toBe(1);
    await scheduler.stop();
    expect(cron.getTasks().size).toBe(before);
  });
});
