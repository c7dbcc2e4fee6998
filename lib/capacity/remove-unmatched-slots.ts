/**
 * After a rule or an override changes: bring the service's FUTURE slots back in line with its capacity.
 * Reducing capacity never loses a booking: only free generated places that no longer match any rule go;
 * a booked place that no longer matches stays (with its booking) and is reported for the clerk's worklist.
 * Call inside the transaction that changed the rule, after the change; then `generateSlots` adds new places.
 */
import { londonToday } from "../time/london";
import type { BookableTx } from "./availability-change";
import { expandSpecs, loadCapacitySpecs, placeKey } from "./capacity-specs";

/** Why a removed place that had a cancelled booking is kept as a blocked row (its history must stay). */
export const REMOVED_FROM_RULES = "No longer in the capacity rules";

export interface UnmatchedResult {
  /** Free places deleted, or kept as blocked because a cancelled booking refers to them. */
  removed: number;
  /** Places withdrawn earlier that match the rules again and are free once more. */
  restored: number;
  /** Booked places that no longer match any rule (the booking stands). */
  bookedSlotIds: string[];
}

export async function removeUnmatchedSlots(tx: BookableTx, serviceId: string, now: Date, opts: { dryRun?: boolean } = {}): Promise<UnmatchedResult> {
  const slots = await tx.slot.findMany({
    where: { serviceId, start: { gte: now } },
    select: { id: true, scheduleId: true, start: true, end: true, seq: true, status: true, ruleId: true, blockedReason: true },
    orderBy: { start: "asc" },
  });
  const result: UnmatchedResult = { removed: 0, restored: 0, bookedSlotIds: [] };
  if (slots.length === 0) return result;
  const specs = await loadCapacitySpecs(tx, serviceId, londonToday(now));
  const last = slots[slots.length - 1].start;
  const wanted = new Map(expandSpecs(specs, now, new Date(last.getTime() + 1)).map((s) => [placeKey(s), s.end.getTime()]));

  const toWithdraw: string[] = [];
  const toRestore: string[] = [];
  for (const s of slots) {
    const end = wanted.get(placeKey(s));
    const matches = end !== undefined && end === s.end.getTime();
    if (matches) {
      if (s.status === "blocked" && s.blockedReason === REMOVED_FROM_RULES) toRestore.push(s.id);
      continue;
    }
    if (s.status === "busy") result.bookedSlotIds.push(s.id);
    else if (s.status === "free" && s.ruleId !== null) toWithdraw.push(s.id);
  }
  if (opts.dryRun) return { removed: toWithdraw.length, restored: toRestore.length, bookedSlotIds: result.bookedSlotIds };
  if (toWithdraw.length) {
    // Places with a (cancelled) booking in their history are kept, withdrawn, so the history stays intact.
    const referenced = new Set(
      (await tx.appointment.findMany({ where: { slotId: { in: toWithdraw } }, select: { slotId: true }, distinct: ["slotId"] })).map((a) => a.slotId),
    );
    const deletable = toWithdraw.filter((id) => !referenced.has(id));
    const keep = toWithdraw.filter((id) => referenced.has(id));
    for (let i = 0; i < deletable.length; i += 500) {
      const { count } = await tx.slot.deleteMany({ where: { id: { in: deletable.slice(i, i + 500) }, status: "free" } });
      result.removed += count;
    }
    if (keep.length) {
      const { count } = await tx.slot.updateMany({
        where: { id: { in: keep }, status: "free" },
        data: { status: "blocked", blockedReason: REMOVED_FROM_RULES, version: { increment: 1 } },
      });
      result.removed += count;
    }
  }
  if (toRestore.length) {
    const { count } = await tx.slot.updateMany({
      where: { id: { in: toRestore }, status: "blocked", blockedReason: REMOVED_FROM_RULES },
      data: { status: "free", blockedReason: null, version: { increment: 1 } },
    });
    result.restored = count;
  }
  return result;
}

/**
 * Runs `change` (a rule or override change inside `tx`), then brings the slots in line. `newlyOutside` lists
 * the booked places that the change left outside the rules (not those already outside before it).
 */
export async function reconcileAround(tx: BookableTx, serviceId: string, now: Date, change: () => Promise<void>): Promise<UnmatchedResult & { newlyOutside: string[] }> {
  const before = new Set((await removeUnmatchedSlots(tx, serviceId, now, { dryRun: true })).bookedSlotIds);
  await change();
  const after = await removeUnmatchedSlots(tx, serviceId, now);
  return { ...after, newlyOutside: after.bookedSlotIds.filter((id) => !before.has(id)) };
}
