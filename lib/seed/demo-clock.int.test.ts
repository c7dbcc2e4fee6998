import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { now, setClockForTests } from "../time/clock";
import { londonParts } from "../time/london";
import { seedIfEmpty } from "./seed-if-empty";

// The e2e suite relies on this: the demo data is laid out around the server's clock, not the machine's.
describe("demo seed on the injected clock", () => {
  afterAll(() => setClockForTests(null));

  it("dates the rules from the clock's London day and books the demo patients in the hours after its now", async () => {
    setClockForTests("2027-03-28T00:30:00Z"); // 00:30 GMT, half an hour before the clocks go forward
    expect(await seedIfEmpty(db(), "demo")).toBe("seeded");
    const rules = await db().capacityRule.findMany();
    expect(new Set(rules.map((r) => r.effectiveFrom))).toEqual(new Set(["2027-03-28"]));
    const booked = await db().appointment.findMany({ orderBy: { start: "asc" } });
    const today = booked.filter((a) => londonParts(a.start).date === "2027-03-28");
    expect(today.length).toBe(8);
    // Just after midnight there is no earlier arrival time today for the did-not-attend example: none is made.
    expect(today[0].start.getTime()).toBeGreaterThanOrEqual(now().getTime() + 20 * 60_000);
    expect(today.every((a) => londonParts(a.start).hour !== 1)).toBe(true);
    // Tomorrow's two, at 10:00 and later on the London clock (BST by then).
    const tomorrow = booked.filter((a) => londonParts(a.start).date === "2027-03-29");
    expect(tomorrow.length).toBe(2);
    expect(tomorrow.every((a) => londonParts(a.start).hour >= 10)).toBe(true);
    expect(booked.length).toBe(10);
  });
});
