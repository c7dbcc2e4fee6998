/**
 * The slot search use case: slots as the consumer may book them, with what they belong to, all from one cache
 * that follows the database state every search reads. Real database. Tuesday 24 Nov 2026, London (GMT).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInstanceCaches } from "../cache/instance-cache";
import { createDb, type Db } from "../db/client";
import { makeService } from "../testing/capacity-fixtures";
import { freeSlotsVisibleTo } from "./search-free-slots";

const NOW = new Date("2026-11-24T09:00:00Z");
const window = { from: new Date("2026-11-24T00:00:00Z"), to: new Date("2026-11-24T23:59:00Z") };
const consumer = { odsCode: "NR1" };
const search = (dosId: string, over: Partial<Parameters<typeof freeSlotsVisibleTo>[1]> = {}) =>
  freeSlotsVisibleTo(consumer, { dosId, ...window, statuses: ["free", "busy"], withRelated: true, now: NOW, ...over });

// A second instance on the same database.
let other: Db;
beforeAll(() => {
  other = createDb();
});
afterAll(() => other.$disconnect());

describe("freeSlotsVisibleTo", () => {
  it("answers the slots with the schedules, services, sites and organisations they belong to", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    const found = (await search(s.dosId))!;
    expect(found.slots.map((x) => x.start.toISOString())).toEqual(["2026-11-24T10:00:00.000Z", "2026-11-24T10:30:00.000Z"]);
    expect(found.related.schedules.map((x) => x.id)).toEqual([s.scheduleId]);
    expect(found.related.services).toEqual([expect.objectContaining({ id: s.serviceId, dosServiceIds: [s.dosId] })]);
    expect(found.related.sites).toHaveLength(1);
    expect(found.related.organisations.map((o) => o.id)).toEqual([found.related.services[0].organisationId]);
  });

  it("keeps the related rows and what was derived from them while the state holds, and drops both when it moves", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    const first = (await search(s.dosId))!;
    const again = (await search(s.dosId))!;
    expect(again.related).toBe(first.related);
    expect(again.derived).toBe(first.derived);
    // Another instance renames the schedule the way the use cases do: the change and the version bump commit together.
    await other.$transaction(async (tx) => {
      await tx.schedule.update({ where: { id: s.scheduleId }, data: { name: "Renamed schedule" } });
      await tx.healthcareService.update({ where: { id: s.serviceId }, data: { availabilityVersion: { increment: 1 } } });
    });
    const after = (await search(s.dosId))!;
    expect(after.derived).not.toBe(first.derived);
    expect(after.related.schedules[0].name).toBe("Renamed schedule");
  });

  it("re-reads the related rows after a minute even in the same state", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    const first = (await search(s.dosId))!;
    expect((await search(s.dosId, { now: new Date(NOW.getTime() + 59_000) }))!.derived).toBe(first.derived);
    expect((await search(s.dosId, { now: new Date(NOW.getTime() + 60_000) }))!.derived).not.toBe(first.derived);
  });

  it("loads no related rows unless asked, and none for an answer with no statuses", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    const plain = (await search(s.dosId, { withRelated: false }))!;
    expect(plain.slots).toHaveLength(2);
    expect(plain.related.schedules).toEqual([]);
    const none = (await search(s.dosId, { statuses: [] }))!;
    expect(none.slots).toEqual([]);
  });

  it("is null for a DoS id no service has", async () => {
    expect(await search("39999999")).toBeNull();
  });

  it("is held in the one slot-search cache", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    await search(s.dosId);
    expect(listInstanceCaches().find((c) => c.name === "slot-search")).toMatchObject({ maxEntries: 200, versionedBy: expect.stringContaining("availabilityVersion") });
    expect(listInstanceCaches().find((c) => c.name === "slot-search")!.size).toBeGreaterThan(0);
  });
});
