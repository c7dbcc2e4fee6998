import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedIfEmpty } from "./seed-if-empty";
import { addDays, londonToday, startOfLondonDay } from "../time/london";

async function freeSlotsInWindow(dosId: string, from: Date, to: Date) {
  const dos = await db().dosServiceId.findUniqueOrThrow({ where: { value: dosId }, include: { schedules: true } });
  return db().slot.count({ where: { scheduleId: { in: dos.schedules.map((s) => s.scheduleId) }, status: "free", start: { gte: from, lt: to } } });
}

describe("assurance seed", () => {
  it("has the services and free slots the NHS test tool expects, tomorrow 00:00 to +4 days", async () => {
    expect(await seedIfEmpty(db(), "assurance")).toBe("seeded");
    const today = londonToday();
    const from = startOfLondonDay(addDays(today, 1));
    const to = startOfLondonDay(addDays(today, 4));
    expect(await freeSlotsInWindow("999999999", from, to)).toBeGreaterThanOrEqual(60);
    // The BaRS tool's window is three days from tomorrow 00:00: at least 150 free, none starting 00:00–01:00 or
    // 03:00–04:00 London time (its "no slots" search looks there).
    const barsTo = startOfLondonDay(addDays(today, 4));
    expect(await freeSlotsInWindow("999999999", from, barsTo)).toBeGreaterThanOrEqual(150);
    const dos = await db().dosServiceId.findUniqueOrThrow({ where: { value: "999999999" }, include: { schedules: true } });
    const slots = await db().slot.findMany({ where: { scheduleId: { in: dos.schedules.map((s) => s.scheduleId) } }, select: { id: true, start: true } });
    const londonHour = (d: Date) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(d));
    expect(slots.filter((s) => [0, 3].includes(londonHour(s.start)))).toEqual([]);
    expect(slots.every((s) => /^[0-9a-f-]{36}$/.test(s.id))).toBe(true);
    expect(await freeSlotsInWindow("999999993", from, to)).toBeGreaterThanOrEqual(20);
    expect(await freeSlotsInWindow("999999998", from, to)).toBe(0);
    const sched = await db().schedule.findFirstOrThrow({
      where: { dosLinks: { some: { dos: { value: "999999999" } } } },
      include: { practitioner: true, practitionerRole: true },
    });
    expect(sched.practitionerRole?.id).toBe(sched.practitioner?.sdsRoleProfileId);
    expect(await db().consumerOrganisation.count({ where: { odsCode: "GPCA0001" } })).toBe(1);
    expect(await db().consumerSystem.count({ where: { asid: "918999198993" } })).toBe(1);
  });
});
