/**
 * Every capacity limit takes effect in the 111 slot search at once AND is re-checked when booking: a slot
 * offered a moment ago is refused once a limit applies to it. Real database (SQLite, or PostgreSQL with
 * TEST_POSTGRES_URL). Tuesday 24 Nov 2026, 09:00 London (GMT); each test has its own service.
 */
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { SlotUnavailable } from "../errors";
import { book, CLERK, freeStarts, makeService, patient, slotAt } from "../testing/capacity-fixtures";
import { findSlotsForConsumer } from "./find-slots-for-consumer";
import { suspendBookings } from "./suspend-bookings";
import { liftSuspension } from "./lift-suspension";
import { setCaps } from "./set-caps";
import { setQuota } from "./set-quota";
import { setNoticeAndHorizon } from "./set-notice-and-horizon";
import { blockSlot } from "./block-slot";
import { releaseSlot } from "./release-slot";

const NOW = new Date("2026-11-24T09:00:00Z");
const T = (hhmm: string, day = "2026-11-24") => `${day}T${hhmm}:00.000Z`;

async function version(serviceId: string) {
  return (await db().healthcareService.findUniqueOrThrow({ where: { id: serviceId } })).version;
}

async function refusedWith(p: Promise<unknown>, reason: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SlotUnavailable);
  expect((e as SlotUnavailable).message).toBe("Slot no longer available");
  expect((e as SlotUnavailable).reason).toBe(reason);
}

describe("the slot search for 111", () => {
  it("answers null for an unknown DoS id, and returns the linked schedules' slots in start order within [from, to)", async () => {
    const s = await makeService(NOW);
    expect(await findSlotsForConsumer({ dosId: "99999999", statuses: ["free"], consumerOds: null, now: NOW })).toBeNull();
    const found = await findSlotsForConsumer({ dosId: s.dosId, statuses: ["free", "busy"], consumerOds: "NR1", now: NOW, from: new Date(T("10:00")), to: new Date(T("12:00")) });
    expect(found!.map((f) => f.start.toISOString())).toEqual([T("10:00"), T("10:30"), T("11:00"), T("11:30")]);
    expect(found!.every((f) => f.serviceId === s.serviceId && f.scheduleId === s.scheduleId && f.status === "free")).toBe(true);
  });

  it("never returns a slot that has already started, whatever the lower bound", async () => {
    const s = await makeService(new Date(T("06:00")));
    const found = await findSlotsForConsumer({ dosId: s.dosId, statuses: [], consumerOds: null, now: NOW, from: new Date(T("00:00")), to: new Date(T("10:00")) });
    expect(found!.map((f) => f.start.toISOString())).toEqual([T("09:00"), T("09:30")]);
  });

  it("shows a booked slot as busy, only when busy slots are asked for", async () => {
    const s = await makeService(NOW);
    const slot = await slotAt(s.serviceId, T("10:00"));
    await book(slot.id, "NR1", patient(1), NOW);
    const window = { from: new Date(T("10:00")), to: new Date(T("11:00")) };
    const busy = await findSlotsForConsumer({ dosId: s.dosId, statuses: ["busy"], consumerOds: "NR1", now: NOW, ...window });
    expect(busy!.map((f) => [f.start.toISOString(), f.status])).toEqual([[T("10:00"), "busy"]]);
    expect(await freeStarts(s.dosId, "NR1", NOW, window)).toEqual([T("10:30")]);
  });

  it("leaves out the slots of an inactive schedule, and gives the slots of every schedule a DoS id selects", async () => {
    const a = await makeService(NOW);
    const b = await makeService(NOW, { start: "10:00", end: "11:00" });
    const dos = await db().dosServiceId.findUniqueOrThrow({ where: { value: a.dosId } });
    await db().scheduleDosLink.create({ data: { scheduleId: b.scheduleId, dosId: dos.id } });
    const window = { from: new Date(T("10:00")), to: new Date(T("11:00")) };
    const both = await findSlotsForConsumer({ dosId: a.dosId, statuses: ["free"], consumerOds: null, now: NOW, ...window });
    expect(both!.map((f) => `${f.start.toISOString()} ${f.serviceId === a.serviceId ? "a" : "b"}`).sort()).toEqual(
      [`${T("10:00")} a`, `${T("10:00")} b`, `${T("10:30")} a`, `${T("10:30")} b`].sort(),
    );
    await db().schedule.update({ where: { id: b.scheduleId }, data: { active: false } });
    expect((await findSlotsForConsumer({ dosId: a.dosId, statuses: ["free"], consumerOds: null, now: NOW, ...window }))!.every((f) => f.serviceId === a.serviceId)).toBe(true);
  });
});

describe("each limit hides slots from 111 at once and is re-checked at booking", () => {
  it("suspension: hides the suspended time, refuses a slot offered a moment ago, and reopening brings it back", async () => {
    const s = await makeService(NOW);
    const offered = await freeStarts(s.dosId, "NR1", NOW);
    expect(offered).toContain(T("10:30"));
    const { suspensionId } = await suspendBookings(
      s.serviceId,
      { startsAt: new Date(T("10:00")), endsAt: new Date(T("12:00")), reopensAutomatically: true, reason: "Department full" },
      CLERK,
      NOW,
    );
    const during = await freeStarts(s.dosId, "NR1", NOW);
    expect(during).toContain(T("09:30"));
    expect(during).not.toContain(T("10:00"));
    expect(during).not.toContain(T("11:30"));
    expect(during).toContain(T("12:00"));
    const slot = await slotAt(s.serviceId, T("10:30"));
    await refusedWith(book(slot.id, "NR1", patient(1), NOW), "suspended");
    await refusedWith(book(slot.id, null, patient(2), NOW), "suspended"); // ED staff too
    expect((await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).status).toBe("free");

    await liftSuspension({ suspensionId, version: 1 }, CLERK, NOW);
    expect(await freeStarts(s.dosId, "NR1", NOW)).toContain(T("10:30"));
    await expect(book(slot.id, "NR1", patient(1), NOW)).resolves.toBeTruthy();
  });

  it("cap per hour: a full London hour is not offered, and its other slots are refused at booking", async () => {
    const s = await makeService(NOW);
    await setCaps(s.serviceId, await version(s.serviceId), { capPerHour: 1, capPerDay: null }, CLERK);
    expect(await freeStarts(s.dosId, "NR1", NOW)).toContain(T("10:30"));
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR2", patient(1), NOW);
    const after = await freeStarts(s.dosId, "NR1", NOW);
    expect(after).not.toContain(T("10:30"));
    expect(after).toContain(T("11:00"));
    await refusedWith(book((await slotAt(s.serviceId, T("10:30"))).id, "NR1", patient(2), NOW), "cap-hour");
    await refusedWith(book((await slotAt(s.serviceId, T("10:30"))).id, null, patient(3), NOW), "cap-hour"); // staff follow the same limits
  });

  it("cap per day: a full London day is not offered; the next day is", async () => {
    const s = await makeService(NOW);
    await setCaps(s.serviceId, await version(s.serviceId), { capPerHour: null, capPerDay: 2 }, CLERK);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", patient(1), NOW);
    await book((await slotAt(s.serviceId, T("15:00"))).id, "NR2", patient(2), NOW);
    const after = await freeStarts(s.dosId, "NR1", NOW);
    expect(after.filter((t) => t.startsWith("2026-11-24"))).toEqual([]);
    expect(after).toContain(T("08:00", "2026-11-25"));
    await refusedWith(book((await slotAt(s.serviceId, T("16:00"))).id, "NR3", patient(3), NOW), "cap-day");
  });

  it("per-organisation limit: hides slots only from its own organisation", async () => {
    const s = await makeService(NOW);
    await setQuota(s.serviceId, { odsCode: "NR1", perHour: 1, perDay: null }, null, CLERK);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", patient(1), NOW);
    expect(await freeStarts(s.dosId, "NR1", NOW)).not.toContain(T("10:30"));
    expect(await freeStarts(s.dosId, "nr1", NOW)).not.toContain(T("10:30")); // ODS codes compared without case
    expect(await freeStarts(s.dosId, "NR2", NOW)).toContain(T("10:30"));
    expect(await freeStarts(s.dosId, null, NOW)).toContain(T("10:30"));
    const slot = await slotAt(s.serviceId, T("10:30"));
    await refusedWith(book(slot.id, "NR1", patient(2), NOW), "quota-hour");
    await expect(book(slot.id, "NR2", patient(3), NOW)).resolves.toBeTruthy();
  });

  it("per-organisation limit per day", async () => {
    const s = await makeService(NOW);
    await setQuota(s.serviceId, { odsCode: "NR1", perHour: null, perDay: 1 }, null, CLERK);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", patient(1), NOW);
    expect((await freeStarts(s.dosId, "NR1", NOW)).filter((t) => t.startsWith("2026-11-24"))).toEqual([]);
    await refusedWith(book((await slotAt(s.serviceId, T("17:00"))).id, "NR1", patient(2), NOW), "quota-day");
  });

  it("minimum notice: slots starting too soon are not offered and are refused (the boundary is bookable)", async () => {
    const s = await makeService(NOW);
    expect(await freeStarts(s.dosId, "NR1", NOW)).toContain(T("09:30"));
    await setNoticeAndHorizon(s.serviceId, await version(s.serviceId), { minNoticeMinutes: 90, maxAheadHours: null }, CLERK);
    const after = await freeStarts(s.dosId, "NR1", NOW);
    expect(after[0]).toBe(T("10:30"));
    await refusedWith(book((await slotAt(s.serviceId, T("09:30"))).id, "NR1", patient(1), NOW), "min-notice");
    await expect(book((await slotAt(s.serviceId, T("10:30"))).id, "NR1", patient(2), NOW)).resolves.toBeTruthy();
  });

  it("booking horizon: slots too far ahead are not offered and are refused", async () => {
    const s = await makeService(NOW);
    await setNoticeAndHorizon(s.serviceId, await version(s.serviceId), { minNoticeMinutes: 0, maxAheadHours: 3 }, CLERK);
    const after = await freeStarts(s.dosId, "NR1", NOW);
    expect(after[after.length - 1]).toBe(T("12:00"));
    await refusedWith(book((await slotAt(s.serviceId, T("12:30"))).id, "NR1", patient(1), NOW), "beyond-horizon");
  });

  it("blocked place: not offered, refused at booking; released, it is offered and bookable again", async () => {
    const s = await makeService(NOW);
    const slot = await slotAt(s.serviceId, T("10:00"));
    await blockSlot({ slotId: slot.id, version: slot.version, reason: "Cubicle out of use" }, CLERK);
    expect(await freeStarts(s.dosId, "NR1", NOW)).not.toContain(T("10:00"));
    await refusedWith(book(slot.id, "NR1", patient(1), NOW), "blocked");
    await releaseSlot({ slotId: slot.id, version: slot.version + 1 }, CLERK);
    expect(await freeStarts(s.dosId, "NR1", NOW)).toContain(T("10:00"));
    await expect(book(slot.id, "NR1", patient(1), NOW)).resolves.toBeTruthy();
  });
});

describe("the rebook exemption", () => {
  it("lets the same organisation move the same patient over a full hour; another organisation or patient is refused", async () => {
    const s = await makeService(NOW);
    await setCaps(s.serviceId, await version(s.serviceId), { capPerHour: 1, capPerDay: null }, CLERK);
    const p = patient(1);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", p, NOW);
    const target = await slotAt(s.serviceId, T("10:30"));
    await refusedWith(book(target.id, "NR2", p, NOW), "cap-hour");
    await refusedWith(book(target.id, "NR1", patient(2), NOW), "cap-hour");
    await expect(book(target.id, "NR1", p, NOW)).resolves.toBeTruthy();
  });

  it("lets the same organisation rebook its patient over its own daily limit, but not book someone else", async () => {
    const s = await makeService(NOW);
    await setQuota(s.serviceId, { odsCode: "NR1", perHour: null, perDay: 1 }, null, CLERK);
    const p = patient(1, { nhsNumber: null, family: "O'Brien", birthDate: "1975-06-30" });
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", p, NOW);
    await refusedWith(book((await slotAt(s.serviceId, T("14:00"))).id, "NR1", patient(2), NOW), "quota-day");
    // The same patient as 111 may spell them (no NHS number: family name and birth date).
    await expect(book((await slotAt(s.serviceId, T("14:00"))).id, "NR1", { ...p, family: "OBRIEN" }, NOW)).resolves.toBeTruthy();
  });

  it("never waives a suspension, even for a rebook", async () => {
    const s = await makeService(NOW);
    const p = patient(1);
    await book((await slotAt(s.serviceId, T("10:00"))).id, "NR1", p, NOW);
    await suspendBookings(s.serviceId, { startsAt: NOW, endsAt: new Date(T("13:00")), reopensAutomatically: true, reason: "Surge" }, CLERK, NOW);
    await refusedWith(book((await slotAt(s.serviceId, T("11:00"))).id, "NR1", p, NOW), "suspended");
  });
});

describe("a booking racing a suspension", () => {
  it("either commits before the suspension (and is listed as affected) or is refused: never booked unseen", async () => {
    const s = await makeService(NOW);
    const slots = await Promise.all([T("10:00"), T("10:30"), T("11:00"), T("11:30")].map((t) => slotAt(s.serviceId, t)));
    const [suspended, ...bookings] = await Promise.allSettled([
      suspendBookings(s.serviceId, { startsAt: NOW, endsAt: new Date(T("13:00")), reopensAutomatically: true, reason: "Surge" }, CLERK, NOW),
      ...slots.map((slot, i) => book(slot.id, "NR1", patient(10 + i), NOW)),
    ]);
    expect(suspended.status).toBe("fulfilled");
    const listed = new Set((suspended as PromiseFulfilledResult<Awaited<ReturnType<typeof suspendBookings>>>).value.affected.map((a) => a.appointmentId));
    for (const b of bookings) {
      if (b.status === "fulfilled") expect(listed.has(b.value.appointmentId)).toBe(true);
      else expect(b.reason).toBeInstanceOf(SlotUnavailable);
    }
  });
});
