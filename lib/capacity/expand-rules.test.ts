import { describe, expect, it } from "vitest";
import { expandRules, type RuleSpec } from "./expand-rules";

const everyDay: RuleSpec = {
  id: "r1",
  serviceId: "s1",
  scheduleId: "sch1",
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  startTime: "00:00",
  endTime: "24:00",
  slotMinutes: 30,
  perSlot: 1,
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
};

const day = (d: string, hours = 24) => [new Date(`${d}T00:00:00Z`), new Date(new Date(`${d}T00:00:00Z`).getTime() + hours * 3600_000)] as const;

describe("expandRules", () => {
  it("makes 48 half-hour slots on an ordinary winter day", () => {
    const [from, to] = [new Date("2026-01-14T00:00:00Z"), new Date("2026-01-15T00:00:00Z")];
    const slots = expandRules([everyDay], [], from, to);
    expect(slots).toHaveLength(48);
    expect(slots[0].start.toISOString()).toBe("2026-01-14T00:00:00.000Z");
    expect(slots[47].end.toISOString()).toBe("2026-01-15T00:00:00.000Z");
  });

  it("makes no slot in the March gap: 46 slots on 29 Mar 2026 (a 23-hour day)", () => {
    const from = new Date("2026-03-29T00:00:00Z"); // London midnight (GMT)
    const to = new Date("2026-03-29T23:00:00Z"); // next London midnight (BST)
    const slots = expandRules([everyDay], [], from, to);
    expect(slots).toHaveLength(46);
    const starts = slots.map((s) => s.start.toISOString());
    expect(starts).toContain("2026-03-29T00:30:00.000Z"); // 00:30 GMT
    expect(starts).toContain("2026-03-29T01:00:00.000Z"); // 02:00 BST, the first time after the gap
    expect(new Set(starts).size).toBe(46);
  });

  it("makes slots at both occurrences in the October fold: 50 slots on 25 Oct 2026 (a 25-hour day)", () => {
    const from = new Date("2026-10-24T23:00:00Z"); // London midnight (BST)
    const to = new Date("2026-10-26T00:00:00Z"); // next London midnight (GMT)
    const slots = expandRules([everyDay], [], from, to);
    expect(slots).toHaveLength(50);
    const starts = slots.map((s) => s.start.toISOString());
    expect(starts).toContain("2026-10-25T00:30:00.000Z"); // 01:30 BST
    expect(starts).toContain("2026-10-25T01:30:00.000Z"); // 01:30 GMT
    expect(new Set(starts).size).toBe(50);
    // Every slot lasts 30 real minutes.
    for (const s of slots) expect(s.end.getTime() - s.start.getTime()).toBe(30 * 60_000);
  });

  it("places summer wall-clock bands an hour earlier in UTC", () => {
    const rule = { ...everyDay, startTime: "08:00", endTime: "10:00", slotMinutes: 60 };
    const [from, to] = day("2026-07-01");
    expect(expandRules([rule], [], from, to).map((s) => s.start.toISOString())).toEqual([
      "2026-07-01T07:00:00.000Z",
      "2026-07-01T08:00:00.000Z",
    ]);
  });

  it("honours days of week, effective dates, parallel places and overrides", () => {
    const weekdays = { ...everyDay, daysOfWeek: [1, 2, 3, 4, 5], startTime: "09:00", endTime: "10:00", slotMinutes: 20, perSlot: 2, effectiveTo: "2026-11-27" };
    const from = new Date("2026-11-23T00:00:00Z"); // Monday
    const to = new Date("2026-11-30T00:00:00Z");
    const slots = expandRules([weekdays], [{ date: "2026-11-25", kind: "closed" }, { date: "2026-11-26", kind: "hours", startTime: "09:20", endTime: "10:00" }], from, to);
    const perDay = new Map<string, number>();
    for (const s of slots) perDay.set(s.start.toISOString().slice(0, 10), (perDay.get(s.start.toISOString().slice(0, 10)) ?? 0) + 1);
    expect(Object.fromEntries(perDay)).toEqual({ "2026-11-23": 6, "2026-11-24": 6, "2026-11-26": 4, "2026-11-27": 6 });
    expect(slots.filter((s) => s.start.toISOString() === "2026-11-23T09:00:00.000Z").map((s) => s.seq)).toEqual([0, 1]);
  });

  it("only returns slots whose start is inside the window", () => {
    const from = new Date("2026-01-14T10:10:00Z");
    const to = new Date("2026-01-14T11:00:00Z");
    expect(expandRules([everyDay], [], from, to).map((s) => s.start.toISOString())).toEqual(["2026-01-14T10:30:00.000Z"]);
  });
});

describe("expandRules with places changed for an hour band", () => {
  const rule: RuleSpec = { ...everyDay, slotMinutes: 30, perSlot: 2 };

  it("sets the places for slots starting in the band only", () => {
    const slots = expandRules([rule], [], new Date("2026-01-14T13:00:00Z"), new Date("2026-01-14T16:00:00Z"), [
      { date: "2026-01-14", startTime: "14:00", endTime: "15:00", perSlot: 3 },
    ]);
    const count = (t: string) => slots.filter((s) => s.start.toISOString() === t).length;
    expect([count("2026-01-14T13:30:00.000Z"), count("2026-01-14T14:00:00.000Z"), count("2026-01-14T14:30:00.000Z"), count("2026-01-14T15:00:00.000Z")]).toEqual([2, 3, 3, 2]);
  });

  it("closes the band with 0 places, and applies to both real 01:00 hours on the night the clocks go back", () => {
    const from = new Date("2026-10-24T23:00:00Z");
    const to = new Date("2026-10-25T04:00:00Z");
    const slots = expandRules([rule], [], from, to, [{ date: "2026-10-25", startTime: "01:00", endTime: "02:00", perSlot: 0 }]);
    const starts = new Set(slots.map((s) => s.start.toISOString()));
    expect(starts.has("2026-10-25T00:00:00.000Z")).toBe(false); // 01:00 BST
    expect(starts.has("2026-10-25T01:00:00.000Z")).toBe(false); // 01:00 GMT
    expect(starts.has("2026-10-24T23:30:00.000Z")).toBe(true); // 00:30 BST
    expect(starts.has("2026-10-25T02:00:00.000Z")).toBe(true); // 02:00 GMT
  });
});
