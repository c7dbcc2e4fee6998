import { describe, expect, it } from "vitest";
import {
  addDays,
  formatLondonDateTime,
  formatLondonTime,
  isLondonDate,
  londonParts,
  londonZoneName,
  startOfLondonDay,
  wallClockToInstants,
  weekdayOf,
} from "./london";

describe("London wall clock", () => {
  it("maps a winter wall time to the same UTC time", () => {
    expect(wallClockToInstants("2026-01-15", "09:30").map((d) => d.toISOString())).toEqual(["2026-01-15T09:30:00.000Z"]);
  });

  it("maps a summer wall time to an hour earlier in UTC", () => {
    expect(wallClockToInstants("2026-07-01", "09:30").map((d) => d.toISOString())).toEqual(["2026-07-01T08:30:00.000Z"]);
  });

  it("has no instant in the March gap (29 Mar 2026, 01:00–01:59 does not exist)", () => {
    expect(wallClockToInstants("2026-03-29", "01:00")).toEqual([]);
    expect(wallClockToInstants("2026-03-29", "01:30")).toEqual([]);
    expect(wallClockToInstants("2026-03-29", "00:59").map((d) => d.toISOString())).toEqual(["2026-03-29T00:59:00.000Z"]);
    expect(wallClockToInstants("2026-03-29", "02:00").map((d) => d.toISOString())).toEqual(["2026-03-29T01:00:00.000Z"]);
  });

  it("has two instants in the October fold (25 Oct 2026, 01:00–01:59 happens twice), earlier first", () => {
    expect(wallClockToInstants("2026-10-25", "01:30").map((d) => d.toISOString())).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-25T01:30:00.000Z",
    ]);
    expect(wallClockToInstants("2026-10-25", "02:00").map((d) => d.toISOString())).toEqual(["2026-10-25T02:00:00.000Z"]);
  });

  it("starts every London day at its midnight, including clock-change days", () => {
    expect(startOfLondonDay("2026-03-29").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(startOfLondonDay("2026-03-30").toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(startOfLondonDay("2026-10-25").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(startOfLondonDay("2026-10-26").toISOString()).toBe("2026-10-26T00:00:00.000Z");
  });

  it("reads London parts and zone names of an instant", () => {
    const p = londonParts(new Date("2026-06-30T23:30:00Z"));
    expect(p).toMatchObject({ date: "2026-07-01", time: "00:30", weekday: 3, offsetMinutes: 60 });
    expect(londonZoneName(new Date("2026-10-25T00:30:00Z"))).toBe("BST");
    expect(londonZoneName(new Date("2026-10-25T01:30:00Z"))).toBe("GMT");
    expect(formatLondonTime(new Date("2026-10-25T01:30:00Z"))).toBe("01:30");
  });

  it("does date arithmetic on London dates", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(weekdayOf("2026-11-23")).toBe(1);
    expect(weekdayOf("2026-11-29")).toBe(7);
    expect(isLondonDate("2026-02-29")).toBe(false);
    expect(isLondonDate("2028-02-29")).toBe(true);
    expect(isLondonDate("2026-1-1")).toBe(false);
  });
});

describe("screens show UK time whatever the machine's time zone", () => {
  it("formats the same London wall time on a server or browser set to New York or Tokyo", () => {
    const saved = process.env.TZ;
    try {
      const shown: string[] = [];
      for (const tz of ["America/New_York", "Asia/Tokyo", "UTC"]) {
        process.env.TZ = tz;
        // 12:00 UTC in July is 13:00 BST; in January it is 12:00 GMT.
        shown.push(`${formatLondonTime(new Date("2026-07-01T12:00:00Z"))} ${formatLondonTime(new Date("2026-01-15T12:00:00Z"))} ${formatLondonDateTime(new Date("2026-10-25T00:30:00Z"))}`);
      }
      expect(new Set(shown).size).toBe(1);
      expect(shown[0].startsWith("13:00 12:00 ")).toBe(true);
    } finally {
      process.env.TZ = saved;
    }
  });
});
