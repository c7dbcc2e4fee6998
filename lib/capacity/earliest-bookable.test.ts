import { describe, expect, it } from "vitest";
import { earliestBookable } from "./earliest-bookable";
import { booking, context, slot, slotsFrom, suspension } from "./limits-test-helpers";

const NOW = "2026-01-14T10:00:00Z";
const halfHourly = slotsFrom("2026-01-14T10:00:00Z", 16); // 10:00 … 17:30

describe("earliestBookable", () => {
  it("finds the first bookable slot with minutes from now and both disposition flags", () => {
    expect(earliestBookable(halfHourly, context("2026-01-14T09:50:00Z"))).toMatchObject({
      slot: { start: new Date("2026-01-14T10:00:00Z") },
      minutesFromNow: 10,
      meetsOneHour: true,
      meetsFourHours: true,
      warning: null,
    });
  });

  it("counts exactly 60 and 240 minutes as meeting the 1-hour and 4-hour dispositions", () => {
    const at60 = earliestBookable([slot("2026-01-14T11:00:00Z")], context(NOW));
    expect(at60).toMatchObject({ minutesFromNow: 60, meetsOneHour: true, meetsFourHours: true });
    const at61 = earliestBookable([slot("2026-01-14T11:00:30Z")], context(NOW));
    expect(at61).toMatchObject({ minutesFromNow: 61, meetsOneHour: false, meetsFourHours: true });
    const at240 = earliestBookable([slot("2026-01-14T14:00:00Z")], context(NOW));
    expect(at240).toMatchObject({ meetsOneHour: false, meetsFourHours: true });
    const at241 = earliestBookable([slot("2026-01-14T14:01:00Z")], context(NOW));
    expect(at241).toMatchObject({ meetsOneHour: false, meetsFourHours: false });
  });

  it("does not rely on the slots being in time order", () => {
    const shuffled = [...halfHourly].reverse();
    expect(earliestBookable(shuffled, context(NOW)).slot?.start.toISOString()).toBe("2026-01-14T10:00:00.000Z");
  });

  it("reports nothing bookable without a warning when the department simply has no free slots", () => {
    const taken = halfHourly.map((s) => ({ ...s, status: "busy" as const }));
    expect(earliestBookable(taken, context(NOW))).toEqual({
      slot: null,
      minutesFromNow: null,
      meetsOneHour: false,
      meetsFourHours: false,
      oneHourBlockedBy: [],
      warning: null,
    });
  });

  it("warns when a minimum notice longer than an hour rules out 1-hour dispositions", () => {
    const result = earliestBookable(halfHourly, context(NOW, { limits: { minNoticeMinutes: 90 } }));
    expect(result).toMatchObject({ minutesFromNow: 90, meetsOneHour: false, meetsFourHours: true, oneHourBlockedBy: ["min-notice"] });
    expect(result.warning).toBe("The minimum notice of 90 minutes means 111 cannot book patients who need to attend within 1 hour");
  });

  it("warns when a suspension or a cap withholds the free slots of the next hour", () => {
    const suspended = earliestBookable(halfHourly, context(NOW, { suspensions: [suspension("2026-01-14T09:00:00Z", "2026-01-14T11:30:00Z")] }));
    expect(suspended).toMatchObject({ minutesFromNow: 90, meetsOneHour: false, oneHourBlockedBy: ["suspended"] });
    expect(suspended.warning).toBe("111 cannot book patients who need to attend within 1 hour: bookings are suspended for this time");

    const capped = earliestBookable(
      halfHourly,
      context(NOW, { limits: { capPerHour: 1 }, bookings: [booking("2026-01-14T10:15:00Z"), booking("2026-01-14T11:15:00Z")] }),
    );
    expect(capped).toMatchObject({ minutesFromNow: 120, meetsOneHour: false, oneHourBlockedBy: ["cap-hour"] });
    expect(capped.warning).toContain("the limit of bookings for this hour has been reached");
  });

  it("gives no warning when the hour is met", () => {
    const result = earliestBookable(halfHourly, context(NOW, { limits: { minNoticeMinutes: 30 } }));
    expect(result).toMatchObject({ minutesFromNow: 30, meetsOneHour: true, oneHourBlockedBy: [], warning: null });
  });

  it("ignores quotas for a typical consumer but can be asked about one organisation", () => {
    const ctx = context(NOW, { quotas: [{ orgOds: "NR3", perHour: null, perDay: 0 }] });
    expect(earliestBookable(halfHourly, ctx).meetsOneHour).toBe(true);
    const forNr3 = earliestBookable(halfHourly, ctx, { odsCode: "NR3" });
    expect(forNr3).toMatchObject({ slot: null, meetsOneHour: false, oneHourBlockedBy: ["quota-day"] });
  });
});
