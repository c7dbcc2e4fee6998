import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { capsInput, firstFieldErrors, noticeAndHorizonInput, quotaInput, SUSPENDED_UNTIL_LIFTED, suspensionInput, ZERO_QUOTA, ZERO_SERVICE_CAP } from "./limit-inputs";

function errorsOf(schema: z.ZodType, value: unknown): Record<string, string> {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`expected errors, got ${JSON.stringify(r.data)}`);
  return firstFieldErrors(r.error);
}

describe("suspensionInput", () => {
  const now = new Date("2026-01-14T10:07:00Z");
  const parse = (v: Record<string, unknown>, at = now) => suspensionInput(at).safeParse(v);

  it("needs a reason", () => {
    expect(errorsOf(suspensionInput(now), { period: "next-2-hours", reason: "   " })).toEqual({ reason: "Enter a reason for suspending bookings" });
    expect(errorsOf(suspensionInput(now), { period: "next-2-hours" })).toEqual({ reason: "Enter a reason for suspending bookings" });
    expect(errorsOf(suspensionInput(now), { period: "next-2-hours", reason: "x".repeat(501) })).toEqual({ reason: "Reason must be 500 characters or fewer" });
  });

  it("needs a period", () => {
    expect(errorsOf(suspensionInput(now), { reason: "Surge" })).toEqual({ period: "Select how long to suspend bookings for" });
  });

  it("'next 2 hours' runs from now for two real hours and reopens by itself", () => {
    expect(parse({ period: "next-2-hours", reason: " Corridor care " }).data).toEqual({
      startsAt: now,
      endsAt: new Date("2026-01-14T12:07:00Z"),
      reopensAutomatically: true,
      reason: "Corridor care",
    });
  });

  it("'next 2 hours' is two real hours across the October clock change", () => {
    const night = new Date("2026-10-25T00:30:00Z"); // 01:30 BST
    expect(parse({ period: "next-2-hours", reason: "Surge" }, night).data?.endsAt).toEqual(new Date("2026-10-25T02:30:00Z")); // 02:30 GMT
  });

  it("'rest of today' ends at the next London midnight, including in summer and on clock-change days", () => {
    expect(parse({ period: "rest-of-today", reason: "Surge" }).data?.endsAt).toEqual(new Date("2026-01-15T00:00:00Z"));
    expect(parse({ period: "rest-of-today", reason: "Surge" }, new Date("2026-07-01T22:30:00Z")).data?.endsAt).toEqual(new Date("2026-07-01T23:00:00Z"));
    expect(parse({ period: "rest-of-today", reason: "Surge" }, new Date("2026-10-25T12:00:00Z")).data?.endsAt).toEqual(new Date("2026-10-26T00:00:00Z"));
    expect(parse({ period: "rest-of-today", reason: "Surge" }, new Date("2026-03-29T12:00:00Z")).data?.endsAt).toEqual(new Date("2026-03-29T23:00:00Z"));
  });

  it("a custom period reads London wall-clock times and reopens at its end", () => {
    const r = parse({ period: "custom", reason: "Surge", startDate: "2026-07-01", startTime: "14:00", endDate: "2026-07-01", endTime: "18:30" });
    expect(r.data).toEqual({ startsAt: new Date("2026-07-01T13:00:00Z"), endsAt: new Date("2026-07-01T17:30:00Z"), reopensAutomatically: true, reason: "Surge" });
    expect(parse({ period: "custom", reason: "Surge", startDate: "2026-07-01", startTime: "9.05", endDate: "2026-07-01", endTime: "9:35" }).data?.startsAt).toEqual(
      new Date("2026-07-01T08:05:00Z"),
    );
  });

  it("a custom period without an end lasts until a clerk lifts it", () => {
    const r = parse({ period: "custom", reason: "Surge", startDate: "2026-01-14", startTime: "12:00", endDate: "", endTime: "" });
    expect(r.data).toMatchObject({ startsAt: new Date("2026-01-14T12:00:00Z"), endsAt: SUSPENDED_UNTIL_LIFTED, reopensAutomatically: false });
  });

  it("says what is missing or wrong in the dates and times", () => {
    expect(errorsOf(suspensionInput(now), { period: "custom", reason: "Surge" })).toEqual({ startDate: "Enter the start date", startTime: "Enter the start time" });
    expect(errorsOf(suspensionInput(now), { period: "custom", reason: "Surge", startDate: "2026-02-30", startTime: "25:00" })).toEqual({
      startDate: "Start date must be a real date",
      startTime: "Start time must be a time of day, like 14:30",
    });
    expect(errorsOf(suspensionInput(now), { period: "custom", reason: "Surge", startDate: "2026-01-14", startTime: "12:00", endTime: "13:00" })).toEqual({
      endDate: "Enter the end date",
    });
  });

  it("end time must be after the start time, and in the future", () => {
    const base = { period: "custom", reason: "Surge", startDate: "2026-01-14", startTime: "12:00", endDate: "2026-01-14" };
    expect(errorsOf(suspensionInput(now), { ...base, endTime: "12:00" })).toEqual({ endTime: "End time must be after the start time" });
    expect(errorsOf(suspensionInput(now), { ...base, endTime: "11:00" })).toEqual({ endTime: "End time must be after the start time" });
    expect(errorsOf(suspensionInput(now), { ...base, startTime: "08:00", endTime: "10:00" })).toEqual({ startTime: "Start time has already passed: enter the time now or a later time" });
  });

  it("takes a start a few minutes back (a form left open) but refuses one further back as a slip", () => {
    const at = (t: string) => ({ period: "custom", reason: "Surge", startDate: "2026-01-14", startTime: t, endDate: "2026-01-14", endTime: "18:00" });
    const minutesBefore = (m: number) => new Date(now.getTime() - m * 60_000).toISOString().slice(11, 16);
    expect(parse(at(minutesBefore(14)), now).success).toBe(true);
    expect(errorsOf(suspensionInput(now), at(minutesBefore(16)))).toEqual({ startTime: "Start time has already passed: enter the time now or a later time" });
  });

  it("refuses a time in the March gap and reads the October fold cautiously (earliest start, latest end)", () => {
    const march = new Date("2026-03-28T12:00:00Z");
    expect(errorsOf(suspensionInput(march), { period: "custom", reason: "Surge", startDate: "2026-03-29", startTime: "01:30" })).toEqual({
      startTime: "Start time does not exist on that day because the clocks go forward: enter a time from 02:00",
    });
    const october = new Date("2026-10-24T12:00:00Z");
    const r = parse({ period: "custom", reason: "Surge", startDate: "2026-10-25", startTime: "01:00", endDate: "2026-10-25", endTime: "01:30" }, october);
    expect(r.data).toMatchObject({ startsAt: new Date("2026-10-25T00:00:00Z"), endsAt: new Date("2026-10-25T01:30:00Z") });
  });
});

describe("capsInput", () => {
  it("reads numbers from form strings and treats blank as no limit", () => {
    expect(capsInput.parse({ capPerHour: "4", capPerDay: "" })).toEqual({ capPerHour: 4, capPerDay: null });
    expect(capsInput.parse({ capPerHour: 1, capPerDay: 40 })).toEqual({ capPerHour: 1, capPerDay: 40 });
    expect(capsInput.parse({})).toEqual({ capPerHour: null, capPerDay: null });
  });

  it("explains bad numbers", () => {
    expect(errorsOf(capsInput, { capPerHour: "four", capPerDay: "2.5" })).toEqual({
      capPerHour: "Limit per hour must be a whole number",
      capPerDay: "Limit per day must be a whole number",
    });
    expect(errorsOf(capsInput, { capPerHour: "-1", capPerDay: "1000" })).toEqual({
      capPerHour: "Limit per hour must be 0 or more",
      capPerDay: "Limit per day must be 999 or fewer",
    });
  });

  it("refuses a limit of 0, which would close the service, and points to suspending bookings instead", () => {
    expect(errorsOf(capsInput, { capPerHour: "0", capPerDay: "" })).toEqual({ capPerHour: ZERO_SERVICE_CAP("Limit per hour") });
    expect(errorsOf(capsInput, { capPerHour: "", capPerDay: "0" })).toEqual({ capPerDay: ZERO_SERVICE_CAP("Limit per day") });
    expect(ZERO_SERVICE_CAP("Limit per hour")).toMatch(/^Limit per hour cannot be 0: that would stop every 111 booking.*"Suspend bookings from 111"/);
  });

  it("does not allow more per hour than per day", () => {
    expect(errorsOf(capsInput, { capPerHour: "10", capPerDay: "5" })).toEqual({ capPerHour: "Limit per hour cannot be more than the limit per day" });
  });
});

describe("quotaInput", () => {
  it("upper-cases and trims the ODS code", () => {
    expect(quotaInput.parse({ odsCode: " nr3 ", perHour: "2", perDay: "" })).toEqual({ odsCode: "NR3", perHour: 2, perDay: null });
    expect(quotaInput.parse({ odsCode: "RYA12X", perDay: "10" })).toMatchObject({ odsCode: "RYA12X", perDay: 10 });
  });

  it("needs an ODS code of 3 to 6 letters or numbers", () => {
    expect(errorsOf(quotaInput, { odsCode: "", perHour: "1" })).toEqual({ odsCode: "Enter the organisation's ODS code" });
    expect(errorsOf(quotaInput, { perHour: "1" })).toEqual({ odsCode: "Enter the organisation's ODS code" });
    for (const bad of ["NR", "NR3ABCD", "NR-3", "N R3"]) {
      expect(errorsOf(quotaInput, { odsCode: bad, perHour: "1" })).toEqual({ odsCode: "ODS code must be 3 to 6 letters or numbers, like NR3" });
    }
  });

  it("refuses an organisation limit of 0, pointing to blocking the organisation or suspending bookings", () => {
    expect(errorsOf(quotaInput, { odsCode: "NR3", perHour: "0", perDay: "" })).toEqual({ perHour: ZERO_QUOTA("Limit per hour") });
    expect(errorsOf(quotaInput, { odsCode: "NR3", perHour: "", perDay: "0" })).toEqual({ perDay: ZERO_QUOTA("Limit per day") });
    expect(ZERO_QUOTA("Limit per day")).toMatch(/blocks it under 111 consumers/);
  });

  it("needs at least one limit, and no more per hour than per day", () => {
    expect(errorsOf(quotaInput, { odsCode: "NR3", perHour: "", perDay: "" })).toEqual({ perHour: "Enter a limit per hour or a limit per day" });
    expect(errorsOf(quotaInput, { odsCode: "NR3", perHour: "3", perDay: "2" })).toEqual({ perHour: "Limit per hour cannot be more than the limit per day" });
  });
});

describe("noticeAndHorizonInput", () => {
  it("reads minimum notice and an optional horizon", () => {
    expect(noticeAndHorizonInput.parse({ minNoticeMinutes: "30", maxAheadHours: "" })).toEqual({ minNoticeMinutes: 30, maxAheadHours: null });
    expect(noticeAndHorizonInput.parse({ minNoticeMinutes: "0", maxAheadHours: "48" })).toEqual({ minNoticeMinutes: 0, maxAheadHours: 48 });
  });

  it("needs a minimum notice and explains bad values", () => {
    expect(errorsOf(noticeAndHorizonInput, { minNoticeMinutes: "" })).toEqual({ minNoticeMinutes: "Enter the minimum notice in minutes" });
    expect(errorsOf(noticeAndHorizonInput, { minNoticeMinutes: "1441", maxAheadHours: "0" })).toEqual({
      minNoticeMinutes: "Minimum notice must be 1440 minutes or fewer",
      maxAheadHours: "Booking horizon must be 1 hour or more",
    });
  });

  it("needs the horizon to be longer than the notice", () => {
    expect(errorsOf(noticeAndHorizonInput, { minNoticeMinutes: "120", maxAheadHours: "2" })).toEqual({ maxAheadHours: "Booking horizon must be longer than the minimum notice" });
    expect(noticeAndHorizonInput.safeParse({ minNoticeMinutes: "119", maxAheadHours: "2" }).success).toBe(true);
    expect(errorsOf(noticeAndHorizonInput, { minNoticeMinutes: "-5", maxAheadHours: "337" })).toEqual({
      minNoticeMinutes: "Minimum notice must be 0 minutes or more",
      maxAheadHours: "Booking horizon must be 336 hours or fewer",
    });
  });
});
