import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { ADMIN, CLERK, testSite } from "../testing/capacity-fixtures";
import { findSlotsForConsumer } from "../capacity/find-slots-for-consumer";
import { createCapacityRule } from "../capacity/create-capacity-rule";
import { capacityRuleInput } from "../capacity/capacity-inputs";
import { addDosIdInput, changeDosIdInput, createServiceInput, scheduleInput, updateServiceInput } from "./service-inputs";
import { createService } from "./create-service";
import { updateService } from "./update-service";
import { addDosId } from "./add-dos-id";
import { changeDosId } from "./change-dos-id";
import { createSchedule } from "./create-schedule";
import { updateSchedule } from "./update-schedule";
import { setScheduleDosLinks } from "./set-schedule-dos-links";

const NOW = new Date("2026-11-24T09:00:00Z");

async function newService(name: string) {
  const siteId = await testSite();
  return createService(createServiceInput.parse({ siteId, name, kind: "UTC", horizonHours: "24" }), ADMIN);
}

describe("services, DoS ids and schedules (administrators)", () => {
  it("a new service with a DoS id and a rule is found and booked by 111 through that id", async () => {
    const { serviceId, scheduleId } = await newService("Minor injuries");
    await addDosId(addDosIdInput.parse({ serviceId, value: " 4000 000 001 ", description: "" }), ADMIN);
    await createCapacityRule(
      serviceId,
      capacityRuleInput.parse({ scheduleId, name: "Days", days: ["1", "2", "3", "4", "5", "6", "7"], startTime: "10:00", endTime: "12:00", slotMinutes: "30", perSlot: "1", effectiveFrom: "2026-11-24" }),
      CLERK,
      NOW,
    );
    const found = await findSlotsForConsumer({ dosId: "4000000001", statuses: ["free"], consumerOds: null, now: NOW, to: new Date("2026-11-24T12:00:00Z") });
    expect(found).toHaveLength(4);
    expect(await db().auditEvent.count({ where: { entityId: serviceId, action: "service.create" } })).toBe(1);
  });

  it("DoS ids are digits only and unique; changing one needs confirming, and 111 then finds the service only by the new one", async () => {
    const { serviceId } = await newService("Walk-in centre");
    expect(addDosIdInput.safeParse({ serviceId, value: "12A45" }).error?.issues[0].message).toBe("Directory of Services ID must be digits only, like 2000011001");
    const { dosRowId } = await addDosId(addDosIdInput.parse({ serviceId, value: "4000000002" }), ADMIN);
    const other = await newService("Another");
    await expect(addDosId(addDosIdInput.parse({ serviceId: other.serviceId, value: "4000000002" }), ADMIN)).rejects.toThrow("That Directory of Services ID is already used by Walk-in centre");
    expect(changeDosIdInput.safeParse({ dosRowId, value: "4000000003" }).error?.issues[0].message).toBe("Confirm that the Directory of Services team has the new ID");
    await changeDosId(changeDosIdInput.parse({ dosRowId, value: "4000000003", confirmed: "on" }), ADMIN);
    expect(await findSlotsForConsumer({ dosId: "4000000002", statuses: ["free"], consumerOds: null, now: NOW })).toBeNull();
    expect(await findSlotsForConsumer({ dosId: "4000000003", statuses: ["free"], consumerOds: null, now: NOW })).toEqual([]);
    expect(await db().auditEvent.findFirst({ where: { action: "service.dos-id.change", entityId: dosRowId } })).toMatchObject({ actorId: ADMIN.id });
  });

  it("links DoS ids and schedules many-to-many, and a schedule taken out of use disappears from the search", async () => {
    const a = await newService("Service A");
    const b = await newService("Service B");
    const { dosRowId: dosA } = await addDosId(addDosIdInput.parse({ serviceId: a.serviceId, value: "4000000010" }), ADMIN);
    const { dosRowId: dosB } = await addDosId(addDosIdInput.parse({ serviceId: b.serviceId, value: "4000000011" }), ADMIN);
    const { scheduleId } = await createSchedule(scheduleInput.parse({ serviceId: b.serviceId, name: "Dr Test's list", practitionerId: "", practitionerRoleId: "" }), ADMIN);
    await setScheduleDosLinks({ scheduleId, dosRowIds: [dosA, dosB] }, ADMIN);
    expect((await db().scheduleDosLink.findMany({ where: { scheduleId } })).map((l) => l.dosId).sort()).toEqual([dosA, dosB].sort());
    await setScheduleDosLinks({ scheduleId, dosRowIds: [dosB] }, ADMIN);
    expect(await db().scheduleDosLink.count({ where: { scheduleId } })).toBe(1);
    const s = await db().schedule.findUniqueOrThrow({ where: { id: scheduleId } });
    await updateSchedule({ scheduleId, name: s.name, practitionerId: null, practitionerRoleId: null, active: false, version: s.version }, ADMIN);
    await expect(updateSchedule({ scheduleId, name: "x", practitionerId: null, practitionerRoleId: null, active: true, version: s.version }, ADMIN)).rejects.toBeInstanceOf(VersionConflict);
    await expect(updateSchedule({ scheduleId, name: "x", practitionerId: "nobody", practitionerRoleId: null, active: true, version: s.version + 1 }, ADMIN)).rejects.toBeInstanceOf(InvalidInput);
  });

  it("edits a service with optimistic concurrency, and only administrators may", async () => {
    const { serviceId } = await newService("Renamed later");
    const s = await db().healthcareService.findUniqueOrThrow({ where: { id: serviceId } });
    const input = updateServiceInput.parse({ serviceId, version: String(s.version), siteId: s.siteId, name: "Renamed", kind: "ED", horizonHours: "72", active: "on" });
    await updateService(input, ADMIN);
    await expect(updateService(input, ADMIN)).rejects.toBeInstanceOf(VersionConflict);
    expect(await db().healthcareService.findUniqueOrThrow({ where: { id: serviceId } })).toMatchObject({ name: "Renamed", kind: "ED", horizonHours: 72, active: true });
    await expect(newServiceAs()).rejects.toBeInstanceOf(Forbidden);
  });
});

async function newServiceAs() {
  return createService(createServiceInput.parse({ siteId: await testSite(), name: "Not allowed", kind: "ED", horizonHours: "24" }), CLERK);
}
