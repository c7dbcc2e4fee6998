import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { SuspensionToSave } from "./limit-inputs";
import { listBookingsAffected, type AffectedBooking } from "./list-bookings-affected";
import { now as clockNow } from "../time/clock";

export interface SuspendResult {
  suspensionId: string;
  startsAt: Date;
  endsAt: Date;
  /** Bookings already made into the suspended time: they stand; the clerk may want to contact them. */
  affected: AffectedBooking[];
}

/**
 * The surge switch: from `startsAt` to `endsAt` (or until lifted) no new booking is offered or accepted.
 * Takes effect at once for the slot search and for every booking still in flight (both read the service
 * row this locks). Existing bookings are never cancelled: they are returned for the clerk's worklist.
 * `input` comes from `suspensionInput(now)`.
 */
export async function suspendBookings(serviceId: string, input: SuspensionToSave, actor: StaffActor, now = clockNow()): Promise<SuspendResult> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
    const s = await bookable.suspension.create({
      data: { serviceId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, createdById: actor.id, createdAt: now },
    });
    const from = input.startsAt > now ? input.startsAt : now;
    const affected = await listBookingsAffected(serviceId, from, input.endsAt, tx);
    await recordAudit(
      actor,
      {
        action: "capacity.suspend",
        entityType: "Suspension",
        entityId: s.id,
        reason: input.reason,
        detail: {
          serviceId,
          service: service.name,
          startsAt: input.startsAt.toISOString(),
          endsAt: input.reopensAutomatically ? input.endsAt.toISOString() : "until lifted",
          bookingsAffected: affected.length,
        },
      },
      tx,
    );
    return { suspensionId: s.id, startsAt: s.startsAt, endsAt: s.endsAt, affected };
  });
}
