import { db } from "../db/client";
import { expandRules, parseDaysOfWeek, type OverrideSpec, type RuleSpec } from "./expand-rules";
import { londonParts } from "../time/london";

export interface GenerateResult {
  services: number;
  created: number;
}

/**
 * Makes the slots each active service's rules define over its rolling horizon (now → now + horizonHours).
 * Idempotent: a slot is identified by (schedule, start, place) and never created twice; existing slots,
 * booked or not, are never touched. Safe to run on several instances at once (the service row is locked).
 */
export async function generateSlots(now = new Date(), onlyServiceId?: string): Promise<GenerateResult> {
  const services = await db().healthcareService.findMany({
    where: { active: true, ...(onlyServiceId ? { id: onlyServiceId } : {}) },
    include: { rules: { where: { active: true } }, overrides: true },
  });
  let created = 0;
  for (const service of services) {
    const from = now;
    const to = new Date(now.getTime() + service.horizonHours * 3600_000);
    const rules: RuleSpec[] = service.rules.map((r) => ({
      id: r.id,
      serviceId: r.serviceId,
      scheduleId: r.scheduleId,
      daysOfWeek: parseDaysOfWeek(r.daysOfWeek),
      startTime: r.startTime,
      endTime: r.endTime,
      slotMinutes: r.slotMinutes,
      perSlot: r.perSlot,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
    }));
    const firstDate = londonParts(from).date;
    const overrides: OverrideSpec[] = service.overrides
      .filter((o) => o.date >= firstDate)
      .map((o) => ({ date: o.date, kind: o.kind === "closed" ? "closed" : "hours", startTime: o.startTime, endTime: o.endTime, slotMinutes: o.slotMinutes, perSlot: o.perSlot }));
    const wanted = expandRules(rules, overrides, from, to);
    if (wanted.length === 0) continue;
    created += await db().$transaction(async (tx) => {
      // Lock the service row so two instances generating at once do not race.
      await tx.healthcareService.update({ where: { id: service.id }, data: { bookingSeq: { increment: 0 } } });
      const existing = await tx.slot.findMany({
        where: { serviceId: service.id, start: { gte: from, lt: to } },
        select: { scheduleId: true, start: true, seq: true },
      });
      const have = new Set(existing.map((s) => `${s.scheduleId}|${s.start.getTime()}|${s.seq}`));
      const missing = wanted.filter((s) => !have.has(`${s.scheduleId}|${s.start.getTime()}|${s.seq}`));
      if (missing.length === 0) return 0;
      for (let i = 0; i < missing.length; i += 500) {
        await tx.slot.createMany({ data: missing.slice(i, i + 500).map((s) => ({ ...s, status: "free" })) });
      }
      await tx.healthcareService.update({ where: { id: service.id }, data: { availabilityVersion: { increment: 1 } } });
      return missing.length;
    });
  }
  await db().appState.upsert({
    where: { key: "slot-generation:last-run" },
    create: { key: "slot-generation:last-run", value: now.toISOString() },
    update: { value: now.toISOString() },
  });
  return { services: services.length, created };
}
