/**
 * The rebook exemption: the standard's rebook is "book the new slot, then cancel the old one", by the same
 * organisation for the same patient. The new booking must not be refused by a cap or quota.
 */
import { describe, expect, it } from "vitest";
import { checkBookable, rebookExemptionApplies, slotsOfferedTo } from "./limits";
import { booking, context, PATIENT_P, PATIENT_Q, slot, suspension } from "./limits-test-helpers";
import { patientKey } from "./patient-key";

const NOW = "2026-01-14T10:00:00Z";
const OLD = "2026-01-14T11:00:00Z"; // P's existing booking, made by NR3
const target = slot("2026-01-14T11:30:00Z");

/** Hour 11:xx is full (cap 1), and NR3 has used its daily quota (1). */
const full = context(NOW, {
  limits: { capPerHour: 1 },
  quotas: [{ orgOds: "NR3", perHour: null, perDay: 1 }],
  bookings: [booking(OLD, { org: "NR3", patient: PATIENT_P })],
});

describe("rebook exemption at booking", () => {
  it("lets the same organisation book the same patient into a full hour beyond its quota", () => {
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_P }, full)).toEqual({ ok: true, rebookExemptionApplied: true });
  });

  it("reports that no exemption was needed when the slot is within every limit", () => {
    const roomy = { ...full, limits: { ...full.limits, capPerHour: 5 }, quotas: [] };
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_P }, roomy)).toEqual({ ok: true, rebookExemptionApplied: false });
  });

  it("refuses another patient of the same organisation", () => {
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_Q }, full)).toEqual({ ok: false, reason: "cap-hour", reasons: ["cap-hour", "quota-day"] });
  });

  it("refuses the same patient booked by another organisation", () => {
    expect(checkBookable(target, { orgOds: "RYA", patient: PATIENT_P }, full)).toMatchObject({ ok: false, reason: "cap-hour" });
  });

  it("refuses an unknown patient or an unknown organisation", () => {
    expect(checkBookable(target, { orgOds: "NR3", patient: null }, full)).toMatchObject({ ok: false, reason: "cap-hour" });
    expect(checkBookable(target, { orgOds: null, patient: PATIENT_P }, full)).toMatchObject({ ok: false, reason: "cap-hour" });
  });

  it("recognises the patient by NHS number written differently, and by family name + birth date without one", () => {
    const spaced = patientKey({ nhsNumber: "999-000-4005", family: "Jones", birthDate: "1980-02-01" });
    expect(checkBookable(target, { orgOds: "nr3", patient: spaced }, full).ok).toBe(true);
    const noNumber = patientKey({ family: "JONES", birthDate: "1980-02-01" });
    expect(checkBookable(target, { orgOds: "NR3", patient: noNumber }, full).ok).toBe(true);
    const otherBirthDate = patientKey({ family: "Jones", birthDate: "1980-02-02" });
    expect(checkBookable(target, { orgOds: "NR3", patient: otherBirthDate }, full).ok).toBe(false);
  });

  it("needs the old booking to be active and still in the future", () => {
    const cancelled = context(NOW, { limits: { capPerHour: 0 }, bookings: [booking(OLD, { org: "NR3", patient: PATIENT_P, status: "cancelled" })] });
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_P }, cancelled)).toMatchObject({ ok: false, reason: "cap-hour" });
    const started = context(NOW, { limits: { capPerHour: 0 }, bookings: [booking("2026-01-14T09:30:00Z", { org: "NR3", patient: PATIENT_P })] });
    expect(rebookExemptionApplies({ orgOds: "NR3", patient: PATIENT_P }, started)).toBe(false);
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_P }, started)).toMatchObject({ ok: false, reason: "cap-hour" });
  });

  it("waives a per-hour quota and a day cap too", () => {
    const ctx = context(NOW, {
      limits: { capPerDay: 1 },
      quotas: [{ orgOds: "NR3", perHour: 1, perDay: null }],
      bookings: [booking("2026-01-14T11:10:00Z", { org: "NR3", patient: PATIENT_P })],
    });
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_Q }, ctx)).toMatchObject({ ok: false, reasons: ["cap-day", "quota-hour"] });
    expect(checkBookable(target, { orgOds: "NR3", patient: PATIENT_P }, ctx)).toEqual({ ok: true, rebookExemptionApplied: true });
  });
});

describe("what the rebook exemption does not waive", () => {
  const request = { orgOds: "NR3", patient: PATIENT_P };

  it("a suspension", () => {
    const ctx = { ...full, suspensions: [suspension("2026-01-14T11:00:00Z", "2026-01-14T13:00:00Z")] };
    expect(checkBookable(target, request, ctx)).toEqual({ ok: false, reason: "suspended", reasons: ["suspended"] });
  });

  it("a blocked or taken slot", () => {
    expect(checkBookable({ ...target, status: "blocked" }, request, full)).toMatchObject({ ok: false, reason: "blocked" });
    expect(checkBookable({ ...target, status: "busy" }, request, full)).toMatchObject({ ok: false, reason: "taken" });
  });

  it("minimum notice, the horizon and the past", () => {
    const ctx = { ...full, limits: { ...full.limits, minNoticeMinutes: 120, maxAheadHours: 1 } };
    expect(checkBookable(target, request, ctx)).toMatchObject({ ok: false, reason: "min-notice" });
    expect(checkBookable(slot("2026-01-14T14:00:00Z"), request, { ...full, limits: { ...full.limits, maxAheadHours: 1 } })).toMatchObject({
      ok: false,
      reason: "beyond-horizon",
    });
    expect(checkBookable(slot("2026-01-14T09:30:00Z"), request, full)).toMatchObject({ ok: false, reason: "past" });
  });
});

describe("rebook and the slot search", () => {
  it("the FHIR search (no patient) does not offer slots beyond a cap or quota, even to the organisation rebooking", () => {
    expect(slotsOfferedTo({ odsCode: "NR3" }, [target], full).withheld[0].reasons).toEqual(["cap-hour", "quota-day"]);
  });

  it("the staff preview with a patient shows what a rebook could get", () => {
    expect(slotsOfferedTo({ odsCode: "NR3", patient: PATIENT_P }, [target], full).offered).toEqual([target]);
    expect(slotsOfferedTo({ odsCode: "NR3", patient: PATIENT_Q }, [target], full).offered).toEqual([]);
    expect(slotsOfferedTo({ odsCode: "RYA", patient: PATIENT_P }, [target], full).offered).toEqual([]);
  });
});
