import { parseSpan } from "../briefing/span.ts";
import { UsageError } from "../errors.ts";

/**
 * A `--since` value as a moment: a span back from now (`30m`, `24h`, `7d`, `2w`) or a date.
 *
 * @example
 * parseSince("24h", new Date("2026-11-27T08:00:00Z")); // 2026-11-26T08:00:00Z
 */
export function parseSince(value: string, now: Date): Date {
  const span = parseSpan(value);
  if (span !== undefined) {
    const at = new Date(now.getTime() - span);
    if (!Number.isNaN(at.getTime())) return at;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--since ${value}: expected a span such as 30m, 24h, 7d or 2w, or a date such as 2026-11-01`);
}
