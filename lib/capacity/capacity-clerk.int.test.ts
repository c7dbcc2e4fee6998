/**
 * The clerk's capacity use cases against a real database: audit, availabilityVersion, optimistic
 * concurrency, and "reducing capacity never loses a booking". Tuesday 24 Nov 2026, 09:00 London (GMT).
 */
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { book, CLERK, CLINICIAN, freeStarts, makeService, patient, slotAt } from "../testing/capacity-fixtures";
import { cancelAppointment } from "../booking/cancel-appointment";
import { suspensionInput } from "./limit-inputs";
import { capacityRuleInput, updateCapacityRuleInput, capacityOverrideInput, bandPlacesInput } from "./capacity-inputs";
import { suspendBookings } from "./suspend-bookings";
import { liftSuspension } from "./lift-suspension";
import { setCaps } from "./set-caps";
import { setQuota } from "./set-quota";
import { removeQuota } from "./remove-quota";
import { blockSlot, BOOKED_CANNOT_BE_BLOCKED } from "./block-slot";
import { releaseSlot } from "./release-slot";
import { createCapacityRule } from "./create-capacity-rule";
import { updateCapacityRule } from "./update-capacity-rule";
import { deactivateCapacityRule } from "./deactivate-capacity-rule";
import { addCapacityOverride } from "./add-capacity-override";
import { removeCapacityOverride } from "./remove-capacity-override";
import { setBandPlaces } from "./set-band-places";
import { listBookingsAffected } from "./list-bookings-affected";
import { capacityDayView } from "./capacity-day-view";
import { previewWhat111Sees } from "./preview-what-111-sees";
import { REMOVED_FROM_RULES } from "./remove-unmatched-slots";

const NOW = new Date("2026-11-24T09:00:00Z");
const T = (hhmm: string, day = "2026-11-24") => `${day}T${hhmm}:00.000Z`;

async function availability(serviceId: string) {
  return (await db().healthcareService.findUniqueOrThrow({ where: { id: serviceId } })).availabilityVersion;
}

async function rule(serviceId: string) {
  return db().capacityRule.findFirstOrThrow({ where: { serviceId, active: true } });
}

const ruleForm = (scheduleId: string, over: Record<string, unknown> = {}) => ({
  scheduleId,
  name: "Evenings",
  days: ["1", "2", "3", "4", "5", "6", "7"],
  startTime: "20:00",
  endTime: "22:00",
  slotMinutes: "30",
  perSlot: "1",
  effectiveFrom: "2026-11-24",
  effectiveTo: "",
  ...over,
});

describe("suspending bookings", () => {
  it("is audited with who, what and why, bumps availability, and lists the bookings caught with a phone number", async () => {
    const s = await makeService(NOW);
    const booked = await book((await slotAt(s.serviceId, T("09:30"))).id, "NR1", patient(5), NOW);
    await book((await slotAt(s.serviceId, T("12:00"))).id, "NR1", patient(6), NOW);
    const before = await availability(s.serviceId);
    const input = suspensionInput(NOW).parse({ period: "next-2-hours", reason: "Major incident" });
    const r = await suspendBookings(s.serviceId, input, CLERK, NOW);
    expect(r.endsAt.toISOString()).toBe(T("11:00"));
    expect(r.affected.map((a) => [a.appointmentId, a.patientName, a.phone?.phone])).toEqual([[booked.appointmentId, "Test FAMILY5", "07700 900005"]]);
    expect(await availability(s.serviceId)).toBeGreaterThan(before);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "capacity.suspend", entityId: r.suspensionId } });
    expect(audit).toMatchObject({ actorId: CLERK.id, actorName: CLERK.name, reason: "Major incident" });
    // The booking stands.
    expect((await db().appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).status).toBe("booked");
  });

  it("needs a reason; 'rest of today' ends at London midnight", () => {
    const bad = suspensionInput(NOW).safeParse({ period: "next-2-hours", reason: " " });
    expect(bad.success).toBe(false);
    const summer = new Date("2026-07-01T20:00:00Z"); // 21:00 BST
    expect(suspensionInput(summer).parse({ period: "rest-of-today", reason: "Surge" }).endsAt.toISOString()).toBe("2026-07-01T23:00:00.000Z");
  });

  it("reopening needs the version the clerk saw, and cannot happen twice", async () => {
    const s = await makeService(NOW);
    const r = await suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "rest-of-today", reason: "Surge" }), CLERK, NOW);
    await expect(liftSuspension({ suspensionId: r.suspensionId, version: 7 }, CLERK, NOW)).rejects.toBeInstanceOf(VersionConflict);
    await liftSuspension({ suspensionId: r.suspensionId, version: 1 }, CLERK, NOW);
    await expect(liftSuspension({ suspensionId: r.suspensionId, version: 2 }, CLERK, NOW)).rejects.toBeInstanceOf(VersionConflict);
    expect(await db().auditEvent.count({ where: { action: "capacity.suspension.lift", entityId: r.suspensionId } })).toBe(1);
  });

  it("is for clerks and administrators only", async () => {
    const s = await makeService(NOW);
    await expect(suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "next-2-hours", reason: "x" }), CLINICIAN, NOW)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("limits and per-organisation limits", () => {
  it("refuses a change made on an out-of-date page, and changes nothing", async () => {
    const s = await makeService(NOW);
    const v = (await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).version;
    await setCaps(s.serviceId, v, { capPerHour: 4, capPerDay: null }, CLERK);
    await expect(setCaps(s.serviceId, v, { capPerHour: 1, capPerDay: null }, CLERK)).rejects.toThrow(/Someone else changed/);
    expect((await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).capPerHour).toBe(4);
    expect(await db().auditEvent.count({ where: { action: "capacity.caps.set", entityId: s.serviceId } })).toBe(1);
  });

  it("sets, changes and removes a limit for one organisation, refusing to overwrite one the clerk has not seen", async () => {
    const s = await makeService(NOW);
    const { quotaId } = await setQuota(s.serviceId, { odsCode: "NR1", perHour: 2, perDay: 10 }, null, CLERK);
    await expect(setQuota(s.serviceId, { odsCode: "NR1", perHour: 1, perDay: null }, null, CLERK)).rejects.toBeInstanceOf(VersionConflict);
    await setQuota(s.serviceId, { odsCode: "NR1", perHour: 1, perDay: null }, 1, CLERK);
    expect(await db().consumerQuota.findUniqueOrThrow({ where: { id: quotaId } })).toMatchObject({ perHour: 1, perDay: null, version: 2 });
    await expect(removeQuota({ quotaId, version: 1 }, CLERK)).rejects.toBeInstanceOf(VersionConflict);
    await removeQuota({ quotaId, version: 2 }, CLERK);
    expect(await db().consumerQuota.count({ where: { serviceId: s.serviceId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { entityId: quotaId, action: { startsWith: "capacity.quota." } } })).toBe(3);
  });
});

describe("blocking and releasing a place", () => {
  it("never blocks a booked place, and says why", async () => {
    const s = await makeService(NOW);
    const slot = await slotAt(s.serviceId, T("10:00"));
    await book(slot.id, "NR1", patient(1), NOW);
    const fresh = await db().slot.findUniqueOrThrow({ where: { id: slot.id } });
    const e = await blockSlot({ slotId: slot.id, version: fresh.version, reason: "Cubicle closed" }, CLERK).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidInput);
    expect((e as InvalidInput).message).toBe(BOOKED_CANNOT_BE_BLOCKED);
    expect((await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).status).toBe("busy");
  });

  it("blocks a free place with a reason and releases it back to free", async () => {
    const s = await makeService(NOW);
    const slot = await slotAt(s.serviceId, T("10:00"));
    await expect(blockSlot({ slotId: slot.id, version: slot.version + 3, reason: "x" }, CLERK)).rejects.toBeInstanceOf(VersionConflict);
    const r = await blockSlot({ slotId: slot.id, version: slot.version, reason: "Cubicle closed" }, CLERK);
    expect(r.affected).toEqual([]);
    expect(await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ status: "blocked", blockedReason: "Cubicle closed" });
    await releaseSlot({ slotId: slot.id, version: slot.version + 1 }, CLERK);
    expect(await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ status: "free", blockedReason: null });
  });
});

describe("weekly rules", () => {
  it("publishes a new rule's slots at once, and they are offered to 111", async () => {
    const s = await makeService(NOW);
    expect(await freeStarts(s.dosId, null, NOW)).not.toContain(T("20:00"));
    const r = await createCapacityRule(s.serviceId, capacityRuleInput.parse(ruleForm(s.scheduleId)), CLERK, NOW);
    expect(r.slotsCreated).toBe(8); // 20:00–22:00, 4 slots, today and tomorrow within 48 hours
    expect(await freeStarts(s.dosId, null, NOW)).toContain(T("20:00"));
    expect(await db().auditEvent.count({ where: { action: "capacity.rule.create", entityId: r.ruleId } })).toBe(1);
  });

  it("explains a bad rule next to the field: end before start, zero length, a slot that does not fit", () => {
    const errors = (form: Record<string, unknown>) => {
      const r = capacityRuleInput.safeParse(form);
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors(ruleForm("x", { startTime: "14:00", endTime: "09:00" }))).toEqual({ endTime: "End time must be after the start time" });
    expect(errors(ruleForm("x", { startTime: "14:00", endTime: "14:00" }))).toEqual({ endTime: "End time must be after the start time" });
    expect(errors(ruleForm("x", { slotMinutes: "0" }))).toEqual({ slotMinutes: "Slot length must be 5 minutes or more" });
    expect(errors(ruleForm("x", { startTime: "20:00", endTime: "20:15" }))).toEqual({ slotMinutes: "A 30-minute slot does not fit between 20:00 and 20:15" });
    expect(errors(ruleForm("x", { days: [] }))).toEqual({ days: "Select at least one day" });
  });

  it("refuses a rule that overlaps an active rule of the same schedule, or starts in the past", async () => {
    const s = await makeService(NOW);
    const overlap = await createCapacityRule(s.serviceId, capacityRuleInput.parse(ruleForm(s.scheduleId, { startTime: "19:00", endTime: "21:00", days: ["2"] })), CLERK, NOW).catch((e: unknown) => e);
    expect(overlap).toBeInstanceOf(InvalidInput);
    expect((overlap as InvalidInput).fieldErrors.startTime).toMatch(/overlap the rule "All week" \(every day, 08:00 to 20:00\)/);
    const past = await createCapacityRule(s.serviceId, capacityRuleInput.parse(ruleForm(s.scheduleId, { effectiveFrom: "2026-11-23" })), CLERK, NOW).catch((e: unknown) => e);
    expect((past as InvalidInput).fieldErrors.effectiveFrom).toBe("Start date must be today or in the future");
    // Same times on a different schedule, or only touching at 20:00, is fine.
    await expect(createCapacityRule(s.serviceId, capacityRuleInput.parse(ruleForm(s.scheduleId)), CLERK, NOW)).resolves.toBeTruthy();
  });

  it("narrowing a rule withdraws free future places only: booked places stay and are listed", async () => {
    const s = await makeService(NOW, { perSlot: 2 });
    const booked = await book((await slotAt(s.serviceId, T("18:00"), 1)).id, "NR1", patient(1), NOW);
    const r0 = await rule(s.serviceId);
    const input = updateCapacityRuleInput.parse({ ...ruleForm(r0.scheduleId, { name: "Days", startTime: "08:00", endTime: "17:00", perSlot: "1" }), effectiveFrom: r0.effectiveFrom, ruleId: r0.id, version: r0.version });
    const r = await updateCapacityRule(input, CLERK, NOW);
    expect(r.affected.map((a) => a.appointmentId)).toEqual([booked.appointmentId]);
    const left = await db().slot.findMany({ where: { serviceId: s.serviceId, start: { gte: new Date(T("17:00")), lt: new Date(T("20:00")) } } });
    expect(left.map((x) => [x.start.toISOString(), x.seq, x.status])).toEqual([[T("18:00"), 1, "busy"]]);
    expect(await db().slot.count({ where: { serviceId: s.serviceId, start: { gte: NOW }, seq: 1, status: "free" } })).toBe(0);
    expect((await db().appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).status).toBe("booked");
    // Widening again publishes the places again.
    const r1 = await rule(s.serviceId);
    await updateCapacityRule(updateCapacityRuleInput.parse({ ...input, endTime: "20:00", version: r1.version }), CLERK, NOW);
    expect(await freeStarts(s.dosId, null, NOW)).toContain(T("19:30"));
  });

  it("a stale rule change is refused and changes nothing", async () => {
    const s = await makeService(NOW);
    const r0 = await rule(s.serviceId);
    const input = updateCapacityRuleInput.parse({ ...ruleForm(r0.scheduleId, { startTime: "08:00", endTime: "12:00" }), effectiveFrom: r0.effectiveFrom, ruleId: r0.id, version: r0.version + 1 });
    await expect(updateCapacityRule(input, CLERK, NOW)).rejects.toBeInstanceOf(VersionConflict);
    expect(await freeStarts(s.dosId, null, NOW)).toContain(T("19:30"));
  });

  it("deactivating a rule withdraws its free future places, keeps booked and past ones, and lists the bookings", async () => {
    const s = await makeService(new Date(T("07:00")));
    const booked = await book((await slotAt(s.serviceId, T("15:00"))).id, "NR1", patient(2), NOW);
    const past = await slotAt(s.serviceId, T("08:00"));
    const r0 = await rule(s.serviceId);
    const r = await deactivateCapacityRule({ ruleId: r0.id, version: r0.version }, CLERK, NOW);
    expect(r.affected.map((a) => a.appointmentId)).toEqual([booked.appointmentId]);
    expect(await freeStarts(s.dosId, null, NOW)).toEqual([]);
    expect(await db().slot.findUnique({ where: { id: past.id } })).not.toBeNull();
    expect(await db().slot.count({ where: { serviceId: s.serviceId, start: { gte: NOW } } })).toBe(1);
  });

  it("keeps a withdrawn place that has a cancelled booking in its history (blocked), and frees it when the rules have it again", async () => {
    const s = await makeService(NOW);
    const slot = await slotAt(s.serviceId, T("16:00"));
    const b = await book(slot.id, "NR1", patient(3), NOW);
    await cancelAppointment({ appointmentId: b.appointmentId, expectedVersion: 1, by: "ed", reason: "Patient better", newResource: (c) => ({ ...c, status: "cancelled" }) }, CLERK, NOW);
    const r0 = await rule(s.serviceId);
    const narrow = updateCapacityRuleInput.parse({ ...ruleForm(r0.scheduleId, { name: "All week", startTime: "08:00", endTime: "12:00" }), effectiveFrom: r0.effectiveFrom, ruleId: r0.id, version: r0.version });
    await updateCapacityRule(narrow, CLERK, NOW);
    expect(await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ status: "blocked", blockedReason: REMOVED_FROM_RULES });
    await updateCapacityRule(updateCapacityRuleInput.parse({ ...narrow, endTime: "20:00", version: r0.version + 1 }), CLERK, NOW);
    expect(await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ status: "free", blockedReason: null });
  });
});

describe("one-off changes", () => {
  it("closing a date withdraws its free places, lists its bookings; removing the change brings the places back", async () => {
    const s = await makeService(NOW);
    const booked = await book((await slotAt(s.serviceId, T("10:00", "2026-11-25"))).id, "NR1", patient(4), NOW);
    const input = capacityOverrideInput.parse({ date: "2026-11-25", kind: "closed", reason: "Building work" });
    const r = await addCapacityOverride(s.serviceId, input, CLERK, NOW);
    expect(r.affected.map((a) => a.appointmentId)).toEqual([booked.appointmentId]);
    expect((await freeStarts(s.dosId, null, NOW)).filter((t) => t.startsWith("2026-11-25"))).toEqual([]);
    expect((await freeStarts(s.dosId, null, NOW)).length).toBeGreaterThan(0); // today untouched
    await expect(addCapacityOverride(s.serviceId, input, CLERK, NOW)).rejects.toThrow(/already a change/);
    await removeCapacityOverride({ overrideId: r.overrideId, version: 1 }, CLERK, NOW);
    expect((await freeStarts(s.dosId, null, NOW)).filter((t) => t.startsWith("2026-11-25"))).toHaveLength(23);
  });

  it("different hours keep only the places inside them", async () => {
    const s = await makeService(NOW);
    await addCapacityOverride(s.serviceId, capacityOverrideInput.parse({ date: "2026-11-24", kind: "hours", startTime: "12:00", endTime: "14:00", reason: "Staff training" }), CLERK, NOW);
    expect(await freeStarts(s.dosId, null, NOW, { to: new Date(T("23:59")) })).toEqual([T("12:00"), T("12:30"), T("13:00"), T("13:30")]);
    expect(capacityOverrideInput.safeParse({ date: "2026-11-24", kind: "hours", startTime: "14:00", endTime: "12:00", reason: "x" }).success).toBe(false);
  });

  it("adds and removes places for one hour on one date, never removing a booked place", async () => {
    const s = await makeService(NOW, { perSlot: 2 });
    const booked = await book((await slotAt(s.serviceId, T("14:30"), 1)).id, "NR1", patient(5), NOW);
    const fewer = await setBandPlaces(s.serviceId, bandPlacesInput.parse({ date: "2026-11-24", startTime: "14:00", endTime: "15:00", perSlot: "1", reason: "Short of nurses", version: "" }), CLERK, NOW);
    expect(fewer.affected.map((a) => a.appointmentId)).toEqual([booked.appointmentId]);
    const band = async () => db().slot.findMany({ where: { serviceId: s.serviceId, start: { gte: new Date(T("14:00")), lt: new Date(T("15:00")) } }, orderBy: [{ start: "asc" }, { seq: "asc" }] });
    expect((await band()).map((x) => `${x.start.toISOString().slice(11, 16)}#${x.seq} ${x.status}`)).toEqual(["14:00#0 free", "14:30#0 free", "14:30#1 busy"]);
    const more = await setBandPlaces(s.serviceId, bandPlacesInput.parse({ date: "2026-11-24", startTime: "14:00", endTime: "15:00", perSlot: "3", reason: "Extra nurse", version: "1" }), CLERK, NOW);
    expect(more.slotsCreated).toBe(3);
    expect(await band()).toHaveLength(6);
    // The next hour is untouched.
    expect(await db().slot.count({ where: { serviceId: s.serviceId, start: new Date(T("15:00")) } })).toBe(2);
    await expect(
      setBandPlaces(s.serviceId, bandPlacesInput.parse({ date: "2026-11-24", startTime: "14:00", endTime: "15:00", perSlot: "1", reason: "x", version: "1" }), CLERK, NOW),
    ).rejects.toBeInstanceOf(VersionConflict);
  });
});

describe("the worklist of affected bookings", () => {
  it("gives each booking's rank-1 phone number, or a contact's when the patient has none", async () => {
    const s = await makeService(NOW);
    await book(
      (await slotAt(s.serviceId, T("10:00"))).id,
      "NR1",
      patient(7, {
        telecom: [
          { system: "phone", value: "01632 960001", use: "home", rank: 2 },
          { system: "email", value: "x@example.org", rank: 1 },
          { system: "phone", value: "07700 900777", use: "mobile", rank: 1 },
        ],
      }),
      NOW,
    );
    await book(
      (await slotAt(s.serviceId, T("10:30"))).id,
      "NR1",
      patient(8, { telecom: [], contact: [{ name: { given: ["Sam"], family: "Carer" }, telecom: [{ system: "phone", value: "07700 900888" }] }] }),
      NOW,
    );
    const list = await listBookingsAffected(s.serviceId, new Date(T("10:00")), new Date(T("11:00")));
    expect(list.map((a) => [a.patientName, a.phone])).toEqual([
      ["Test FAMILY7", { phone: "07700 900777", from: "patient", contactName: null }],
      ["Test FAMILY8", { phone: "07700 900888", from: "contact", contactName: "Sam Carer" }],
    ]);
  });
});

describe("the clerk's views", () => {
  it("counts free, booked, blocked and suspended places per hour band", async () => {
    const s = await makeService(NOW, { perSlot: 2 });
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", patient(1), NOW);
    const b = await slotAt(s.serviceId, T("10:30"), 1);
    await blockSlot({ slotId: b.id, version: b.version, reason: "Cubicle closed" }, CLERK);
    await suspendBookings(s.serviceId, { startsAt: new Date(T("11:00")), endsAt: new Date(T("12:00")), reopensAutomatically: true, reason: "Surge" }, CLERK, NOW);
    const view = await capacityDayView(s.serviceId, "2026-11-24", NOW);
    const band = (label: string) => view.bands.find((x) => x.label === label)!;
    expect(band("10:00 to 11:00")).toMatchObject({ free: 2, booked: 1, blocked: 1, suspended: 0, placesPerSlotTime: 2 });
    expect(band("11:00 to 12:00")).toMatchObject({ free: 0, suspended: 4 });
    expect(view.bands).toHaveLength(11); // 09:00 to 20:00: slots were generated from 09:00
    expect(view.suspensions).toHaveLength(1);
    expect(view.earliest).toMatchObject({ start: T("09:00"), meetsOneHour: true, meetsFourHours: true, warning: null });
  });

  it("shows both 01:00 hours on the night the clocks go back, and warns when limits make a 1-hour arrival unbookable", async () => {
    const october = new Date("2026-10-24T23:00:00Z"); // 00:00 BST, Sunday 25 Oct 2026
    const s = await makeService(october, { start: "00:00", end: "24:00", minutes: 60 });
    const view = await capacityDayView(s.serviceId, "2026-10-25", october);
    expect(view.bands).toHaveLength(25);
    expect(view.bands.slice(0, 3).map((b) => b.label)).toEqual(["00:00 to 01:00 (BST)", "01:00 to 02:00 (BST)", "01:00 to 02:00 (GMT)"]);
    await db().healthcareService.update({ where: { id: s.serviceId }, data: { minNoticeMinutes: 120 } });
    const warned = await capacityDayView(s.serviceId, "2026-10-25", october);
    expect(warned.earliest.meetsOneHour).toBe(false);
    expect(warned.earliest.warning).toMatch(/minimum notice of 120 minutes/);
  });

  it("previews exactly what the slot search returns for an organisation, and why the rest are withheld", async () => {
    const s = await makeService(NOW);
    await setQuota(s.serviceId, { odsCode: "NR1", perHour: null, perDay: 1 }, null, CLERK);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", patient(1), NOW);
    const nr1 = await previewWhat111Sees({ serviceId: s.serviceId, odsCode: "nr1", now: NOW });
    const window = { from: NOW, to: new Date(NOW.getTime() + 24 * 3600_000) };
    expect(nr1.offered.map((x) => x.start)).toEqual(await freeStarts(s.dosId, "NR1", NOW, window));
    expect(nr1.offered[0].start).toBe(T("08:00", "2026-11-25"));
    expect(nr1.withheld.find((w) => w.start === T("10:30"))?.reason).toBe("This organisation's limit of bookings for this day has been reached");
    expect(nr1.withheld.find((w) => w.start === T("10:00"))?.reason).toBe("The slot is already booked");
    const other = await previewWhat111Sees({ serviceId: s.serviceId, odsCode: "NR2", now: NOW });
    expect(other.offered.map((x) => x.start)).toContain(T("10:30"));
  });
});
