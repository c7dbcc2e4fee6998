import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { QuotaInput } from "./limit-inputs";

/**
 * Sets a per-organisation limit (keyed on the 111 organisation's ODS code). `version` is the quota's version
 * when changing one the clerk saw, or null when adding: adding one that someone else has just added is a
 * conflict, so nobody overwrites a limit they have not seen.
 */
export async function setQuota(serviceId: string, input: QuotaInput, version: number | null, actor: StaffActor): Promise<{ quotaId: string }> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
    const existing = await tx.consumerQuota.findUnique({ where: { serviceId_odsCode: { serviceId, odsCode: input.odsCode } } });
    const conflict = new VersionConflict(
      `Someone else changed the limit for ${input.odsCode} while you were looking at it. Check the limits below and try again.`,
      { odsCode: `Someone else changed the limit for ${input.odsCode}` },
    );
    let quotaId: string;
    if (existing) {
      if (version === null) throw conflict;
      const { count } = await bookable.consumerQuota.updateMany({
        where: { id: existing.id, version },
        data: { perHour: input.perHour, perDay: input.perDay, version: { increment: 1 } },
      });
      if (count !== 1) throw conflict;
      quotaId = existing.id;
    } else {
      if (version !== null) throw conflict; // it was removed meanwhile
      quotaId = (await bookable.consumerQuota.create({ data: { serviceId, odsCode: input.odsCode, perHour: input.perHour, perDay: input.perDay } })).id;
    }
    await recordAudit(
      actor,
      {
        action: "capacity.quota.set",
        entityType: "ConsumerQuota",
        entityId: quotaId,
        detail: { serviceId, service: service.name, odsCode: input.odsCode, from: existing ? { perHour: existing.perHour, perDay: existing.perDay } : null, to: { perHour: input.perHour, perDay: input.perDay } },
      },
      tx,
    );
    return { quotaId };
  });
}
