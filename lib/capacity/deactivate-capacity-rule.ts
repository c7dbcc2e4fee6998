import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { NotFound, VersionConflict } from "../errors";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import type { DeactivateCapacityRuleInput } from "./capacity-inputs";
import { bookingsOnSlots } from "./list-bookings-affected";
import { reconcileAround } from "./remove-unmatched-slots";
import type { RuleChangeResult } from "./update-capacity-rule";
import { now as clockNow } from "../time/clock";

/**
 * Stops a weekly rule. Its free future places are withdrawn unless another rule still has them; booked
 * places stay with their bookings, which are returned for the clerk's worklist.
 */
export async function deactivateCapacityRule(input: DeactivateCapacityRuleInput, actor: StaffActor, now = clockNow()): Promise<RuleChangeResult> {
  assertCapacityStaff(actor);
  return db().$transaction(async (tx) => {
    const rule = await tx.capacityRule.findUnique({ where: { id: input.ruleId } });
    if (!rule) throw new NotFound("That rule no longer exists");
    if (!rule.active) throw new VersionConflict("This rule was already deactivated by someone else.");
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, rule.serviceId);
    const result = await reconcileAround(bookable, rule.serviceId, now, async () => {
      const { count } = await bookable.capacityRule.updateMany({ where: { id: rule.id, version: input.version, active: true }, data: { active: false, version: { increment: 1 } } });
      if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this rule"));
    });
    const affected = await bookingsOnSlots(result.newlyOutside, tx);
    await recordAudit(
      actor,
      { action: "capacity.rule.deactivate", entityType: "CapacityRule", entityId: rule.id, detail: { serviceId: rule.serviceId, service: service.name, name: rule.name, slotsRemoved: result.removed, bookingsAffected: affected.length } },
      tx,
    );
    return { slotsCreated: 0, slotsRemoved: result.removed, affected };
  });
}
