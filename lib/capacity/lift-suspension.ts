import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { DomainError, NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import { now as clockNow } from "../time/clock";

export const liftSuspensionInput = z.object({
  suspensionId: z.string().trim().min(1, "Select the suspension to lift"),
  version: z.coerce.number().int(),
});
export type LiftSuspensionInput = z.infer<typeof liftSuspensionInput>;

export interface LiftResult {
  /** Another suspension still in force now (made before overlaps were refused): bookings are not open yet. */
  stillSuspended: { endsAt: Date; reason: string } | null;
}

/** "Reopen now": ends a suspension early. Slots it hid are offered again at once, unless another suspension still stops them. */
export async function liftSuspension(input: LiftSuspensionInput, actor: StaffActor, now = clockNow()): Promise<LiftResult> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const s = await tx.suspension.findUnique({ where: { id: input.suspensionId } });
    if (!s) throw new NotFound("That suspension no longer exists");
    if (s.liftedAt) throw new VersionConflict("These bookings were already reopened by someone else.");
    if (s.endsAt <= now) throw new DomainError("This suspension has already ended: bookings are open again.");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, s.serviceId);
    const { count } = await bookable.suspension.updateMany({
      where: { id: s.id, version: input.version, liftedAt: null },
      data: { liftedAt: now, liftedById: actor.id, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this suspension while you were looking at it. Check the list and try again.");
    await recordAudit(
      actor,
      {
        action: "capacity.suspension.lift",
        entityType: "Suspension",
        entityId: s.id,
        reason: "Reopened early",
        detail: { serviceId: s.serviceId, service: service.name, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), suspendedFor: s.reason },
      },
      tx,
    );
    const other = await tx.suspension.findFirst({
      where: { serviceId: s.serviceId, liftedAt: null, startsAt: { lte: now }, endsAt: { gt: now } },
      orderBy: { endsAt: "desc" },
      select: { endsAt: true, reason: true },
    });
    return { stillSuspended: other };
  });
}
