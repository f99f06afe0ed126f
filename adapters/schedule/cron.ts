import cron, { type ScheduledTask } from "node-cron";
import type { DeliveryEngine } from "../../src/delivery/engine.ts";
import type { StoredSubscription } from "../../src/store/ledger.ts";

export interface CronScheduler {
  stop(): Promise<void>;
}

/**
 * Wake the delivery engine with node-cron: a task per subscription, in its own time zone, plus a
 * sweep every minute. The engine decides from the ledger which slots are due, so a tick that
 * node-cron fires twice, late, or not at all (a time skipped by daylight saving) still yields
 * each slot exactly once.
 */
export function startCronScheduler(
  engine: DeliveryEngine,
  subscriptions: readonly StoredSubscription[],
  onError: (error: unknown) => void,
): CronScheduler {
  const wake = () => {
    engine.runDue().catch(onError);
  };
  const tasks: ScheduledTask[] = subscriptions
    .filter((s) => s.active)
    .map((s) => cron.schedule(s.schedule, wake, { timezone: s.timezone, name: `briefing:${s.id}` }));
  tasks.push(cron.schedule("* * * * *", wake, { name: "briefing:sweep" }));
  return {
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
