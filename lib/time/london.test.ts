import { describe, expect, it } from "vitest";
import {
  addDays,
  formatLondonDateTime,
  formatLondonEnd,
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

describe("formatLondonEnd: the end of a slot carries its day when it is not today", () => {
  it("a slot ending after midnight shows the next day's date, not a bare 00:15", () => {
    // Tue 12 Jan 2027, 23:45 to 00:15 (GMT all year round in January).
    expect(formatLondonEnd(new Date("2027-01-13T00:15:00Z"), new Date("2027-01-12T23:45:00Z"), "2027-01-12")).toBe("Wed, 13 Jan 2027, 00:15");
    expect(formatLondonEnd(new Date("2027-01-12T23:30:00Z"), new Date("2027-01-12T23:00:00Z"), "2027-01-12")).toBe("23:30");
  });

  it("an end on the start's day that is not today carries its date; without a today it is compared with the start", () => {
    expect(formatLondonEnd(new Date("2027-01-13T10:30:00Z"), new Date("2027-01-13T10:00:00Z"), "2027-01-12")).toBe("Wed, 13 Jan 2027, 10:30");
    expect(formatLondonEnd(new Date("2027-01-13T10:30:00Z"), new Date("2027-01-13T10:00:00Z"), null)).toBe("10:30");
    expect(formatLondonEnd(new Date("2027-01-13T00:15:00Z"), new Date("2027-01-12T23:45:00Z"), null)).toBe("Wed, 13 Jan 2027, 00:15");
  });

  it("around the March clock change: after midnight is dated, and a slot across 01:00 GMT to 02:00 BST says BST", () => {
    // Sat 27 Mar 2027 23:45 GMT to Sun 28 Mar 00:15 GMT; the clocks go forward at 01:00 GMT that night.
    expect(formatLondonEnd(new Date("2027-03-28T00:15:00Z"), new Date("2027-03-27T23:45:00Z"), "2027-03-27")).toBe("Sun, 28 Mar 2027, 00:15");
    expect(formatLondonEnd(new Date("2027-03-28T01:15:00Z"), new Date("2027-03-28T00:45:00Z"), "2027-03-28")).toBe("02:15 BST");
  });

  it("around the October clock change: after midnight BST is dated, and an end after the clocks go back says GMT", () => {
    // Sat 24 Oct 2026 23:45 BST (22:45Z) to Sun 25 Oct 00:15 BST (23:15Z).
    expect(formatLondonEnd(new Date("2026-10-24T23:15:00Z"), new Date("2026-10-24T22:45:00Z"), "2026-10-24")).toBe("Sun, 25 Oct 2026, 00:15");
    // 01:45 BST (00:45Z) to 01:15 GMT (01:15Z): without the zone it would read as ending before it starts.
    expect(formatLondonEnd(new Date("2026-10-25T01:15:00Z"), new Date("2026-10-25T00:45:00Z"), "2026-10-25")).toBe("01:15 GMT");
    expect(formatLondonEnd(new Date("2026-10-25T01:15:00Z"), new Date("2026-10-25T00:45:00Z"), "2026-10-24")).toBe("Sun, 25 Oct 2026, 01:15 GMT");
  });
});
