import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import type { CapsInput } from "./limit-inputs";

/** Sets the service's limits per London hour and per London date (null: no limit). Takes effect at once. */
export async function setCaps(serviceId: string, version: number, input: CapsInput, actor: StaffActor): Promise<{ version: number }> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const before = await tx.healthcareService.findUnique({ where: { id: serviceId } });
    if (!before) throw new NotFound("Service not found");
    const { count } = await tx.healthcareService.updateMany({
      where: { id: serviceId, version },
      data: { capPerHour: input.capPerHour, capPerDay: input.capPerDay, version: { increment: 1 }, availabilityVersion: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this service's limits"));
    await recordAudit(
      actor,
      {
        action: "capacity.caps.set",
        entityType: "HealthcareService",
        entityId: serviceId,
        detail: { service: before.name, from: { capPerHour: before.capPerHour, capPerDay: before.capPerDay }, to: input },
      },
      tx,
    );
    return { version: version + 1 };
  });
}
