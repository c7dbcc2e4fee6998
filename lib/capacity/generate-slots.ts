import { db } from "../db/client";
import { londonParts } from "../time/london";
import { withAvailabilityChange } from "./availability-change";
import { expandSpecs, placeKey, specsOf } from "./capacity-specs";
import { insertFreeSlots } from "./insert-slots";
import { now as clockNow } from "../time/clock";

export interface GenerateResult {
  services: number;
  created: number;
}

/**
 * Makes the slots each active service's rules define over its rolling horizon (now → now + horizonHours).
 * Idempotent: a slot is identified by (schedule, start, place) and never created twice; existing slots,
 * booked or not, are never touched. Safe to run on several instances at once (the service row is locked).
 * Removing slots that no longer match the rules is not done here: see `remove-unmatched-slots.ts`.
 */
export async function generateSlots(now = clockNow(), onlyServiceId?: string): Promise<GenerateResult> {
  const firstDate = londonParts(now).date;
  const services = await db().healthcareService.findMany({
    where: { active: true, ...(onlyServiceId ? { id: onlyServiceId } : {}) },
    include: {
      rules: { where: { active: true } },
      overrides: { where: { date: { gte: firstDate } } },
      bandOverrides: { where: { date: { gte: firstDate } } },
    },
  });
  let created = 0;
  for (const service of services) {
    const from = now;
    const to = new Date(now.getTime() + service.horizonHours * 3600_000);
    const wanted = expandSpecs(specsOf(service.rules, service.overrides, service.bandOverrides), from, to);
    if (wanted.length === 0) continue;
    created += await db().$transaction(async (tx) => {
      // Lock the service row so two instances generating at once do not race.
      await tx.healthcareService.update({ where: { id: service.id }, data: { bookingSeq: { increment: 0 } } });
      const existing = await tx.slot.findMany({
        where: { serviceId: service.id, start: { gte: from, lt: to } },
        select: { scheduleId: true, start: true, seq: true },
      });
      const have = new Set(existing.map(placeKey));
      const missing = wanted.filter((s) => !have.has(placeKey(s)));
      // Most runs (on a timer) add nothing; bumping only when places are added keeps every instance's cache.
      if (missing.length === 0) return 0;
      const { tx: bookable } = await withAvailabilityChange(tx, service.id);
      return insertFreeSlots(bookable, missing, clockNow());
    });
  }
  await db().appState.upsert({
    where: { key: "slot-generation:last-run" },
    create: { key: "slot-generation:last-run", value: now.toISOString() },
    update: { value: now.toISOString() },
  });
  return { services: services.length, created };
}
