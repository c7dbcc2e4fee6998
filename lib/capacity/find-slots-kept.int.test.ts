/**
 * The slot search keeps what it loaded per instance, and must never answer from it once the database has moved
 * on: a change committed by another instance (another database client here) shows in the very next search,
 * and time passing is applied on every search. Real database. Tuesday 24 Nov 2026, London (GMT).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client";
import { book, freeStarts, makeService, patient, slotAt } from "../testing/capacity-fixtures";

const NOW = new Date("2026-11-24T09:00:00Z");
const T = (hhmm: string, day = "2026-11-24") => `${day}T${hhmm}:00.000Z`;
const at = (hhmm: string) => new Date(T(hhmm));
const today = { to: at("23:59") };

// A second instance on the same database (created once the test database exists).
let other: Db;
beforeAll(() => {
  other = createDb();
});
afterAll(() => other.$disconnect());

describe("what the slot search keeps between searches", () => {
  it("is not used once another instance has changed what 111 can book", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "12:00" });
    expect(await freeStarts(s.dosId, "NR1", NOW, today)).toEqual([T("10:00"), T("10:30"), T("11:00"), T("11:30")]);
    // The other instance blocks a place the way every use case does: the change and the version bump commit together.
    await other.$transaction(async (tx) => {
      await tx.slot.updateMany({ where: { serviceId: s.serviceId, start: at("10:30") }, data: { status: "blocked", blockedReason: "Broken trolley" } });
      await tx.healthcareService.update({ where: { id: s.serviceId }, data: { availabilityVersion: { increment: 1 } } });
    });
    expect(await freeStarts(s.dosId, "NR1", NOW, today)).toEqual([T("10:00"), T("11:00"), T("11:30")]);
    const slot = await slotAt(s.serviceId, T("11:00"));
    await book(slot.id, "NR1", patient(1), NOW);
    expect(await freeStarts(s.dosId, "NR1", NOW, today)).toEqual([T("10:00"), T("11:30")]);
  });

  it("follows the DoS id's schedule links and the schedules' state on every search", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "11:00" });
    expect(await freeStarts(s.dosId, null, NOW, today)).toEqual([T("10:00"), T("10:30")]);
    await other.schedule.update({ where: { id: s.scheduleId }, data: { active: false } });
    expect(await freeStarts(s.dosId, null, NOW, today)).toEqual([]);
    await other.schedule.update({ where: { id: s.scheduleId }, data: { active: true } });
    expect(await freeStarts(s.dosId, null, NOW, today)).toEqual([T("10:00"), T("10:30")]);
  });

  it("drops slots that have started since, and loads again for a window reaching earlier than what it holds", async () => {
    const s = await makeService(new Date(T("06:00")), { start: "09:00", end: "11:00" });
    const window = { from: at("00:00"), to: at("12:00") };
    expect(await freeStarts(s.dosId, null, NOW, window)).toEqual([T("09:00"), T("09:30"), T("10:00"), T("10:30")]);
    expect(await freeStarts(s.dosId, null, at("09:45"), window)).toEqual([T("10:00"), T("10:30")]);
    expect(await freeStarts(s.dosId, null, at("08:00"), window)).toEqual([T("09:00"), T("09:30"), T("10:00"), T("10:30")]);
  });

  it("answers exactly the window asked for, whether narrower or wider than what it holds", async () => {
    const s = await makeService(NOW, { start: "10:00", end: "14:00", minutes: 60 });
    expect(await freeStarts(s.dosId, null, NOW, { from: at("10:00"), to: at("11:00") })).toEqual([T("10:00")]);
    expect(await freeStarts(s.dosId, null, NOW, { from: at("10:00"), to: at("13:00") })).toEqual([T("10:00"), T("11:00"), T("12:00")]);
    expect(await freeStarts(s.dosId, null, NOW, { from: at("11:00"), to: at("12:00") })).toEqual([T("11:00")]);
    expect(await freeStarts(s.dosId, null, NOW, { from: at("12:00") })).toEqual([T("12:00"), T("13:00"), T("10:00", "2026-11-25"), T("11:00", "2026-11-25"), T("12:00", "2026-11-25"), T("13:00", "2026-11-25")]);
    expect(await freeStarts(s.dosId, null, NOW, { from: at("09:00"), to: at("10:30") })).toEqual([T("10:00")]);
  });
});
