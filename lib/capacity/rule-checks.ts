/**
 * Checks on a weekly rule that need the database: the schedule belongs to the service, no overlap with
 * another active rule of the same schedule, and a new rule does not start in the past.
 */
import type { Tx } from "../db/client";
import { InvalidInput } from "../errors";
import { londonToday } from "../time/london";
import { describeDays, minutesOf, type CapacityRuleInput } from "./capacity-inputs";
import { parseDaysOfWeek } from "./expand-rules";

export async function assertScheduleOfService(tx: Tx, scheduleId: string, serviceId: string): Promise<void> {
  const schedule = await tx.schedule.findUnique({ where: { id: scheduleId }, select: { serviceId: true, active: true } });
  if (!schedule || schedule.serviceId !== serviceId || !schedule.active) {
    throw new InvalidInput("Select a schedule of this service", { scheduleId: "Select a schedule of this service" });
  }
}

export function assertNotInPast(effectiveFrom: string, now: Date): void {
  if (effectiveFrom < londonToday(now)) {
    const message = "Start date must be today or in the future";
    throw new InvalidInput(message, { effectiveFrom: message });
  }
}

/** Two rules overlap when they share a day of the week, a time band and a date in their effective ranges. */
export async function assertNoOverlap(tx: Tx, rule: CapacityRuleInput, exceptRuleId: string | null): Promise<void> {
  const others = await tx.capacityRule.findMany({
    where: { scheduleId: rule.scheduleId, active: true, ...(exceptRuleId ? { id: { not: exceptRuleId } } : {}) },
  });
  const start = minutesOf(rule.startTime);
  const end = minutesOf(rule.endTime);
  for (const o of others) {
    const days = parseDaysOfWeek(o.daysOfWeek);
    if (!days.some((d) => rule.days.includes(d))) continue;
    if (!(start < minutesOf(o.endTime) && minutesOf(o.startTime) < end)) continue;
    const datesOverlap = (o.effectiveTo === null || rule.effectiveFrom <= o.effectiveTo) && (rule.effectiveTo === null || o.effectiveFrom <= rule.effectiveTo);
    if (!datesOverlap) continue;
    const message = `These times overlap the rule "${o.name}" (${describeDays(days)}, ${o.startTime} to ${o.endTime}). Change the days or times, or deactivate that rule first.`;
    throw new InvalidInput(message, { startTime: message });
  }
}
