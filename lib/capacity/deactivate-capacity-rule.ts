import { db, type Tx } from "../db/client";
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
  return db().$transaction((tx) => stopInTx(tx, input, actor, now));
}

/** Thrown to roll the preview's transaction back, carrying what stopping would do. */
class PreviewOnly extends Error {
  constructor(readonly result: RuleChangeResult) {
    super("preview");
  }
}

/**
 * What stopping the rule would do now, for the clerk to confirm: the same steps in a transaction that is rolled
 * back, so the free places withdrawn and the bookings left outside the rules are exactly those the stop would give.
 */
export async function previewStopCapacityRule(input: DeactivateCapacityRuleInput, actor: StaffActor, now = clockNow()): Promise<RuleChangeResult> {
  assertCapacityStaff(actor);
  try {
    await db().$transaction(async (tx) => {
      throw new PreviewOnly(await stopInTx(tx, input, actor, now));
    });
  } catch (e) {
    if (e instanceof PreviewOnly) return e.result;
    throw e;
  }
  throw new Error("unreachable");
}

async function stopInTx(tx: Tx, input: DeactivateCapacityRuleInput, actor: StaffActor, now: Date): Promise<RuleChangeResult> {
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
}
