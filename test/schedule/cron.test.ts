import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cron from "node-cron";
import { afterEach, describe, expect, it } from "vitest";
import { startCronScheduler, WAKE_EXPRESSION } from "../../adapters/schedule/cron.ts";
import { createDeliveryEngine } from "../../src/delivery/engine.ts";
import { openStore, type Store } from "../../src/store/index.ts";
import { recordingLogger } from "../helpers.ts";

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe("the node-cron wake-up", () => {
  it("is one task every minute that runs the engine, whatever the subscriptions, and stops", async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "briefbot-cron-")) });
    stores.push(store);
    let runs = 0;
    const engine = createDeliveryEngine({ store, publishers: {}, log: { info() {}, warn() {}, error() {} } });
    const counting = {
      ...engine,
      runDue: async () => {
        runs++;
        return engine.runDue();
      },
    };
    const { log } = recordingLogger();
    const before = cron.getTasks().size;
    const scheduler = startCronScheduler(counting, log);
    const tasks = [...cron.getTasks().values()].filter((t) => t.name?.startsWith("briefbot:"));
    expect(tasks.map((t) => [t.name, t.getPattern()])).toEqual([["briefbot:wake", WAKE_EXPRESSION]]);
    const next = tasks[0]?.getNextRun();
    expect(next?.getUTCSeconds()).toBe(0);
    expect((next?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(60_000);
    await tasks[0]?.execute();
    await engine.idle();
    expect(runs).toBe(1);
    await scheduler.stop();
    expect(cron.getTasks().size).toBe(before);
  });
});
