/**
 * Wall-clock time in an IANA time zone, with the two daylight-saving cases made explicit: a local
 * time that does not exist (the hour skipped in spring) and one that exists twice (the hour
 * repeated in autumn). Built on `Intl`, so the zone rules are the runtime's ICU data.
 */

export interface LocalTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Is `tz` a time zone this runtime knows? */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at an instant in a zone. */
export function localTime(instant: Date, tz: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday as string] ?? 0,
  };
}

/** Offset of a zone from UTC at an instant, in minutes (Amsterdam in summer: 120). */
export function offsetMinutes(instant: Date, tz: string): number {
  const l = localTime(instant, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a wall-clock time happens in a zone. A time in the spring gap (02:30 when clocks
 * jump from 02:00 to 03:00) happens as late as the gap made it (03:30); a time in the autumn
 * overlap (02:30 twice) happens once, at its first occurrence.
 */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets just before and after this wall time bracket any change on that day.
  const before = offsetMinutes(new Date(wall - 36 * 3_600_000), tz);
  const after = offsetMinutes(new Date(wall + 36 * 3_600_000), tz);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * 60_000)
    .filter((t) => {
      const l = localTime(new Date(t), tz);
      return l.year === year && l.month === month && l.day === day && l.hour === hour && l.minute === minute;
    })
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0] as number);
  // In the gap: the wall time never shows; it happens the gap's length later, by the old offset.
  return new Date(wall - before * 60_000);
}
