/**
 * Stopping a weekly rule is asked first with exactly what it would do (a rolled-back run of the same steps), and a
 * stopped rule can be restarted, publishing its places again. Tuesday 24 Nov 2026, 09:00 London (GMT).
 */
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { InvalidInput, VersionConflict } from "../errors";
import { book, CLERK, freeStarts, makeService, patient, slotAt } from "../testing/capacity-fixtures";
import { deactivateCapacityRule, previewStopCapacityRule } from "./deactivate-capacity-rule";
import { restartCapacityRule } from "./restart-capacity-rule";
import { createCapacityRule } from "./create-capacity-rule";
import { capacityRuleInput } from "./capacity-inputs";

const NOW = new Date("2026-11-24T09:00:00Z");

async function rule(serviceId: string) {
  return db().capacityRule.findFirstOrThrow({ where: { serviceId } });
}

describe("stopping and restarting a weekly rule", () => {
  it("previews a stop exactly (free places withdrawn, bookings in its places) and changes nothing", async () => {
    const s = await makeService(NOW);
    const booked = await book((await slotAt(s.serviceId, "2026-11-24T15:00:00.000Z")).id, "NR1", patient(2), NOW);
    const r0 = await rule(s.serviceId);
    const freeBefore = await freeStarts(s.dosId, null, NOW);
    const slotsBefore = await db().slot.count({ where: { serviceId: s.serviceId } });
    const version = (await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).availabilityVersion;

    const preview = await previewStopCapacityRule({ ruleId: r0.id, version: r0.version }, CLERK, NOW);
    expect(preview.affected.map((a) => a.appointmentId)).toEqual([booked.appointmentId]);
    expect(preview.slotsRemoved).toBeGreaterThan(0);
    expect(await rule(s.serviceId)).toMatchObject({ active: true, version: r0.version });
    expect(await freeStarts(s.dosId, null, NOW)).toEqual(freeBefore);
    expect(await db().slot.count({ where: { serviceId: s.serviceId } })).toBe(slotsBefore);
    expect((await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).availabilityVersion).toBe(version);
    expect(await db().auditEvent.count({ where: { action: "capacity.rule.deactivate" } })).toBe(0);

    // The stop does what the preview said.
    const stopped = await deactivateCapacityRule({ ruleId: r0.id, version: r0.version }, CLERK, NOW);
    expect({ removed: stopped.slotsRemoved, affected: stopped.affected.map((a) => a.appointmentId) }).toEqual({ removed: preview.slotsRemoved, affected: [booked.appointmentId] });
  });

  it("restarts a stopped rule: its places are offered to 111 again, audited; a second restart is a conflict", async () => {
    const s = await makeService(NOW);
    const r0 = await rule(s.serviceId);
    const freeBefore = await freeStarts(s.dosId, null, NOW);
    expect(freeBefore.length).toBeGreaterThan(0);
    await deactivateCapacityRule({ ruleId: r0.id, version: r0.version }, CLERK, NOW);
    expect(await freeStarts(s.dosId, null, NOW)).toEqual([]);
    const stopped = await rule(s.serviceId);

    const r = await restartCapacityRule({ ruleId: stopped.id, version: stopped.version }, CLERK, NOW);
    expect(r.name).toBe(r0.name);
    expect(await freeStarts(s.dosId, null, NOW)).toEqual(freeBefore);
    expect(await rule(s.serviceId)).toMatchObject({ active: true, version: stopped.version + 1 });
    expect(await db().auditEvent.count({ where: { action: "capacity.rule.restart", entityId: r0.id, actorId: CLERK.id } })).toBe(1);
    await expect(restartCapacityRule({ ruleId: stopped.id, version: stopped.version }, CLERK, NOW)).rejects.toBeInstanceOf(VersionConflict);
  });

  it("refuses to restart a rule that now overlaps one in use, changing nothing", async () => {
    const s = await makeService(NOW);
    const r0 = await rule(s.serviceId);
    await deactivateCapacityRule({ ruleId: r0.id, version: r0.version }, CLERK, NOW);
    const stopped = await rule(s.serviceId);
    const days = stopped.daysOfWeek.split(",").map(Number);
    await createCapacityRule(
      s.serviceId,
      capacityRuleInput.parse({ scheduleId: stopped.scheduleId, name: "Replacement", days, startTime: stopped.startTime, endTime: stopped.endTime, slotMinutes: "30", perSlot: "1", effectiveFrom: "2026-11-24", effectiveTo: "" }),
      CLERK,
      NOW,
    );
    await expect(restartCapacityRule({ ruleId: stopped.id, version: stopped.version }, CLERK, NOW)).rejects.toBeInstanceOf(InvalidInput);
    expect((await db().capacityRule.findUniqueOrThrow({ where: { id: stopped.id } })).active).toBe(false);
  });
});
