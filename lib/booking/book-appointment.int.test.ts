import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { bookAppointment, type BookingInput } from "./book-appointment";
import { DuplicateRequest, NotFound, SlotUnavailable } from "../errors";
import { seedDemo } from "../seed/demo";
import { appointmentFromBooking } from "../doors/uec-stu3/appointment-from-booking";
import { testNhsNumber } from "../nhs/nhs-number";

const consumer = { type: "consumer" as const, asid: "200000000111", odsCode: "NZZ01", orgName: "Demo 111" };

function input(slotId: string, n: number, idempotency?: BookingInput["idempotency"]): BookingInput {
  const nhsNumber = testNhsNumber(5000 + n);
  return {
    slotId,
    source: "fhir",
    description: "Test booking",
    bookingOrgOds: "NZZ01",
    patient: { nhsNumber, nhsNumberStatus: "01", family: `Racer${n}`, given: "Test", birthDate: "1990-01-01", gender: "female" },
    idempotency,
    resource: ({ slot, now }) =>
      appointmentFromBooking({
        slot,
        now,
        description: "Test booking",
        patient: { nhsNumber, family: `Racer${n}`, given: "Test", birthDate: "1990-01-01", gender: "female", phone: "07700 900000", addressLines: ["1 Test Street"], postcode: "WX1 1AA" },
      }),
  };
}

async function freeSlots(n: number) {
  // Order fully (start, then id): parallel places share a start time. Bookable ones only: the demo's day has free
  // places earlier today too (its did-not-attend example), which have passed.
  const slots = await db().slot.findMany({ where: { status: "free", start: { gt: new Date(Date.now() + 5 * 60_000) } }, orderBy: [{ start: "asc" }, { id: "asc" }], take: n });
  if (slots.length < n) throw new Error("not enough free slots in seed");
  return slots;
}

async function freeSlot() {
  return (await freeSlots(1))[0];
}

describe("bookAppointment", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("books a free slot: booking, patient, FHIR version 1 and audit in one go", async () => {
    const slot = await freeSlot();
    const result = await bookAppointment(input(slot.id, 1), consumer);
    const appt = await db().appointment.findUniqueOrThrow({ where: { id: result.appointmentId }, include: { versions: true, patient: true } });
    expect(appt.activeSlotId).toBe(slot.id);
    expect(appt.versions).toHaveLength(1);
    const stored = JSON.parse(appt.versions[0].resource);
    expect(stored.id).toBe(result.appointmentId);
    expect(stored.meta.versionId).toBe("1");
    expect(appt.patient.family).toBe("Racer1");
    expect((await db().slot.findUniqueOrThrow({ where: { id: slot.id } })).status).toBe("busy");
    expect(await db().auditEvent.count({ where: { action: "booking.create", entityId: result.appointmentId } })).toBe(1);
  });

  it("gives exactly one booking when 20 requests race for one slot, and stores nothing for the losers", async () => {
    const slot = await freeSlot();
    const patientsBefore = await db().patient.count();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => bookAppointment(input(slot.id, 100 + i), consumer)));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const l of lost) expect(l.reason).toBeInstanceOf(SlotUnavailable);
    expect(await db().appointment.count({ where: { slotId: slot.id } })).toBe(1);
    expect(await db().patient.count()).toBe(patientsBefore + 1);
  });

  it("is guarded by the database itself: a second active booking of a slot violates a unique index", async () => {
    const slot = await freeSlot();
    const first = await bookAppointment(input(slot.id, 200), consumer);
    const original = await db().appointment.findUniqueOrThrow({ where: { id: first.appointmentId } });
    await expect(
      db().appointment.create({
        data: {
          slotId: slot.id,
          activeSlotId: slot.id,
          serviceId: original.serviceId,
          start: original.start,
          end: original.end,
          description: "bypassing the application",
          patientId: original.patientId,
        },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("refuses a repeated X-Request-ID from the same consumer and names the existing booking", async () => {
    const [a, b] = await freeSlots(2);
    const first = await bookAppointment(input(a.id, 300, { scope: "asid:200000000111", requestId: "req-1" }), consumer);
    const again = bookAppointment(input(b.id, 301, { scope: "asid:200000000111", requestId: "req-1" }), consumer);
    await expect(again).rejects.toBeInstanceOf(DuplicateRequest);
    await expect(again).rejects.toMatchObject({ existingId: first.appointmentId });
    expect((await db().slot.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("free");
    // Another consumer may use the same X-Request-ID value: keys are scoped per consumer.
    await expect(bookAppointment(input(b.id, 302, { scope: "asid:999999999999", requestId: "req-1" }), consumer)).resolves.toBeTruthy();
  });

  it("keeps each of many simultaneous bookings to its own outcome (written together on SQLite, one transaction each elsewhere)", async () => {
    const slots = await freeSlots(6);
    const patientsBefore = await db().patient.count();
    const key = (requestId: string) => ({ scope: "asid:200000000111", requestId });
    const attempts = [
      bookAppointment(input(slots[0].id, 400, key("batch-1")), consumer),
      bookAppointment(input(slots[1].id, 401, key("batch-2")), consumer),
      bookAppointment(input(slots[1].id, 402, key("batch-3")), consumer), // same slot as the one before: refused
      bookAppointment(input(slots[2].id, 403, key("batch-1")), consumer), // same X-Request-ID as the first: refused
      bookAppointment(input("no-such-slot", 404), consumer), // unknown slot: refused
      bookAppointment(input(slots[3].id, 405), consumer),
    ];
    const results = await Promise.allSettled(attempts);
    // Two attempts share an X-Request-ID: whichever is written first wins, the other is refused naming it.
    const [x, y] = [results[0], results[3]];
    const winner = (x.status === "fulfilled" ? x : y) as PromiseFulfilledResult<{ appointmentId: string }>;
    const loser = (x.status === "fulfilled" ? y : x) as PromiseRejectedResult;
    expect([x.status, y.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(loser.reason).toBeInstanceOf(DuplicateRequest);
    expect(loser.reason).toMatchObject({ existingId: winner.value.appointmentId });
    // Two attempts for one slot: one wins, the other is told the slot is no longer available.
    expect([results[1].status, results[2].status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(([results[1], results[2]].find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(SlotUnavailable);
    expect(results[4].status).toBe("rejected");
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(NotFound);
    expect(results[5].status).toBe("fulfilled");
    // Exactly the three that succeeded are stored, each complete; the refused left nothing behind.
    expect(await db().patient.count()).toBe(patientsBefore + 3);
    const booked = [x.status === "fulfilled" ? 0 : 2, 1, 3];
    expect((await db().slot.findUniqueOrThrow({ where: { id: slots[x.status === "fulfilled" ? 2 : 0].id } })).status).toBe("free");
    for (const i of booked) {
      const appt = await db().appointment.findFirstOrThrow({ where: { slotId: slots[i].id, status: "booked" }, include: { versions: true, patient: true } });
      expect(appt.versions).toHaveLength(1);
      expect(appt.start.toISOString()).toBe(slots[i].start.toISOString());
      expect((await db().slot.findUniqueOrThrow({ where: { id: slots[i].id } })).status).toBe("busy");
      expect(await db().auditEvent.count({ where: { action: "booking.create", entityId: appt.id } })).toBe(1);
    }
    expect(await db().idempotencyKey.count({ where: { scope: "asid:200000000111", requestId: { in: ["batch-1", "batch-2", "batch-3"] } } })).toBe(2);
  });
});
