import { describe, expect, it } from "vitest";
import { describeSlot, isoInZone, localDate } from "../../src/briefing/clock.ts";
import {
  checkSchedule,
  checkTimeZone,
  nextSlot,
  previousSlotOf,
  ScheduleError,
  slotsBetween,
  timeOfDayCron,
} from "../../src/briefing/schedule.ts";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const between = (expression: string, tz: string, from: string, to: string) =>
  iso(slotsBetween(expression, tz, new Date(from), new Date(to)));

describe("slots across daylight saving", () => {
  it.each([
    // Spring: clocks go from 02:00 to 03:00. A time in the gap is posted once, when the gap ends.
    [
      "Europe/Amsterdam",
      "30 2 * * *",
      "2026-03-28T12:00Z",
      "2026-03-30T12:00Z",
      ["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"],
    ],
    [
      "Europe/Amsterdam",
      "30 7 * * *",
      "2026-03-28T12:00Z",
      "2026-03-30T12:00Z",
      ["2026-03-29T05:30:00.000Z", "2026-03-30T05:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 2 * * *",
      "2026-03-07T12:00Z",
      "2026-03-09T12:00Z",
      ["2026-03-08T07:00:00.000Z", "2026-03-09T06:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 7 * * *",
      "2026-03-07T18:00Z",
      "2026-03-09T18:00Z",
      ["2026-03-08T11:30:00.000Z", "2026-03-09T11:30:00.000Z"],
    ],
    // Autumn: 02:00–03:00 happens twice (Amsterdam), 01:00–02:00 (New York). A time in it is posted once, the first time.
    [
      "Europe/Amsterdam",
      "30 2 * * *",
      "2026-10-24T12:00Z",
      "2026-10-26T12:00Z",
      ["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"],
    ],
    [
      "Europe/Amsterdam",
      "30 7 * * *",
      "2026-10-24T12:00Z",
      "2026-10-26T12:00Z",
      ["2026-10-25T06:30:00.000Z", "2026-10-26T06:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 1 * * *",
      "2026-10-31T12:00Z",
      "2026-11-02T12:00Z",
      ["2026-11-01T05:30:00.000Z", "2026-11-02T06:30:00.000Z"],
    ],
    [
      "America/New_York",
      "30 7 * * *",
      "2026-10-31T18:00Z",
      "2026-11-02T18:00Z",
      ["2026-11-01T12:30:00.000Z", "2026-11-02T12:30:00.000Z"],
    ],
  ])("%s %s from %s: each local time once", (tz, expression, from, to, expected) => {
    expect(between(expression, tz, from, to)).toEqual(expected);
  });

  it("runs an interval schedule through both copies of the repeated hour, and across the gap", () => {
    const autumn = between("0 * * * *", "Europe/Amsterdam", "2026-10-24T23:30Z", "2026-10-25T02:30Z");
    expect(autumn).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z", "2026-10-25T02:00:00.000Z"]);
    const spring = between("0 * * * *", "Europe/Amsterdam", "2026-03-28T23:30Z", "2026-03-29T02:30Z");
    expect(spring).toEqual(["2026-03-29T00:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z"]);
  });

  it("counts a window as after its start and up to and including its end", () => {
    expect(between("30 7 * * *", "UTC", "2026-12-01T07:30Z", "2026-12-02T07:30Z")).toEqual([
      "2026-12-02T07:30:00.000Z",
    ]);
  });
});

describe("the day fields, as cron reads them", () => {
  it("takes */2 in the day of month as unrestricted: with a weekday, both must match", () => {
    expect(between("0 9 */2 * 1", "UTC", "2026-01-01T00:00Z", "2026-02-28T00:00Z")).toEqual([
      "2026-01-05T09:00:00.000Z",
      "2026-01-19T09:00:00.000Z",
      "2026-02-09T09:00:00.000Z",
      "2026-02-23T09:00:00.000Z",
    ]);
  });

  it("takes a day when either restricted day field matches", () => {
    expect(between("0 9 1 * 1", "UTC", "2026-01-01T00:00Z", "2026-01-20T00:00Z")).toEqual([
      "2026-01-01T09:00:00.000Z",
      "2026-01-05T09:00:00.000Z",
      "2026-01-12T09:00:00.000Z",
      "2026-01-19T09:00:00.000Z",
    ]);
    expect(between("0 9 1 * 1", "UTC", "2026-01-26T12:00Z", "2026-02-03T00:00Z")).toEqual([
      "2026-02-01T09:00:00.000Z",
      "2026-02-02T09:00:00.000Z",
    ]);
  });

  it("reads weekday lists, ranges and names", () => {
    const week = (expression: string) => between(expression, "UTC", "2026-11-29T00:00Z", "2026-12-06T00:00Z");
    expect(week("0 8 * * 1,3,5")).toEqual([
      "2026-11-30T08:00:00.000Z",
      "2026-12-02T08:00:00.000Z",
      "2026-12-04T08:00:00.000Z",
    ]);
    expect(week("0 8 * * mon-wed")).toEqual([
      "2026-11-30T08:00:00.000Z",
      "2026-12-01T08:00:00.000Z",
      "2026-12-02T08:00:00.000Z",
    ]);
    expect(week("0 8 * * 0,7")).toEqual(["2026-11-29T08:00:00.000Z"]);
  });

  it("writes HH:MM with weekdays as a cron expression", () => {
    expect(timeOfDayCron("07:30", ["mon", "tue", "wed", "thu", "fri"])).toBe("30 7 * * 1,2,3,4,5");
    expect(timeOfDayCron("7:05")).toBe("5 7 * * *");
    const slots = between(
      timeOfDayCron("07:30", ["sat", "sun"]),
      "Europe/Amsterdam",
      "2026-11-30T00:00Z",
      "2026-12-07T00:00Z",
    );
    expect(slots).toEqual(["2026-12-05T06:30:00.000Z", "2026-12-06T06:30:00.000Z"]);
    expect(() => timeOfDayCron("25:00")).toThrow(ScheduleError);
    expect(() => timeOfDayCron("07:30", ["someday"])).toThrow(/not a weekday/);
  });
});

describe("checking a schedule the way it runs", () => {
  it.each([
    ["0 0 31 2 *", /never happens/],
    ["5/15 * * * *", /stepping with numeric prefix/],
    ["61 * * * *", /minute/],
    ["30 7 * * * *", /has 6 fields/],
    ["30 7 * *", /has 4 fields/],
  ])("refuses %s", (expression, reason) => {
    expect(() => checkSchedule(expression)).toThrow(reason);
  });

  it("accepts what runs", () => {
    for (const e of ["30 7 * * 1-5", "*/15 * * * *", "0 0 29 2 *", "0 12 1-7 * mon"])
      expect(() => checkSchedule(e)).not.toThrow();
  });

  it("knows IANA zones and refuses others", () => {
    expect(() => checkTimeZone("Europe/Amsterdam")).not.toThrow();
    expect(() => checkTimeZone("Mars/Olympus")).toThrow(/not an IANA time zone/);
  });
});

describe("the next and previous slot, and how they read", () => {
  it("finds the slot after and before an instant", () => {
    const at = new Date("2026-12-01T06:30:00Z");
    expect(nextSlot("30 7 * * *", "Europe/Amsterdam", at)?.toISOString()).toBe("2026-12-02T06:30:00.000Z");
    expect(previousSlotOf("30 7 * * *", "Europe/Amsterdam", at)?.toISOString()).toBe("2026-11-30T06:30:00.000Z");
    expect(nextSlot("0 0 29 2 *", "UTC", at)?.toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });

  it("shows an instant on the zone's wall clock, with its offset", () => {
    expect(isoInZone(new Date("2026-03-30T05:30:00Z"), "Europe/Amsterdam")).toBe("2026-03-30T07:30:00+02:00");
    expect(isoInZone(new Date("2026-12-01T06:30:00Z"), "Europe/Amsterdam")).toBe("2026-12-01T07:30:00+01:00");
    expect(isoInZone(new Date("2026-12-01T06:30:00Z"), "UTC")).toBe("2026-12-01T06:30:00Z");
    expect(localDate(new Date("2026-12-01T23:30:00Z"), "Europe/Amsterdam")).toBe("2026-12-02");
    expect(describeSlot(new Date("2026-12-01T06:30:00Z"), "Europe/Amsterdam", new Date("2026-11-30T19:30:00Z"))).toBe(
      "Tue 07:30 Europe/Amsterdam, in 11 h",
    );
  });
});
