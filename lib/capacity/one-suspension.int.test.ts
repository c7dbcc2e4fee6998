/**
 * One suspension state, shown once: a second suspension over time already suspended is refused with what is in
 * force, nothing changed; one that follows it is taken; reopening says truthfully whether 111 can book now.
 * Tuesday 24 Nov 2026, 09:00 London (GMT).
 */
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { InvalidInput } from "../errors";
import { CLERK, makeService } from "../testing/capacity-fixtures";
import { suspensionInput } from "./limit-inputs";
import { suspendBookings } from "./suspend-bookings";
import { liftSuspension } from "./lift-suspension";

const NOW = new Date("2026-11-24T09:00:00Z");
const custom = (startTime: string, endTime: string) => suspensionInput(NOW).parse({ period: "custom", reason: "Planned works", startDate: "2026-11-24", startTime, endDate: "2026-11-24", endTime });

describe("one suspension at a time", () => {
  it("refuses a second suspension over time already suspended, saying what is in force, and changes nothing", async () => {
    const s = await makeService(NOW);
    await suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "next-2-hours", reason: "Major incident" }), CLERK, NOW);
    const version = (await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).availabilityVersion;
    const again = suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "rest-of-today", reason: "Still busy" }), CLERK, NOW);
    await expect(again).rejects.toBeInstanceOf(InvalidInput);
    await expect(again).rejects.toThrow("Bookings are already suspended until Tue, 24 Nov 2026, 11:00 (Major incident). Nothing was changed.");
    // A planned one overlapping the end is refused too; one starting when the first ends is taken.
    await expect(suspendBookings(s.serviceId, custom("10:30", "12:00"), CLERK, NOW)).rejects.toThrow(/already suspended/);
    await suspendBookings(s.serviceId, custom("11:00", "12:00"), CLERK, NOW);
    expect(await db().suspension.count({ where: { serviceId: s.serviceId } })).toBe(2);
    expect(await db().auditEvent.count({ where: { action: "capacity.suspend", detail: { contains: s.serviceId } } })).toBe(2);
    expect((await db().healthcareService.findUniqueOrThrow({ where: { id: s.serviceId } })).availabilityVersion).toBe(version + 1);
  });

  it("after a suspension is reopened, a new one over the same time is taken", async () => {
    const s = await makeService(NOW);
    const first = await suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "next-2-hours", reason: "Surge" }), CLERK, NOW);
    expect(await liftSuspension({ suspensionId: first.suspensionId, version: 1 }, CLERK, NOW)).toEqual({ stillSuspended: null });
    await suspendBookings(s.serviceId, suspensionInput(NOW).parse({ period: "rest-of-today", reason: "Surge again" }), CLERK, NOW);
  });

  it("reopening one of two overlapping suspensions (made before overlaps were refused) says bookings are still suspended", async () => {
    const s = await makeService(NOW);
    const ends = new Date("2026-11-24T23:59:00Z");
    const [a] = await Promise.all([
      db().suspension.create({ data: { serviceId: s.serviceId, startsAt: NOW, endsAt: new Date("2026-11-24T11:00:00Z"), reason: "Surge" } }),
      db().suspension.create({ data: { serviceId: s.serviceId, startsAt: NOW, endsAt: ends, reason: "Major incident" } }),
    ]);
    expect(await liftSuspension({ suspensionId: a.id, version: 1 }, CLERK, NOW)).toEqual({ stillSuspended: { endsAt: ends, reason: "Major incident" } });
  });
});
