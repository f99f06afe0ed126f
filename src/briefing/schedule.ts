import { Cron } from "croner";

/**
 * Schedules are five-field cron expressions (`minute hour day-of-month month day-of-week`) on the
 * wall clock of an IANA time zone, read and enumerated by croner, so that the core can say for any
 * window exactly which slots fall in it, daylight saving included. node-cron (in
 * `adapters/schedule/`) only wakes the engine up.
 *
 * Daylight saving: a time of day that falls in the spring gap happens once, when the gap ends; a
 * time in the repeated autumn hour happens once, at its first occurrence. Schedules with a wildcard
 * or step in the minute or hour (`*\/15 * * * *`) run through both as intervals.
 */

/** A schedule that cannot be read, with the field and the reason. */
export class ScheduleError extends Error {}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MAX_SLOTS = 100_000;
const crons = new Map<string, Cron>();

/**
 * The croner schedule of an expression in a zone (cached). As in Vixie cron, a day field that
 * starts with `*` (such as `*\/2`) leaves the other day field in charge: both must match. Only when
 * both are restricted does a day that matches either count.
 *
 * @throws {ScheduleError} naming the problem.
 */
function cronOf(expression: string, timezone: string): Cron {
  const key = `${timezone} ${expression}`;
  let cron = crons.get(key);
  if (cron) return cron;
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ScheduleError(
      `"${expression}" has ${fields.length} fields; a schedule has 5: minute hour day month weekday`,
    );
  }
  const starred = (field: string) => field.startsWith("*") || field.startsWith("?");
  try {
    cron = new Cron(fields.join(" "), {
      timezone,
      paused: true,
      mode: "5-part",
      domAndDow: starred(fields[2] as string) || starred(fields[4] as string),
      fixedTimeRule: "no-wildcard",
    });
  } catch (error) {
    throw new ScheduleError(`"${expression}": ${readable((error as Error).message)}`);
  }
  if (crons.size > 1_000) crons.clear();
  crons.set(key, cron);
  return cron;
}

function readable(message: string): string {
  const text = message.replace(/^Cron(Pattern|Date):\s*/, "").replace(/\.$/, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Check an expression the way it will run: five fields croner reads, and a slot that ever comes.
 *
 * @example
 * checkSchedule("30 7 * * 1-5"); // fine: 07:30 on weekdays
 * checkSchedule("0 0 31 2 *"); // throws: February never has a 31st
 * @throws {ScheduleError}
 */
export function checkSchedule(expression: string): void {
  if (!cronOf(expression, "UTC").nextRun(new Date())) {
    throw new ScheduleError(`"${expression}" never happens (no date matches its day and month fields)`);
  }
}

/** Throws a {@link ScheduleError} unless `tz` is an IANA time zone this runtime knows. */
export function checkTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    throw new ScheduleError(`"${tz}" is not an IANA time zone, such as Europe/Amsterdam`);
  }
}

/**
 * `HH:MM` on some weekdays as a cron expression.
 *
 * @example
 * timeOfDayCron("07:30", ["mon", "tue", "wed", "thu", "fri"]); // "30 7 * * 1,2,3,4,5"
 */
export function timeOfDayCron(time: string, weekdays?: readonly string[]): string {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!m) throw new ScheduleError(`"${time}" is not a time of day; write HH:MM, such as 07:30`);
  const days = weekdays && weekdays.length > 0 ? weekdays.map((d) => String(dayNumber(d))).join(",") : "*";
  return `${Number(m[2])} ${Number(m[1])} * * ${days}`;
}

function dayNumber(day: string): number {
  const i = DAYS.indexOf(day.trim().toLowerCase().slice(0, 3));
  if (i < 0) throw new ScheduleError(`"${day}" is not a weekday; use mon, tue, wed, thu, fri, sat or sun`);
  return i;
}

/**
 * Every slot of a schedule after `from` and up to and including `to`, as instants, in order.
 *
 * @example
 * slotsBetween("30 7 * * *", "Europe/Amsterdam", new Date("2026-03-28T12:00Z"), new Date("2026-03-30T12:00Z"));
 * // [2026-03-29T05:30Z, 2026-03-30T05:30Z]
 */
export function slotsBetween(expression: string, timezone: string, from: Date, to: Date): Date[] {
  const cron = cronOf(expression, timezone);
  const out: Date[] = [];
  for (let at = cron.nextRun(from); at && at.getTime() <= to.getTime(); at = cron.nextRun(at)) {
    out.push(at);
    if (out.length >= MAX_SLOTS) break;
  }
  return out;
}

/** The first slot after `after`, or undefined when the schedule never comes again. */
export function nextSlot(expression: string, timezone: string, after: Date): Date | undefined {
  return cronOf(expression, timezone).nextRun(after) ?? undefined;
}

/** The last slot before `before`, or undefined when there was none. */
export function previousSlotOf(expression: string, timezone: string, before: Date): Date | undefined {
  return cronOf(expression, timezone).previousRuns(1, before)[0];
}
