/**
 * Instants shown on the wall clock of a time zone: formatting only, through `Intl`; which instants
 * a schedule names is croner's work (`schedule.ts`).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
      timeZoneName: "longOffset",
    });
    formats.set(tz, f);
  }
  return f;
}

function parts(instant: Date, tz: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of format(tz).formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** The local date at an instant: `2026-03-29`. */
export function localDate(instant: Date, tz: string): string {
  const p = parts(instant, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * The instant as ISO 8601 with the zone's offset at that moment.
 *
 * @example
 * isoInZone(new Date("2026-03-30T05:30:00Z"), "Europe/Amsterdam"); // "2026-03-30T07:30:00+02:00"
 */
export function isoInZone(instant: Date, tz: string): string {
  const p = parts(instant, tz);
  const offset = (p.timeZoneName ?? "GMT").replace(/^GMT/, "") || "+00:00";
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset === "+00:00" ? "Z" : offset}`;
}

/**
 * A slot as a person reads it: weekday and time in its zone, and how far off it is.
 *
 * @example
 * describeSlot(new Date("2026-12-01T06:30:00Z"), "Europe/Amsterdam", new Date("2026-11-30T19:30:00Z"));
 * // "Tue 07:30 Europe/Amsterdam, in 11 h"
 */
export function describeSlot(instant: Date, tz: string, now: Date): string {
  const p = parts(instant, tz);
  return `${p.weekday} ${p.hour}:${p.minute} ${tz}, ${relative(instant.getTime() - now.getTime())}`;
}

function relative(ms: number): string {
  const ahead = ms >= 0;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} days`;
  return ahead ? `in ${text}` : `${text} ago`;
}
