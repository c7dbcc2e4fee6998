import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound } from "../errors";
import { withAvailabilityChange } from "../capacity/availability-change";
import { assertAdmin, dosIdTaken } from "./service-guard";
import type { AddDosIdInput } from "./service-inputs";

/** Gives a service a Directory of Services ID, linked to each of its active schedules (change links after). */
export async function addDosId(input: AddDosIdInput, actor: StaffActor): Promise<{ dosRowId: string }> {
  assertAdmin(actor);
  return db().$transaction(async (tx) => {
    const service = await tx.healthcareService.findUnique({ where: { id: input.serviceId }, include: { schedules: { where: { active: true } } } });
    if (!service) throw new NotFound("Service not found");
    const taken = await dosIdTaken(tx, input.value);
    if (taken) throw new InvalidInput(taken, { value: taken });
    const { tx: bookable } = await withAvailabilityChange(tx, service.id);
    const dos = await bookable.dosServiceId.create({ data: { serviceId: service.id, value: input.value, description: input.description } });
    for (const s of service.schedules) await bookable.scheduleDosLink.create({ data: { scheduleId: s.id, dosId: dos.id } });
    await recordAudit(actor, { action: "service.dos-id.add", entityType: "DosServiceId", entityId: dos.id, detail: { serviceId: service.id, service: service.name, value: input.value, linkedSchedules: service.schedules.length } }, tx);
    return { dosRowId: dos.id };
  });
}
