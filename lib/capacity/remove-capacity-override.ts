import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import { generateSlots } from "./generate-slots";
import { reconcileAround } from "./remove-unmatched-slots";
import { now as clockNow } from "../time/clock";

/** Removes a one-off date change: the weekly rules apply to that date again, and their places are published. */
export async function removeCapacityOverride(input: { overrideId: string; version: number }, actor: StaffActor, now = clockNow()): Promise<{ slotsCreated: number }> {
  assertCapacityStaff(actor);
  const serviceId = await db().$transaction(async (tx) => {
    const o = await tx.capacityOverride.findUnique({ where: { id: input.overrideId } });
    if (!o) throw new NotFound("That change has already been removed");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, o.serviceId);
    await reconcileAround(bookable, o.serviceId, now, async () => {
      const { count } = await bookable.capacityOverride.deleteMany({ where: { id: o.id, version: input.version } });
      if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this date change"));
    });
    await recordAudit(
      actor,
      { action: "capacity.override.remove", entityType: "CapacityOverride", entityId: o.id, detail: { serviceId: o.serviceId, service: service.name, date: o.date, kind: o.kind, was: o.reason } },
      tx,
    );
    return o.serviceId;
  });
  const { created } = await generateSlots(now, serviceId);
  return { slotsCreated: created };
}
