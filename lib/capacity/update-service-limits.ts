import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";

type LimitFields = { capPerHour?: number | null; capPerDay?: number | null; minNoticeMinutes?: number; maxAheadHours?: number | null };

/**
 * Changes some of a service's own limits, if nobody changed the service since `version` was read. Takes effect at
 * once for 111 (availabilityVersion) and is audited with the values before and after.
 */
export async function updateServiceLimits(
  serviceId: string,
  version: number,
  fields: LimitFields,
  audit: { action: string; what: string },
  actor: StaffActor,
): Promise<{ version: number }> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const before = await tx.healthcareService.findUnique({ where: { id: serviceId } });
    if (!before) throw new NotFound("Service not found");
    const { tx: bookable } = await withAvailabilityChange(tx, serviceId);
    const { count } = await bookable.healthcareService.updateMany({
      where: { id: serviceId, version },
      data: { ...fields, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE(audit.what));
    const from = Object.fromEntries(Object.keys(fields).map((k) => [k, before[k as keyof LimitFields]]));
    await recordAudit(actor, { action: audit.action, entityType: "HealthcareService", entityId: serviceId, detail: { service: before.name, from, to: fields } }, tx);
    return { version: version + 1 };
  });
}
