import { describe, expect, it } from "vitest";
import { checkNewBooking, londonDayOf } from "./booking-check";
import { checkBookable, patientKey, type CapacityContext, type ExistingBooking } from "./limits";

describe("londonDayOf", () => {
  it("is 24 hours on an ordinary day, 23 when the clocks go forward and 25 when they go back", () => {
    const hours = (d: { from: Date; to: Date }) => (d.to.getTime() - d.from.getTime()) / 3600_000;
    expect(londonDayOf(new Date("2026-11-23T15:00:00Z"))).toEqual({ from: new Date("2026-11-23T00:00:00Z"), to: new Date("2026-11-24T00:00:00Z") });
    expect(hours(londonDayOf(new Date("2026-03-29T12:00:00Z")))).toBe(23);
    expect(londonDayOf(new Date("2026-03-29T23:30:00Z")).from).toEqual(new Date("2026-03-29T23:00:00Z")); // 00:30 BST on the 30th
    expect(hours(londonDayOf(new Date("2026-10-25T01:30:00Z")))).toBe(25);
    expect(londonDayOf(new Date("2026-10-25T00:30:00Z"))).toEqual({ from: new Date("2026-10-24T23:00:00Z"), to: new Date("2026-10-26T00:00:00Z") });
  });
});

describe("checkNewBooking gives checkBookable's answer while reading less", () => {
  const now = new Date("2026-10-24T20:00:00Z");
  const slot = { id: "new", start: new Date("2026-10-25T01:15:00Z"), end: new Date("2026-10-25T01:30:00Z"), status: "free" as const };
  const patient = patientKey({ nhsNumber: "9999999999", family: "Rebook", birthDate: "1980-01-01" });
  const other = patientKey({ nhsNumber: "9999999998", family: "Other", birthDate: "1980-01-01" });
  // Every active booking from today on, as the old check loaded them.
  const all: ExistingBooking[] = [
    { start: new Date("2026-10-25T01:00:00Z"), status: "booked", orgOds: "NZZ01", patient: other, slotId: "a" }, // same GMT hour
    { start: new Date("2026-10-25T00:10:00Z"), status: "booked", orgOds: "NZZ01", patient: other, slotId: "b" }, // same date, BST 01:10
    { start: new Date("2026-10-26T09:00:00Z"), status: "booked", orgOds: "NZZ01", patient, slotId: "c" }, // the patient's later booking
    { start: new Date("2026-10-24T22:00:00Z"), status: "booked", orgOds: "NZZ02", patient: other, slotId: "d" }, // the day before
  ];
  const loaders = (reads: string[]) => ({
    sameDay: (from: Date, to: Date) => {
      reads.push("sameDay");
      return all.filter((b) => b.start >= from && b.start < to).map((b) => ({ ...b, patient: null }));
    },
    future: () => {
      reads.push("future");
      return all.filter((b) => b.start > now);
    },
  });
  const cases: [string, Partial<CapacityContext["limits"]>, { orgOds: string; perHour: number | null; perDay: number | null }[], string | null, string][] = [
    ["no caps or quotas", {}, [], "NZZ01", "ok"],
    ["hour cap full", { capPerHour: 1 }, [], "NZZ02", "cap-hour"],
    ["day cap full", { capPerDay: 2 }, [], "NZZ02", "cap-day"],
    ["day cap with room", { capPerDay: 3 }, [], "NZZ02", "ok"],
    ["org quota per day full, a rebook by that org", {}, [{ orgOds: "NZZ01", perHour: null, perDay: 2 }], "NZZ01", "rebook"],
    ["hour cap full, a rebook", { capPerHour: 1 }, [], "nzz01", "rebook"],
    ["hour cap full, no organisation", { capPerHour: 1 }, [], null, "cap-hour"],
  ];
  for (const [name, limits, quotas, org, outcome] of cases)
    it(`${name}: ${outcome}`, async () => {
      const ctx = { now, limits: { minNoticeMinutes: 0, maxAheadHours: null, capPerHour: null, capPerDay: null, ...limits }, suspensions: [], quotas };
      const request = { orgOds: org, patient };
      const reads: string[] = [];
      const got = await checkNewBooking(slot, request, ctx, loaders(reads));
      expect(got).toEqual(checkBookable(slot, request, { ...ctx, bookings: all }));
      expect(got.ok ? (got.rebookExemptionApplied ? "rebook" : "ok") : got.reason).toBe(outcome);
      if (!limits.capPerHour && !limits.capPerDay && quotas.length === 0) expect(reads).toEqual([]);
    });
});
