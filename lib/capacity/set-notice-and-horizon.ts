import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import type { NoticeAndHorizonInput } from "./limit-inputs";

/** Sets the minimum notice (minutes) and the booking horizon (hours, null: as far as slots exist). */
export async function setNoticeAndHorizon(serviceId: string, version: number, input: NoticeAndHorizonInput, actor: StaffActor): Promise<{ version: number }> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const before = await tx.healthcareService.findUnique({ where: { id: serviceId } });
    if (!before) throw new NotFound("Service not found");
    const { count } = await tx.healthcareService.updateMany({
      where: { id: serviceId, version },
      data: { minNoticeMinutes: input.minNoticeMinutes, maxAheadHours: input.maxAheadHours, version: { increment: 1 }, availabilityVersion: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this service's notice and horizon"));
    await recordAudit(
      actor,
      {
        action: "capacity.notice-horizon.set",
        entityType: "HealthcareService",
        entityId: serviceId,
        detail: { service: before.name, from: { minNoticeMinutes: before.minNoticeMinutes, maxAheadHours: before.maxAheadHours }, to: input },
      },
      tx,
    );
    return { version: version + 1 };
  });
}
