import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, VersionConflict } from "../errors";
import { londonToday } from "../time/london";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { BandPlacesInput } from "./capacity-inputs";
import { generateSlots } from "./generate-slots";
import { bookingsOnSlots } from "./list-bookings-affected";
import { reconcileAround } from "./remove-unmatched-slots";
import type { RuleChangeResult } from "./update-capacity-rule";
import { now as clockNow } from "../time/clock";

/**
 * "Add or remove places for this hour": on one London date, slots starting in the band get `perSlot` places
 * per slot time instead of the rules' number. Extra places are published at once; fewer places withdraw
 * free ones (booked places stay, and their bookings are returned for the clerk's worklist).
 */
export async function setBandPlaces(serviceId: string, input: BandPlacesInput, actor: StaffActor, now = clockNow()): Promise<RuleChangeResult> {
  assertCapacityStaff(actor);
  if (input.date < londonToday(now)) throw new InvalidInput("Date must be today or in the future", { date: "Date must be today or in the future" });
  const done = await db().$transaction(async (tx) => {
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
    const key = { serviceId_date_startTime: { serviceId, date: input.date, startTime: input.startTime } };
    const existing = await tx.capacityBandOverride.findUnique({ where: key });
    const conflict = new VersionConflict("Someone else changed the places for this hour while you were looking at it. Check the grid and try again.");
    const result = await reconcileAround(bookable, serviceId, now, async () => {
      if (existing) {
        if (input.version === null) throw conflict;
        const { count } = await bookable.capacityBandOverride.updateMany({
          where: { id: existing.id, version: input.version },
          data: { endTime: input.endTime, perSlot: input.perSlot, reason: input.reason, version: { increment: 1 } },
        });
        if (count !== 1) throw conflict;
      } else {
        if (input.version !== null) throw conflict;
        await bookable.capacityBandOverride.create({
          data: { serviceId, date: input.date, startTime: input.startTime, endTime: input.endTime, perSlot: input.perSlot, reason: input.reason, createdById: actor.id },
        });
      }
    });
    const affected = await bookingsOnSlots(result.newlyOutside, tx);
    await recordAudit(
      actor,
      {
        action: "capacity.band.set",
        entityType: "CapacityBandOverride",
        entityId: existing?.id ?? `${serviceId}/${input.date}/${input.startTime}`,
        reason: input.reason,
        detail: { serviceId, service: service.name, date: input.date, startTime: input.startTime, endTime: input.endTime, from: existing?.perSlot ?? null, to: input.perSlot, slotsRemoved: result.removed, bookingsAffected: affected.length },
      },
      tx,
    );
    return { removed: result.removed, affected };
  });
  const { created } = await generateSlots(now, serviceId);
  return { slotsCreated: created, slotsRemoved: done.removed, affected: done.affected };
}
