/**
 * Each use case that changes what 111 can book moves the service's availabilityVersion, and one that is refused
 * leaves it as it was (the bump is in the change's own transaction). Real database; Tuesday 24 Nov 2026, 09:00
 * London (GMT); each case has its own service. availability-version.test.ts catches a new writer statically.
 */
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { VersionConflict } from "../errors";
import { ADMIN, CLERK, makeService, slotAt, type TestService } from "../testing/capacity-fixtures";
import { arrivalsConfig } from "../arrivals/arrivals-config";
import { checkBoardUnseen, recordBoardPresence } from "../arrivals/board-presence";
import { addDosIdInput, changeDosIdInput, updateServiceInput } from "../services/service-inputs";
import { updateService } from "../services/update-service";
import { addDosId } from "../services/add-dos-id";
import { changeDosId } from "../services/change-dos-id";
import { updateSchedule } from "../services/update-schedule";
import { setScheduleDosLinks } from "../services/set-schedule-dos-links";
import { bandPlacesInput, capacityOverrideInput, capacityRuleInput, updateCapacityRuleInput } from "./capacity-inputs";
import { suspensionInput } from "./limit-inputs";
import { suspendBookings } from "./suspend-bookings";
import { liftSuspension } from "./lift-suspension";
import { setCaps } from "./set-caps";
import { setNoticeAndHorizon } from "./set-notice-and-horizon";
import { setQuota } from "./set-quota";
import { removeQuota } from "./remove-quota";
import { blockSlot } from "./block-slot";
import { releaseSlot } from "./release-slot";
import { createCapacityRule } from "./create-capacity-rule";
import { updateCapacityRule } from "./update-capacity-rule";
import { deactivateCapacityRule } from "./deactivate-capacity-rule";
import { addCapacityOverride } from "./add-capacity-override";
import { removeCapacityOverride } from "./remove-capacity-override";
import { setBandPlaces } from "./set-band-places";
import { generateSlots } from "./generate-slots";

const NOW = new Date("2026-11-24T09:00:00Z");
const T = (hhmm: string, day = "2026-11-24") => `${day}T${hhmm}:00.000Z`;

async function availability(serviceId: string) {
  return (await db().healthcareService.findUniqueOrThrow({ where: { id: serviceId } })).availabilityVersion;
}
const service = (id: string) => db().healthcareService.findUniqueOrThrow({ where: { id } });
const rule = (serviceId: string) => db().capacityRule.findFirstOrThrow({ where: { serviceId, active: true } });
const dosRow = (serviceId: string) => db().dosServiceId.findFirstOrThrow({ where: { serviceId } });
const suspend = (serviceId: string) => suspendBookings(serviceId, suspensionInput(NOW).parse({ period: "next-2-hours", reason: "Surge" }), CLERK, NOW);
const addQuota = (serviceId: string) => setQuota(serviceId, { odsCode: "NR1", perHour: 2, perDay: 10 }, null, CLERK);
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

/** Each use case, run on a fresh service after `prepare` (whose own bumps are not counted). */
const CHANGES: [string, (s: TestService) => Promise<() => Promise<unknown>>][] = [
  ["suspending bookings", async (s) => () => suspend(s.serviceId)],
  ["lifting a suspension", async (s) => {
    const { suspensionId } = await suspend(s.serviceId);
    return () => liftSuspension({ suspensionId, version: 1 }, CLERK, NOW);
  }],
  ["setting caps", async (s) => {
    const { version } = await service(s.serviceId);
    return () => setCaps(s.serviceId, version, { capPerHour: 4, capPerDay: null }, CLERK);
  }],
  ["setting notice and horizon", async (s) => {
    const { version } = await service(s.serviceId);
    return () => setNoticeAndHorizon(s.serviceId, version, { minNoticeMinutes: 90, maxAheadHours: null }, CLERK);
  }],
  ["adding a per-organisation limit", async (s) => () => addQuota(s.serviceId)],
  ["changing a per-organisation limit", async (s) => {
    await addQuota(s.serviceId);
    return () => setQuota(s.serviceId, { odsCode: "NR1", perHour: 1, perDay: null }, 1, CLERK);
  }],
  ["removing a per-organisation limit", async (s) => {
    const { quotaId } = await addQuota(s.serviceId);
    return () => removeQuota({ quotaId, version: 1 }, CLERK);
  }],
  ["blocking a place", async (s) => {
    const slot = await slotAt(s.serviceId, T("10:00"));
    return () => blockSlot({ slotId: slot.id, version: slot.version, reason: "Cubicle closed" }, CLERK);
  }],
  ["releasing a place", async (s) => {
    const slot = await slotAt(s.serviceId, T("10:00"));
    await blockSlot({ slotId: slot.id, version: slot.version, reason: "Cubicle closed" }, CLERK);
    return () => releaseSlot({ slotId: slot.id, version: slot.version + 1 }, CLERK);
  }],
  ["adding a weekly rule", async (s) => () => createCapacityRule(s.serviceId, capacityRuleInput.parse(ruleForm(s.scheduleId)), CLERK, NOW)],
  ["changing a weekly rule", async (s) => {
    const r = await rule(s.serviceId);
    const input = updateCapacityRuleInput.parse({ ...ruleForm(r.scheduleId, { name: r.name, startTime: "08:00", endTime: "12:00" }), effectiveFrom: r.effectiveFrom, ruleId: r.id, version: r.version });
    return () => updateCapacityRule(input, CLERK, NOW);
  }],
  ["deactivating a weekly rule", async (s) => {
    const r = await rule(s.serviceId);
    return () => deactivateCapacityRule({ ruleId: r.id, version: r.version }, CLERK, NOW);
  }],
  ["closing a date", async (s) => () => addCapacityOverride(s.serviceId, capacityOverrideInput.parse({ date: "2026-11-25", kind: "closed", reason: "Building work" }), CLERK, NOW)],
  ["removing a date change", async (s) => {
    const { overrideId } = await addCapacityOverride(s.serviceId, capacityOverrideInput.parse({ date: "2026-11-25", kind: "closed", reason: "Building work" }), CLERK, NOW);
    return () => removeCapacityOverride({ overrideId, version: 1 }, CLERK, NOW);
  }],
  ["changing the places for one hour", async (s) => () =>
    setBandPlaces(s.serviceId, bandPlacesInput.parse({ date: "2026-11-24", startTime: "14:00", endTime: "15:00", perSlot: "2", reason: "Extra nurse", version: "" }), CLERK, NOW)],
  ["generating slots further ahead", async (s) => () => generateSlots(new Date(NOW.getTime() + 24 * 3600_000), s.serviceId)],
  ["changing the service", async (s) => {
    const before = await service(s.serviceId);
    const input = updateServiceInput.parse({ serviceId: s.serviceId, version: String(before.version), siteId: before.siteId, name: "Renamed", kind: "ED", horizonHours: "72", active: "on" });
    return () => updateService(input, ADMIN);
  }],
  ["adding a DoS id", async (s) => () => addDosId(addDosIdInput.parse({ serviceId: s.serviceId, value: `4${s.dosId}` }), ADMIN)],
  ["changing a DoS id", async (s) => {
    const { id } = await dosRow(s.serviceId);
    return () => changeDosId(changeDosIdInput.parse({ dosRowId: id, value: `5${s.dosId}`, confirmed: "on" }), ADMIN);
  }],
  ["taking a schedule out of use", async (s) => {
    const sch = await db().schedule.findUniqueOrThrow({ where: { id: s.scheduleId } });
    return () => updateSchedule({ scheduleId: sch.id, name: sch.name, practitionerId: null, practitionerRoleId: null, active: false, version: sch.version }, ADMIN);
  }],
];

describe("every change to what 111 can book moves availabilityVersion", () => {
  it.each(CHANGES)("%s", async (_, prepare) => {
    const s = await makeService(NOW);
    const change = await prepare(s);
    const before = await availability(s.serviceId);
    await change();
    expect(await availability(s.serviceId)).toBeGreaterThan(before);
  });

  it("linking a schedule to another service's DoS id moves both services' versions", async () => {
    const a = await makeService(NOW);
    const b = await makeService(NOW);
    const [va, vb] = [await availability(a.serviceId), await availability(b.serviceId)];
    await setScheduleDosLinks({ scheduleId: a.scheduleId, dosRowIds: [(await dosRow(a.serviceId)).id, (await dosRow(b.serviceId)).id] }, ADMIN);
    expect(await availability(a.serviceId)).toBeGreaterThan(va);
    expect(await availability(b.serviceId)).toBeGreaterThan(vb);
  });

  it("the automatic suspension when nobody watches the arrivals board, and its lifting, move it too", async () => {
    const s = await makeService(NOW);
    const cfg = { ...arrivalsConfig({}), boardUnseenMinutes: 15, boardUnseenSuspend: true };
    await db().boardPresence.deleteMany();
    await checkBoardUnseen(NOW, cfg);
    const v0 = await availability(s.serviceId);
    const later = new Date(NOW.getTime() + 16 * 60_000);
    expect(await checkBoardUnseen(later, cfg)).toBeGreaterThan(0);
    const v1 = await availability(s.serviceId);
    expect(v1).toBeGreaterThan(v0);
    const { siteId } = await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } });
    expect((await recordBoardPresence(CLERK, { siteId }, new Date(later.getTime() + 60_000))).liftedSuspensions).toBeGreaterThan(0);
    expect(await availability(s.serviceId)).toBeGreaterThan(v1);
  });
});

describe("a change that does not happen leaves availabilityVersion as it was", () => {
  it("is refused on an out-of-date page: the bump is rolled back with it", async () => {
    const s = await makeService(NOW);
    const before = await availability(s.serviceId);
    const { version } = await service(s.serviceId);
    await expect(setCaps(s.serviceId, version + 1, { capPerHour: 4, capPerDay: null }, CLERK)).rejects.toBeInstanceOf(VersionConflict);
    const slot = await slotAt(s.serviceId, T("10:00"));
    await expect(blockSlot({ slotId: slot.id, version: slot.version + 1, reason: "x" }, CLERK)).rejects.toBeInstanceOf(VersionConflict);
    const r = await rule(s.serviceId);
    await expect(deactivateCapacityRule({ ruleId: r.id, version: r.version + 1 }, CLERK, NOW)).rejects.toBeInstanceOf(VersionConflict);
    expect(await availability(s.serviceId)).toBe(before);
  });

  it("a slot generation run that adds nothing keeps every instance's cache", async () => {
    const s = await makeService(NOW);
    const before = await availability(s.serviceId);
    expect((await generateSlots(NOW, s.serviceId)).created).toBe(0);
    expect(await availability(s.serviceId)).toBe(before);
  });
});
