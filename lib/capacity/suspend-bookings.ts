import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import { listBookingsAffected, type AffectedBooking } from "./list-bookings-affected";
import { now as clockNow } from "../time/clock";
import { InvalidInput } from "../errors";
import { formatLondonDateTime } from "../time/london";
import { suspendedUntil, type SuspensionToSave } from "./limit-inputs";

function overlapMessage(s: { startsAt: Date; endsAt: Date; reason: string }, now: Date): string {
  const when = s.startsAt <= now ? "Bookings are already suspended" : `Bookings are already suspended from ${formatLondonDateTime(s.startsAt)}`;
  return `${when} ${suspendedUntil(s.endsAt)} (${s.reason}). Nothing was changed. To change the time, reopen that suspension first, then suspend again.`;
}

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
    // One state, shown once: a second suspension over the same time would leave two things to reopen, and
    // "Reopen now" on one would say bookings are open while the other still stops them (read after the lock).
    const overlapping = await tx.suspension.findFirst({
      where: { serviceId, liftedAt: null, endsAt: { gt: input.startsAt > now ? input.startsAt : now }, startsAt: { lt: input.endsAt } },
      orderBy: { startsAt: "asc" },
    });
    if (overlapping) throw new InvalidInput(overlapMessage(overlapping, now), {});
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
