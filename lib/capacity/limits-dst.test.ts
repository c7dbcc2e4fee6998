/**
 * Limits on the clock-change days. 29 Mar 2026: London skips 01:00–01:59 (23-hour day).
 * 25 Oct 2026: London lives 01:00–01:59 twice, BST then GMT (25-hour day).
 */
import { describe, expect, it } from "vitest";
import { formatLondonTime } from "../time/london";
import { expandRules, type RuleSpec } from "./expand-rules";
import { checkBookable, slotsOfferedTo } from "./limits";
import { booking, context, PATIENT_Q } from "./limits-test-helpers";
import type { CandidateSlot } from "./limit-types";

const everyHalfHour: RuleSpec = {
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

/** The generator's slots, in time order (it lists the fold by wall-clock time: 01:00 BST, 01:00 GMT, 01:30 BST…). */
function slotsOfLondonDay(fromIso: string, toIso: string): CandidateSlot[] {
  return expandRules([everyHalfHour], [], new Date(fromIso), new Date(toIso)).map((s) => ({
    id: `${s.scheduleId}-${s.start.toISOString()}-${s.seq}`,
    start: s.start,
    end: s.end,
    status: "free" as const,
  })).sort((a, b) => a.start.getTime() - b.start.getTime());
}

const ORG = { odsCode: "NR3" };
const label = (slots: CandidateSlot[]) => slots.map((s) => `${s.start.toISOString().slice(11, 16)}Z`);

describe("29 Mar 2026 (clocks go forward)", () => {
  const day = slotsOfLondonDay("2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z");
  const now = "2026-03-28T20:00:00Z";

  it("has 46 slots in 23 London hours", () => {
    expect(day).toHaveLength(46);
  });

  it("caps the 00:xx GMT hour and the 02:xx BST hour separately (they are consecutive real hours)", () => {
    const ctx = context(now, { limits: { capPerHour: 1 }, bookings: [booking("2026-03-29T00:00:00Z")] });
    const first4 = day.slice(0, 4); // 00:00 GMT, 00:30 GMT, 02:00 BST, 02:30 BST
    expect(first4.map((s) => formatLondonTime(s.start))).toEqual(["00:00", "00:30", "02:00", "02:30"]);
    const offer = slotsOfferedTo(ORG, first4, ctx);
    expect(label(offer.offered)).toEqual(["01:00Z", "01:30Z"]);
    expect(offer.withheld.map((w) => w.reason)).toEqual(["cap-hour", "cap-hour"]);
  });

  it("caps the first hour after the gap on its own", () => {
    const ctx = context(now, { limits: { capPerHour: 1 }, bookings: [booking("2026-03-29T01:00:00Z")] }); // 02:00 BST
    const offer = slotsOfferedTo(ORG, day.slice(0, 6), ctx);
    expect(label(offer.offered)).toEqual(["00:00Z", "00:30Z", "02:00Z", "02:30Z"]);
  });

  it("counts the day cap over the 23 hours of the London date", () => {
    const ctx = context(now, {
      limits: { capPerDay: 2 },
      bookings: [booking("2026-03-29T00:00:00Z"), booking("2026-03-29T22:30:00Z") /* 23:30 BST */, booking("2026-03-29T23:00:00Z") /* 30 Mar */],
    });
    const offer = slotsOfferedTo(ORG, [...day, ...slotsOfLondonDay("2026-03-29T23:00:00Z", "2026-03-30T00:00:00Z")], ctx);
    expect(label(offer.offered)).toEqual(["23:00Z", "23:30Z"]); // 00:00 and 00:30 BST on 30 Mar
  });

  it("measures minimum notice in real elapsed minutes across the gap", () => {
    const ctx = context("2026-03-29T00:30:00Z", { limits: { minNoticeMinutes: 60 } }); // 00:30 GMT
    const at0200Bst = day.find((s) => s.start.toISOString() === "2026-03-29T01:00:00.000Z")!;
    const at0230Bst = day.find((s) => s.start.toISOString() === "2026-03-29T01:30:00.000Z")!;
    expect(checkBookable(at0200Bst, { orgOds: "NR3", patient: PATIENT_Q }, ctx)).toMatchObject({ ok: false, reason: "min-notice" });
    expect(checkBookable(at0230Bst, { orgOds: "NR3", patient: PATIENT_Q }, ctx).ok).toBe(true); // wall clock says 2 h, really 60 min
  });
});

describe("25 Oct 2026 (clocks go back)", () => {
  const day = slotsOfLondonDay("2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z");
  const now = "2026-10-24T20:00:00Z";
  // 00:00Z = 01:00 BST, 00:30Z = 01:30 BST, 01:00Z = 01:00 GMT, 01:30Z = 01:30 GMT
  const fold = () => day.filter((s) => formatLondonTime(s.start).startsWith("01:"));

  it("has 50 slots in 25 London hours, four of them in the two 01:xx hours", () => {
    expect(day).toHaveLength(50);
    expect(label(fold())).toEqual(["00:00Z", "00:30Z", "01:00Z", "01:30Z"]);
  });

  it("treats the two 01:xx hours as two hours: a full first 01:xx (BST) leaves the second (GMT) open", () => {
    const ctx = context(now, { limits: { capPerHour: 1 }, bookings: [booking("2026-10-25T00:30:00Z")] }); // 01:30 BST
    const offer = slotsOfferedTo(ORG, fold(), ctx);
    expect(label(offer.offered)).toEqual(["01:00Z", "01:30Z"]);
    expect(offer.withheld.map((w) => [w.slot.start.toISOString().slice(11, 16), w.reason])).toEqual([
      ["00:00", "cap-hour"],
      ["00:30", "cap-hour"],
    ]);
  });

  it("and a full second 01:xx (GMT) leaves the first open", () => {
    const ctx = context(now, { limits: { capPerHour: 2 }, bookings: [booking("2026-10-25T01:00:00Z"), booking("2026-10-25T01:45:00Z")] });
    expect(label(slotsOfferedTo(ORG, fold(), ctx).offered)).toEqual(["00:00Z", "00:30Z"]);
    expect(checkBookable(fold()[2], { orgOds: "NR3", patient: PATIENT_Q }, ctx)).toMatchObject({ ok: false, reason: "cap-hour" });
  });

  it("applies a per-hour quota to each 01:xx hour separately", () => {
    const ctx = context(now, { quotas: [{ orgOds: "NR3", perHour: 1, perDay: null }], bookings: [booking("2026-10-25T00:00:00Z", { org: "NR3" })] });
    expect(label(slotsOfferedTo(ORG, fold(), ctx).offered)).toEqual(["01:00Z", "01:30Z"]);
    expect(label(slotsOfferedTo({ odsCode: "RYA" }, fold(), ctx).offered)).toHaveLength(4);
  });

  it("counts the day cap over all 25 hours of the London date", () => {
    const ctx = context(now, {
      limits: { capPerDay: 2 },
      bookings: [
        booking("2026-10-24T22:30:00Z"), // 23:30 BST on 24 Oct: another day
        booking("2026-10-24T23:00:00Z"), // 00:00 BST on 25 Oct
        booking("2026-10-25T23:30:00Z"), // 23:30 GMT on 25 Oct
      ],
    });
    const offer = slotsOfferedTo(ORG, [...day, ...slotsOfLondonDay("2026-10-26T00:00:00Z", "2026-10-26T01:00:00Z")], ctx);
    expect(label(offer.offered)).toEqual(["00:00Z", "00:30Z"]); // 26 Oct only
    expect(offer.withheld).toHaveLength(50);
    expect(new Set(offer.withheld.map((w) => w.reason))).toEqual(new Set(["cap-day"]));
  });
});
