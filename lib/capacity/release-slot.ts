import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { formatLondonDateTime } from "../time/london";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { ReleaseSlotInput } from "./capacity-inputs";

/** Returns a blocked place to free: 111 can be offered it again (subject to the other limits). */
export async function releaseSlot(input: ReleaseSlotInput, actor: StaffActor): Promise<void> {
  assertCapacityStaff(actor);
  await db().$transaction(async (tx) => {
    const slot = await tx.slot.findUnique({ where: { id: input.slotId } });
    if (!slot) throw new NotFound("That place no longer exists");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, slot.serviceId);
    if (slot.status !== "blocked") throw new VersionConflict("This place is not blocked any more: someone else has changed it.");
    const { count } = await bookable.slot.updateMany({
      where: { id: slot.id, version: input.version, status: "blocked" },
      data: { status: "free", blockedReason: null, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this place while you were looking at it. Check the grid and try again.");
    await recordAudit(
      actor,
      { action: "capacity.slot.release", entityType: "Slot", entityId: slot.id, detail: { serviceId: slot.serviceId, service: service.name, start: slot.start.toISOString(), at: formatLondonDateTime(slot.start), place: slot.seq + 1, wasBlockedFor: slot.blockedReason } },
      tx,
    );
  });
}
