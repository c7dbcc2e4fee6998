import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound } from "../errors";
import { assertAdmin, assertPractitioner } from "./service-guard";
import type { ScheduleInput } from "./service-inputs";

/** Adds a schedule (optionally for a practitioner and role), found by every DoS ID of its service. */
export async function createSchedule(input: ScheduleInput, actor: StaffActor): Promise<{ scheduleId: string }> {
  assertAdmin(actor);
  return db().$transaction(async (tx) => {
    const service = await tx.healthcareService.findUnique({ where: { id: input.serviceId }, include: { dosIds: true } });
    if (!service) throw new NotFound("Service not found");
    await assertPractitioner(tx, input.practitionerId, input.practitionerRoleId);
    const schedule = await tx.schedule.create({
      data: { serviceId: service.id, siteId: service.siteId, name: input.name, practitionerId: input.practitionerId, practitionerRoleId: input.practitionerRoleId },
    });
    for (const d of service.dosIds) await tx.scheduleDosLink.create({ data: { scheduleId: schedule.id, dosId: d.id } });
    await recordAudit(actor, { action: "service.schedule.create", entityType: "Schedule", entityId: schedule.id, detail: { ...input, service: service.name } }, tx);
    return { scheduleId: schedule.id };
  });
}
