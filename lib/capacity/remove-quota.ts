import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";

export const removeQuotaInput = z.object({ quotaId: z.string().trim().min(1), version: z.coerce.number().int() });
export type RemoveQuotaInput = z.infer<typeof removeQuotaInput>;

/** Removes a per-organisation limit: that organisation is then limited only by the service's own limits. */
export async function removeQuota(input: RemoveQuotaInput, actor: StaffActor): Promise<void> {
  assertCapacityStaff(actor);
  await db().$transaction(async (tx) => {
    const q = await tx.consumerQuota.findUnique({ where: { id: input.quotaId } });
    if (!q) throw new NotFound("That limit has already been removed");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, q.serviceId);
    const { count } = await bookable.consumerQuota.deleteMany({ where: { id: q.id, version: input.version } });
    if (count !== 1) throw new VersionConflict(`Someone else changed the limit for ${q.odsCode} while you were looking at it. Check it and try again.`);
    await recordAudit(
      actor,
      { action: "capacity.quota.remove", entityType: "ConsumerQuota", entityId: q.id, detail: { serviceId: q.serviceId, service: service.name, odsCode: q.odsCode, was: { perHour: q.perHour, perDay: q.perDay } } },
      tx,
    );
  });
}
