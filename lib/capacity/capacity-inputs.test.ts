import { describe, expect, it } from "vitest";
import { bandPlacesInput, blockSlotInput, capacityOverrideInput, capacityRuleInput, describeDays } from "./capacity-inputs";

const rule = { scheduleId: "s", name: "Days", days: ["1", "2"], startTime: "8:00", endTime: "24:00", slotMinutes: "15", perSlot: "2", effectiveFrom: "2026-11-24", effectiveTo: "" };

function fieldErrors(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return r.success ? {} : Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
}

describe("capacity form inputs", () => {
  it("reads a rule as typed: times normalised, 24:00 allowed as an end, days as numbers", () => {
    expect(capacityRuleInput.parse(rule)).toMatchObject({ startTime: "08:00", endTime: "24:00", days: [1, 2], slotMinutes: 15, perSlot: 2, effectiveTo: null });
  });

  it("says what to fix for each field", () => {
    expect(fieldErrors(capacityRuleInput.safeParse({ ...rule, name: "", startTime: "", endTime: "25:00", perSlot: "0", effectiveFrom: "2026-02-30" }))).toEqual({
      name: "Enter a name for the rule",
      startTime: "Enter the start time",
      endTime: "End time must be a time of day, like 14:30, or 24:00 for midnight at the end of the day",
      perSlot: "Places per slot time must be 1 or more",
      effectiveFrom: "Start date must be a real date, like 2026-11-23",
    });
    expect(fieldErrors(capacityRuleInput.safeParse({ ...rule, effectiveTo: "2026-11-01" }))).toEqual({ effectiveTo: "End date must be the same as or after the start date" });
    expect(fieldErrors(capacityRuleInput.safeParse({ ...rule, startTime: "24:00" }))).toEqual({ startTime: "Start time must be a time of day, like 14:30" });
  });

  it("needs the hours for a 'different hours' date change but not for a closed day", () => {
    expect(capacityOverrideInput.parse({ date: "2026-12-25", kind: "closed", startTime: "09:00", reason: "Christmas" })).toMatchObject({ startTime: null, endTime: null });
    expect(fieldErrors(capacityOverrideInput.safeParse({ date: "2026-12-25", kind: "hours", reason: "" }))).toEqual({
      reason: "Enter a reason for the change",
      startTime: "Enter the opening time",
      endTime: "Enter the closing time",
    });
  });

  it("allows 0 places for an hour (closing it) and needs reasons for blocking", () => {
    expect(bandPlacesInput.parse({ date: "2026-11-24", startTime: "14:00", endTime: "15:00", perSlot: "0", reason: "Closed", version: "" })).toMatchObject({ perSlot: 0, version: null });
    expect(fieldErrors(blockSlotInput.safeParse({ slotId: "a", version: "1", reason: "" }))).toEqual({ reason: "Enter a reason for blocking this place" });
  });

  it("describes days of the week in plain English", () => {
    expect(describeDays([1, 2, 3, 4, 5, 6, 7])).toBe("every day");
    expect(describeDays([1, 2, 3, 4, 5])).toBe("Mon to Fri");
    expect(describeDays([6, 7])).toBe("Sat, Sun");
  });
});

describe("a quick suspension with a reopen time", () => {
  const now = new Date("2026-11-24T14:20:30Z"); // 14:20 London (GMT)
  it("runs from this minute to that time today, or tomorrow when the time has passed and that is confirmed", async () => {
    const { withReopenTime } = await import("./capacity-inputs");
    // 07:30 has passed at 14:20: asked, with the period spelled out, until the box is ticked.
    expect(withReopenTime({ period: "rest-of-today", reopenTime: "7:30" }, now)).toEqual({
      question: "07:30 has already passed today. Bookings would stay suspended until Wed, 25 Nov 2026, 07:30 (17 h 10 min from now). Tick the box to confirm, or enter a later time today.",
    });
    expect(withReopenTime({ period: "next-2-hours", reopenTime: "14:20" }, now)).toHaveProperty("question");
    expect(withReopenTime({ period: "next-2-hours", reopenTime: "15:00", reason: "x" }, now)).toEqual({
      values: { period: "custom", reopenTime: "15:00", reason: "x", startDate: "2026-11-24", startTime: "14:20", endDate: "2026-11-24", endTime: "15:00" },
    });
    expect(withReopenTime({ period: "rest-of-today", reopenTime: "7:30", reopenTomorrow: "yes" }, now)).toMatchObject({ values: { endDate: "2026-11-25", endTime: "07:30" } });
    expect(withReopenTime({ period: "next-2-hours", reopenTime: "" }, now)).toEqual({ values: { period: "next-2-hours", reopenTime: "" } });
    expect(withReopenTime({ period: "next-2-hours", reopenTime: "soon" }, now)).toEqual({ error: "Reopen time must be a time of day, like 14:30" });
  });

  it("spells out a period in hours and minutes", async () => {
    const { formatDuration } = await import("./capacity-inputs");
    expect([formatDuration(45 * 60_000), formatDuration(2 * 3600_000), formatDuration((22 * 60 + 39) * 60_000)]).toEqual(["45 min", "2 h", "22 h 39 min"]);
  });
});
