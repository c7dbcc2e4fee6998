import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { londonToday } from "../time/london";
import { now as clockNow } from "../time/clock";
import { withAvailabilityChange } from "./availability-change";
import { assertCapacityStaff, CONFLICT_MESSAGE } from "./clerk-guard";
import type { DeactivateCapacityRuleInput } from "./capacity-inputs";
import { generateSlots } from "./generate-slots";
import { removeUnmatchedSlots } from "./remove-unmatched-slots";
import { parseDaysOfWeek } from "./expand-rules";
import { assertNoOverlap } from "./rule-checks";

/**
 * Puts a stopped weekly rule back in use, as it was: its places are published to 111 again at once over the
 * service's horizon (places withdrawn when it stopped, and still free, are offered again). A rule that would now
 * overlap one in use, or whose end date has passed, is refused with what to do instead.
 */
export async function restartCapacityRule(input: DeactivateCapacityRuleInput, actor: StaffActor, now = clockNow()): Promise<{ slotsCreated: number; name: string }> {
  assertCapacityStaff(actor);
  const rule = await db().$transaction(async (tx) => {
    const r = await tx.capacityRule.findUnique({ where: { id: input.ruleId } });
    if (!r) throw new NotFound("That rule no longer exists");
    if (r.active) throw new VersionConflict("This rule is already in use: someone restarted it.");
    if (r.effectiveTo && r.effectiveTo < londonToday(now)) throw new InvalidInput(`This rule ended on ${r.effectiveTo}: add a new rule instead`);
    const { tx: bookable, services: [service] } = await withAvailabilityChange(tx, r.serviceId);
    const days = parseDaysOfWeek(r.daysOfWeek);
    await assertNoOverlap(tx, { scheduleId: r.scheduleId, name: r.name, days, startTime: r.startTime, endTime: r.endTime, slotMinutes: r.slotMinutes, perSlot: r.perSlot, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo }, r.id);
    const { count } = await bookable.capacityRule.updateMany({ where: { id: r.id, version: input.version, active: false }, data: { active: true, version: { increment: 1 } } });
    if (count !== 1) throw new VersionConflict(CONFLICT_MESSAGE("this rule"));
    await removeUnmatchedSlots(bookable, r.serviceId, now);
    await recordAudit(actor, { action: "capacity.rule.restart", entityType: "CapacityRule", entityId: r.id, detail: { serviceId: r.serviceId, service: service.name, name: r.name } }, tx);
    return r;
  });
  const { created } = await generateSlots(now, rule.serviceId);
  return { slotsCreated: created, name: rule.name };
}
