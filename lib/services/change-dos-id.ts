import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound } from "../errors";
import { withAvailabilityChange } from "../capacity/availability-change";
import { assertAdmin, dosIdTaken } from "./service-guard";
import type { ChangeDosIdInput } from "./service-inputs";

/**
 * Changes a Directory of Services ID. 111 finds the service by it: from now on a search by the old ID gets
 * "not found", so the form makes the administrator confirm the Directory of Services team has the new one.
 */
export async function changeDosId(input: ChangeDosIdInput, actor: StaffActor): Promise<void> {
  assertAdmin(actor);
  await db().$transaction(async (tx) => {
    const dos = await tx.dosServiceId.findUnique({ where: { id: input.dosRowId }, include: { service: true } });
    if (!dos) throw new NotFound("That Directory of Services ID no longer exists");
    if (dos.value === input.value) return;
    const taken = await dosIdTaken(tx, input.value, dos.id);
    if (taken) throw new InvalidInput(taken, { value: taken });
    const { tx: bookable } = await withAvailabilityChange(tx, dos.serviceId);
    await bookable.dosServiceId.update({ where: { id: dos.id }, data: { value: input.value } });
    await recordAudit(actor, { action: "service.dos-id.change", entityType: "DosServiceId", entityId: dos.id, detail: { serviceId: dos.serviceId, service: dos.service.name, from: dos.value, to: input.value } }, tx);
  });
}
