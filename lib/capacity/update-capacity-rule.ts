import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import type { UpdateCapacityRuleInput } from "./capacity-inputs";
import { generateSlots } from "./generate-slots";
import { bookingsOnSlots, type AffectedBooking } from "./list-bookings-affected";
import { reconcileAround } from "./remove-unmatched-slots";
import { assertNoOverlap, assertNotInPast, assertScheduleOfService } from "./rule-checks";
import { now as clockNow } from "../time/clock";

export interface RuleChangeResult {
  slotsCreated: number;
  slotsRemoved: number;
  /** Bookings in places the rules no longer have: they stand, for the clerk to review. */
  affected: AffectedBooking[];
}

/**
 * Changes a weekly rule. Free future places the rules no longer have are withdrawn, new ones published;
 * booked places are never touched (their bookings are returned for the clerk's worklist).
 */
export async function updateCapacityRule(input: UpdateCapacityRuleInput, actor: StaffActor, now = clockNow()): Promise<RuleChangeResult> {
  assertCapacityStaff(actor);
  const { serviceId, removed, affected } = await db().$transaction(async (tx) => {
    const before = await tx.capacityRule.findUnique({ where: { id: input.ruleId } });
    if (!before) throw new NotFound("That rule no longer exists");
    if (!before.active) throw new InvalidInput("This rule has been deactivated, so it cannot be changed. Add a new rule instead.");
    if (input.effectiveFrom !== before.effectiveFrom) assertNotInPast(input.effectiveFrom, now);
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, before.serviceId);
    await assertScheduleOfService(tx, input.scheduleId, before.serviceId);
    await assertNoOverlap(tx, input, before.id);
    const result = await reconcileAround(bookable, before.serviceId, now, async () => {
      const { count } = await bookable.capacityRule.updateMany({
        where: { id: before.id, version: input.version, active: true },
        data: {
          scheduleId: input.scheduleId,
          name: input.name,
          daysOfWeek: input.days.join(","),
          startTime: input.startTime,
          endTime: input.endTime,
          slotMinutes: input.slotMinutes,
          perSlot: input.perSlot,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo,
          version: { increment: 1 },
        },
      });
      if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this rule"));
    });
    const affected = await bookingsOnSlots(result.newlyOutside, tx);
    const { ruleId, version, ...to } = input;
    await recordAudit(
      actor,
      {
        action: "capacity.rule.update",
        entityType: "CapacityRule",
        entityId: ruleId,
        detail: {
          serviceId: before.serviceId,
          service: service.name,
          version,
          from: { name: before.name, days: before.daysOfWeek, startTime: before.startTime, endTime: before.endTime, slotMinutes: before.slotMinutes, perSlot: before.perSlot, effectiveFrom: before.effectiveFrom, effectiveTo: before.effectiveTo },
          to,
          slotsRemoved: result.removed,
          bookingsAffected: affected.length,
        },
      },
      tx,
    );
    return { serviceId: before.serviceId, removed: result.removed, affected };
  });
  const { created } = await generateSlots(now, serviceId);
  return { slotsCreated: created, slotsRemoved: removed, affected };
}
