import { instantOf, isTimeZone, localTime } from "./zone.ts";

/**
 * A five-field cron expression (`minute hour day-of-month month day-of-week`) read into sets,
 * evaluated on wall-clock time in a time zone. Written here rather than taken from the scheduler
 * because the core must say, for any window, exactly which slots fall in it, daylight saving
 * included; node-cron (in `adapters/schedule/`) only wakes the engine up.
 */
export interface CronSchedule {
  expression: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** Cron's rule: when both day fields are restricted, a day matching either counts. */
  daysRestricted: boolean;
  weekdaysRestricted: boolean;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A schedule that cannot be read, with the field and the reason. */
export class ScheduleError extends Error {}

/**
 * Read a cron expression.
 *
 * @example
 * parseCron("30 7 * * 1-5"); // 07:30 on weekdays
 * @throws {ScheduleError} naming the bad field.
 */
export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ScheduleError(
      `"${expression}" has ${fields.length} fields; a schedule has 5: minute hour day month weekday`,
    );
  }
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const weekdays = parseField(weekday, "weekday", 0, 7, DAYS);
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0); // 7 is Sunday too
  }
  return {
    expression: fields.join(" "),
    minutes: parseField(minute, "minute", 0, 59),
    hours: parseField(hour, "hour", 0, 23),
    days: parseField(day, "day of month", 1, 31),
    months: parseField(month, "month", 1, 12, MONTHS, 1),
    weekdays,
    daysRestricted: day !== "*" && day !== "?",
    weekdaysRestricted: weekday !== "*" && weekday !== "?",
  };
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
  const d = day.trim().toLowerCase().slice(0, 3);
  const i = DAYS.indexOf(d);
  if (i < 0) throw new ScheduleError(`"${day}" is not a weekday; use mon, tue, wed, thu, fri, sat or sun`);
  return i;
}

function parseField(field: string, name: string, min: number, max: number, names?: string[], base = 0): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const m = /^(\*|\?|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new ScheduleError(`${name} "${field}": cannot read "${part}"`);
    const step = m[2] ? Number(m[2]) : 1;
    if (step < 1) throw new ScheduleError(`${name} "${field}": a step must be 1 or more`);
    let from = min;
    let to = max;
    if (m[1] !== "*" && m[1] !== "?") {
      const [a, b] = (m[1] as string).split("-") as [string, string | undefined];
      from = value(a, name, min, max, names, base);
      to = b === undefined ? (m[2] ? max : from) : value(b, name, min, max, names, base);
      if (to < from) throw new ScheduleError(`${name} "${field}": the range ${part} runs backwards`);
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

function value(
  token: string,
  name: string,
  min: number,
  max: number,
  names: string[] | undefined,
  base: number,
): number {
  const named = names?.indexOf(token.toLowerCase().slice(0, 3)) ?? -1;
  const v = /^\d+$/.test(token) ? Number(token) : named >= 0 && token.length >= 3 ? named + base : Number.NaN;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ScheduleError(`${name} "${token}" is out of range (${min}–${max})`);
  }
  return v;
}

/** Throws a {@link ScheduleError} unless `tz` is an IANA time zone this runtime knows. */
export function checkTimeZone(tz: string): void {
  if (!isTimeZone(tz)) throw new ScheduleError(`"${tz}" is not an IANA time zone, such as Europe/Amsterdam`);
}

/**
 * Every slot of a schedule after `from` and up to and including `to`, as instants, in order.
 * Each local date and time the schedule names counts once: a time in the spring gap happens
 * after the gap, a time in the autumn overlap happens at its first occurrence.
 */
export function slotsBetween(schedule: CronSchedule, tz: string, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  if (to.getTime() <= from.getTime()) return out;
  // Walk local dates from the day before `from` to the day after `to` (offsets stay within a day).
  const start = localTime(new Date(from.getTime() - 86_400_000), tz);
  const last = localTime(new Date(to.getTime() + 86_400_000), tz);
  const lastKey = last.year * 10_000 + last.month * 100 + last.day;
  for (let d = new Date(Date.UTC(start.year, start.month - 1, start.day)); ; d = new Date(d.getTime() + 86_400_000)) {
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (y * 10_000 + mo * 100 + day > lastKey) break;
    if (!dayMatches(schedule, mo, day, d.getUTCDay())) continue;
    for (const h of [...schedule.hours].sort((a, b) => a - b)) {
      for (const mi of [...schedule.minutes].sort((a, b) => a - b)) {
        const at = instantOf(y, mo, day, h, mi, tz);
        if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) out.push(at);
      }
    }
  }
  // Two wall times can land on one instant (02:30 in the gap and 03:30 after it): keep one.
  return [...new Map(out.map((t) => [t.getTime(), t])).values()].sort((a, b) => a.getTime() - b.getTime());
}

function dayMatches(s: CronSchedule, month: number, day: number, weekday: number): boolean {
  if (!s.months.has(month)) return false;
  const byDay = s.days.has(day);
  const byWeekday = s.weekdays.has(weekday);
  if (s.daysRestricted && s.weekdaysRestricted) return byDay || byWeekday;
  return byDay && byWeekday;
}
