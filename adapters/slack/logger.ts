import { type Logger, LogLevel } from "@slack/bolt";
import type { DeliveryLogger } from "../../src/delivery/engine.ts";

/**
 * Bolt's and the Web API client's messages, through our logger: one structured line each, never
 * their own console format in the middle of a JSON stream. Debug and info are dropped: they would
 * narrate every request.
 */
export function slackLogger(log: DeliveryLogger, component = "slack"): Logger {
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ");
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg) => log.warn({ component }, text(msg)),
    error: (...msg) => log.error({ component }, text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name) => {
      component = name;
    },
  };
}
