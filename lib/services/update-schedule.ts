import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "../capacity/availability-change";
import { assertAdmin, assertPractitioner } from "./service-guard";
import type { UpdateScheduleInput } from "./service-inputs";

/** Renames a schedule, sets its practitioner and role, or takes it out of use (111 then sees none of its slots). */
export async function updateSchedule(input: UpdateScheduleInput, actor: StaffActor): Promise<void> {
  assertAdmin(actor);
  await db().$transaction(async (tx) => {
    const before = await tx.schedule.findUnique({ where: { id: input.scheduleId } });
    if (!before) throw new NotFound("Schedule not found");
    await assertPractitioner(tx, input.practitionerId, input.practitionerRoleId);
    const { tx: bookable } = await withAvailabilityChange(tx, before.serviceId);
    const { count } = await bookable.schedule.updateMany({
      where: { id: before.id, version: input.version },
      data: { name: input.name, practitionerId: input.practitionerId, practitionerRoleId: input.practitionerRoleId, active: input.active, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this schedule while you were looking at it. Check the details and try again.");
    await recordAudit(
      actor,
      { action: "service.schedule.update", entityType: "Schedule", entityId: before.id, detail: { from: { name: before.name, practitionerId: before.practitionerId, practitionerRoleId: before.practitionerRoleId, active: before.active }, to: input } },
      tx,
    );
  });
}
