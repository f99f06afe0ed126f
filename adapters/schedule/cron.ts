import cron, { type ScheduledTask } from "node-cron";
import type { DeliveryEngine, DeliveryLogger } from "../../src/delivery/engine.ts";

export interface CronScheduler {
  stop(): Promise<void>;
}

/** The one wake-up: every minute, at second 0, the smallest step a schedule can name. */
export const WAKE_EXPRESSION = "* * * * *";

/**
 * Wake the delivery engine with node-cron: one task, every minute. The engine works out from each
 * subscription's schedule (croner, in its own time zone) and the ledger which slots are due, so a
 * tick that node-cron fires late, twice, or not at all still yields each slot exactly once.
 * node-cron's own messages go through our logger, never raw to the console.
 */
export function startCronScheduler(engine: DeliveryEngine, log: DeliveryLogger): CronScheduler {
  const fields = { component: "node-cron" };
  const logger = {
    info: (message: string) => log.info(fields, message),
    warn: (message: string) => log.warn(fields, message),
    error: (message: string | Error, err?: Error) =>
      log.error({ ...fields, error: String(err ?? message) }, String(message)),
    debug: () => {},
  };
  const task: ScheduledTask = cron.schedule(
    WAKE_EXPRESSION,
    () => {
      engine.runDue().catch((error) => log.error({ error: String(error) }, "scheduled run failed"));
    },
    { name: "briefbot:wake", logger, noOverlap: false },
  );
  // A missed tick (a blocked event loop, a suspended laptop) costs nothing: the next one catches up.
  task.on("execution:missed", (context) =>
    log.warn({ ...fields, at: context.date.toISOString() }, "a wake-up was late"),
  );
  return {
    async stop() {
      await task.destroy();
    },
  };
}
