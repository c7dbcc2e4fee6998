import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, startOfLondonDay } from "../time/london";
import { londonBuckets, londonDayKey, londonHourKey } from "./london-keys";

const H = 3600_000;
const key = (iso: string) => londonHourKey(new Date(iso));
const distinctHoursOfDay = (date: string) => {
  const from = startOfLondonDay(date).getTime();
  const to = startOfLondonDay(addDays(date, 1)).getTime();
  const keys = new Set<string>();
  for (let t = from; t < to; t += 15 * 60_000) keys.add(londonHourKey(new Date(t)));
  return [...keys];
};

describe("londonHourKey", () => {
  it("names the wall-clock hour with its offset, in winter and summer", () => {
    expect(key("2026-01-15T09:59:59Z")).toBe("2026-01-15T09:00+00:00");
    expect(key("2026-07-01T08:30:00Z")).toBe("2026-07-01T09:00+01:00");
    expect(key("2026-07-01T23:30:00Z")).toBe("2026-07-02T00:00+01:00");
  });

  it("skips the missing 01:00 hour on 29 Mar 2026: 00:xx GMT is followed by 02:00 BST", () => {
    expect(key("2026-03-29T00:59:00Z")).toBe("2026-03-29T00:00+00:00");
    expect(key("2026-03-29T01:00:00Z")).toBe("2026-03-29T02:00+01:00");
    expect(distinctHoursOfDay("2026-03-29")).toHaveLength(23);
    expect(distinctHoursOfDay("2026-03-29").some((k) => k.includes("T01:"))).toBe(false);
  });

  it("keeps the two 01:00 hours of 25 Oct 2026 apart (BST first, then GMT)", () => {
    expect(key("2026-10-25T00:00:00Z")).toBe("2026-10-25T01:00+01:00");
    expect(key("2026-10-25T00:59:00Z")).toBe("2026-10-25T01:00+01:00");
    expect(key("2026-10-25T01:00:00Z")).toBe("2026-10-25T01:00+00:00");
    expect(key("2026-10-25T01:59:00Z")).toBe("2026-10-25T01:00+00:00");
    expect(key("2026-10-25T02:00:00Z")).toBe("2026-10-25T02:00+00:00");
    expect(distinctHoursOfDay("2026-10-25")).toHaveLength(25);
  });

  it("has 24 hours on an ordinary day", () => {
    expect(distinctHoursOfDay("2026-06-10")).toHaveLength(24);
    expect(distinctHoursOfDay("2026-12-10")).toHaveLength(24);
  });

  it("is the same for every instant of one UTC hour and different for different UTC hours (any date)", () => {
    const base = Date.UTC(2024, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 * 366 * 24 }), fc.integer({ min: 0, max: H - 1 }), fc.integer({ min: 1, max: 48 }), (h, within, gap) => {
        const hourStart = base + h * H;
        expect(londonHourKey(new Date(hourStart + within))).toBe(londonHourKey(new Date(hourStart)));
        expect(londonHourKey(new Date(hourStart + gap * H))).not.toBe(londonHourKey(new Date(hourStart)));
      }),
    );
  });
});

describe("londonDayKey", () => {
  it("is the London date, which starts at 23:00 UTC the day before in summer", () => {
    expect(londonDayKey(new Date("2026-07-01T22:59:59Z"))).toBe("2026-07-01");
    expect(londonDayKey(new Date("2026-07-01T23:00:00Z"))).toBe("2026-07-02");
    expect(londonDayKey(new Date("2026-12-31T23:59:59Z"))).toBe("2026-12-31");
  });

  it("covers 23 hours on 29 Mar 2026 and 25 hours on 25 Oct 2026", () => {
    expect(londonDayKey(new Date("2026-03-29T00:00:00Z"))).toBe("2026-03-29");
    expect(londonDayKey(new Date("2026-03-29T22:59:00Z"))).toBe("2026-03-29");
    expect(londonDayKey(new Date("2026-03-29T23:00:00Z"))).toBe("2026-03-30");
    expect(londonDayKey(new Date("2026-10-24T22:59:00Z"))).toBe("2026-10-24");
    expect(londonDayKey(new Date("2026-10-24T23:00:00Z"))).toBe("2026-10-25");
    expect(londonDayKey(new Date("2026-10-25T23:59:00Z"))).toBe("2026-10-25");
    expect(londonDayKey(new Date("2026-10-26T00:00:00Z"))).toBe("2026-10-26");
  });

  it("agrees with londonBuckets", () => {
    const t = new Date("2026-10-25T01:30:00Z");
    expect(londonBuckets(t)).toEqual({ hour: londonHourKey(t), day: londonDayKey(t) });
  });
});
