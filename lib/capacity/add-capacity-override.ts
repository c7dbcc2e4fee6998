import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { formatLondonDate, londonToday } from "../time/london";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { CapacityOverrideInput } from "./capacity-inputs";
import { generateSlots } from "./generate-slots";
import { bookingsOnSlots } from "./list-bookings-affected";
import { reconcileAround } from "./remove-unmatched-slots";
import type { RuleChangeResult } from "./update-capacity-rule";
import { now as clockNow } from "../time/clock";

/**
 * A one-off change for one London date: closed all day, or open only between different hours (the
 * rules' slot lengths and places stay). Free places outside it are withdrawn; booked ones stay and are
 * returned for the clerk's worklist.
 */
export async function addCapacityOverride(serviceId: string, input: CapacityOverrideInput, actor: StaffActor, now = clockNow()): Promise<RuleChangeResult & { overrideId: string }> {
  assertCapacityStaff(actor);
  if (input.date < londonToday(now)) throw new InvalidInput("Date must be today or in the future", { date: "Date must be today or in the future" });
  const done = await db().$transaction(async (tx) => {
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
    const existing = await tx.capacityOverride.findUnique({ where: { serviceId_date: { serviceId, date: input.date } } });
    if (existing) {
      const message = `There is already a change for ${formatLondonDate(input.date)}. Remove it first, then add the new one.`;
      throw new InvalidInput(message, { date: message });
    }
    let overrideId = "";
    const result = await reconcileAround(bookable, serviceId, now, async () => {
      const o = await bookable.capacityOverride.create({
        data: { serviceId, date: input.date, kind: input.kind, startTime: input.startTime, endTime: input.endTime, reason: input.reason, createdById: actor.id },
      });
      overrideId = o.id;
    });
    const affected = await bookingsOnSlots(result.newlyOutside, tx);
    await recordAudit(
      actor,
      {
        action: "capacity.override.add",
        entityType: "CapacityOverride",
        entityId: overrideId,
        reason: input.reason,
        detail: { serviceId, service: service.name, date: input.date, kind: input.kind, startTime: input.startTime, endTime: input.endTime, slotsRemoved: result.removed, bookingsAffected: affected.length },
      },
      tx,
    );
    return { overrideId, removed: result.removed, affected };
  });
  const { created } = await generateSlots(now, serviceId);
  return { overrideId: done.overrideId, slotsCreated: created, slotsRemoved: done.removed, affected: done.affected };
}
