import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff } from "./clerk-guard";
import type { CapacityRuleInput } from "./capacity-inputs";
import { generateSlots } from "./generate-slots";
import { removeUnmatchedSlots } from "./remove-unmatched-slots";
import { assertNoOverlap, assertNotInPast, assertScheduleOfService } from "./rule-checks";
import { now as clockNow } from "../time/clock";

/** Adds a weekly capacity rule (London wall-clock) and publishes its slots over the service's horizon at once. */
export async function createCapacityRule(serviceId: string, input: CapacityRuleInput, actor: StaffActor, now = clockNow()): Promise<{ ruleId: string; slotsCreated: number }> {
  assertCapacityStaff(actor);
  assertNotInPast(input.effectiveFrom, now);
  const ruleId = await db().$transaction(async (tx) => {
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, serviceId);
    await assertScheduleOfService(tx, input.scheduleId, serviceId);
    await assertNoOverlap(tx, input, null);
    const rule = await bookable.capacityRule.create({
      data: {
        serviceId,
        scheduleId: input.scheduleId,
        name: input.name,
        daysOfWeek: input.days.join(","),
        startTime: input.startTime,
        endTime: input.endTime,
        slotMinutes: input.slotMinutes,
        perSlot: input.perSlot,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo,
        createdById: actor.id,
      },
    });
    // Places withdrawn earlier that this rule covers again become free.
    await removeUnmatchedSlots(bookable, serviceId, now);
    await recordAudit(actor, { action: "capacity.rule.create", entityType: "CapacityRule", entityId: rule.id, detail: { serviceId, service: service.name, rule: input } }, tx);
    return rule.id;
  });
  const { created } = await generateSlots(now, serviceId);
  return { ruleId, slotsCreated: created };
}
