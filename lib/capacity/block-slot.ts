import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { formatLondonDateTime } from "../time/london";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { BlockSlotInput } from "./capacity-inputs";
import type { AffectedBooking } from "./list-bookings-affected";

export const BOOKED_CANNOT_BE_BLOCKED = "This place is booked, so it cannot be blocked. The booking stands: contact the patient if they need to come at another time.";

/**
 * Withdraws one free place (111 stops being offered it at once). A booked place is never blocked: the
 * booking would silently stand in a place the department said it cannot honour. `affected` is therefore
 * always empty; it is returned so every capacity reduction answers the same way.
 */
export async function blockSlot(input: BlockSlotInput, actor: StaffActor): Promise<{ affected: AffectedBooking[] }> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const slot = await tx.slot.findUnique({ where: { id: input.slotId } });
    if (!slot) throw new NotFound("That place no longer exists");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, slot.serviceId);
    const booked = slot.status === "busy" || (await tx.appointment.count({ where: { activeSlotId: slot.id } })) > 0;
    if (booked) throw new InvalidInput(BOOKED_CANNOT_BE_BLOCKED, { reason: BOOKED_CANNOT_BE_BLOCKED });
    if (slot.status === "blocked") throw new VersionConflict("This place was already blocked by someone else.");
    const { count } = await bookable.slot.updateMany({
      where: { id: slot.id, version: input.version, status: "free" },
      data: { status: "blocked", blockedReason: input.reason, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this place while you were looking at it. Check the grid and try again.");
    await recordAudit(
      actor,
      { action: "capacity.slot.block", entityType: "Slot", entityId: slot.id, reason: input.reason, detail: { serviceId: slot.serviceId, service: service.name, start: slot.start.toISOString(), at: formatLondonDateTime(slot.start), place: slot.seq + 1 } },
      tx,
    );
    return { affected: [] };
  });
}
