/**
 * The booking store through the ORM: one interactive transaction per booking or cancellation. Production on
 * PostgreSQL uses booking-store-pg.ts (named statements on the driver); this store is the reference
 * two-stores.int.test.ts compares it and the SQLite store with.
 * The row lock `lockService` takes (an UPDATE of the service) queues the bookings of one service, so the counts
 * the limits check reads after it include every booking committed before this one.
 */
import { isUniqueViolation } from "./unique-violation";
import { patientKey } from "../capacity/limits";
import type { BookingStore, BookingTx } from "../booking/booking-store";
import { DuplicateRequest, SlotUnavailable } from "../errors";
import type { Db, Tx } from "./client";

/** How long a booking may wait for a pooled connection, and how long its transaction may take. */
const TX_MAX_WAIT_MS = 10_000;
const TX_TIMEOUT_MS = 15_000;

/** The unique index a P2002 names (the driver adapter reports it in more than one shape). */
function violatedIndex(e: unknown): string {
  return JSON.stringify((e as { meta?: unknown }).meta ?? {});
}

function prismaTx(tx: Tx): BookingTx {
  return {
    slot: (id) => tx.slot.findUnique({ where: { id }, select: { id: true, scheduleId: true, serviceId: true, start: true, end: true, status: true } }),
    lockService: (id, at) =>
      tx.healthcareService.update({
        where: { id },
        data: { bookingSeq: { increment: 1 }, availabilityVersion: { increment: 1 }, updatedAt: at },
        select: { minNoticeMinutes: true, maxAheadHours: true, capPerHour: true, capPerDay: true },
      }),
    idempotencyKey: (scope, requestId) => tx.idempotencyKey.findUnique({ where: { scope_requestId: { scope, requestId } }, select: { appointmentId: true } }),
    suspensions: (serviceId, now) => tx.suspension.findMany({ where: { serviceId, endsAt: { gt: now } }, select: { id: true, startsAt: true, endsAt: true, liftedAt: true, reason: true } }),
    quotas: async (serviceId) =>
      (await tx.consumerQuota.findMany({ where: { serviceId }, select: { odsCode: true, perHour: true, perDay: true } })).map((q) => ({ orgOds: q.odsCode, perHour: q.perHour, perDay: q.perDay })),
    bookingsStarting: async (serviceId, from, to) =>
      (await tx.appointment.findMany({ where: { serviceId, status: "booked", start: { gte: from, lt: to } }, select: { start: true, bookingOrgOds: true, slotId: true } })).map((b) => ({
        start: b.start,
        status: "booked" as const,
        orgOds: b.bookingOrgOds,
        patient: null,
        slotId: b.slotId,
      })),
    futureBookings: async (serviceId, now) =>
      (
        await tx.appointment.findMany({
          where: { serviceId, status: "booked", start: { gt: now } },
          select: { start: true, bookingOrgOds: true, slotId: true, patient: { select: { nhsNumber: true, family: true, birthDate: true } } },
        })
      ).map((b) => ({ start: b.start, status: "booked" as const, orgOds: b.bookingOrgOds, patient: patientKey(b.patient), slotId: b.slotId })),
    takeSlot: async (slotId, at) => (await tx.slot.updateMany({ where: { id: slotId, status: "free" }, data: { status: "busy", version: { increment: 1 }, updatedAt: at } })).count === 1,
    insertPatient: async (row) => {
      await tx.patient.create({ data: row });
    },
    insertAppointment: async (a) => {
      try {
        await tx.appointment.create({ data: { ...a, activeSlotId: a.slotId, status: "booked", fhirVersion: 1 } });
      } catch (e) {
        if (isUniqueViolation(e)) throw new SlotUnavailable("Slot no longer available");
        throw e;
      }
    },
    insertVersion: async (row) => {
      await tx.appointmentVersion.create({ data: row });
    },
    insertIdempotencyKey: async (row) => {
      try {
        await tx.idempotencyKey.create({ data: row });
      } catch (e) {
        if (isUniqueViolation(e)) throw new DuplicateRequest("This X-Request-ID was already used");
        throw e;
      }
    },
    insertAudit: async (id, at, row) => {
      await tx.auditEvent.create({ data: { ...row, id, at } });
    },
    finishInboundMessage: async (id, outcome) => {
      await tx.barsMessage.update({ where: { id }, data: outcome, select: { id: true } });
    },
    booking: async (id) => {
      const a = await tx.appointment.findUnique({ where: { id }, select: { id: true, serviceId: true, slotId: true, status: true, fhirVersion: true, edStatus: true, patient: { select: { nhsNumber: true } } } });
      return a ? { id: a.id, serviceId: a.serviceId, slotId: a.slotId, status: a.status, fhirVersion: a.fhirVersion, patientNhsNumber: a.patient.nhsNumber, edStatus: a.edStatus } : null;
    },
    versionResource: async (appointmentId, versionId) =>
      ((await tx.appointmentVersion.findUnique({ where: { appointmentId_versionId: { appointmentId, versionId } }, select: { resource: true, standard: true } })) as { resource: string; standard: "stu3" | "r4" } | null),
    markCancelled: async (c) =>
      (
        await tx.appointment.updateMany({
          where: { id: c.appointmentId, fhirVersion: c.fromVersion },
          data: { status: "cancelled", fhirVersion: c.toVersion, lastUpdated: c.at, activeSlotId: null, cancelledAt: c.at, cancelledBy: c.by, cancelReason: c.reason },
        })
      ).count === 1,
    freeSlot: async (slotId, at) => {
      await tx.slot.updateMany({ where: { id: slotId, status: "busy" }, data: { status: "free", version: { increment: 1 }, updatedAt: at } });
    },
    decoupleDocuments: async (appointmentId, at) =>
      (await tx.clinicalDocument.updateMany({ where: { appointmentId, state: "linked" }, data: { state: "booking-cancelled", cancelledBookingId: appointmentId, stateChangedAt: at, version: { increment: 1 } } })).count,
  };
}

/** The booking store over an ORM client (PostgreSQL in production; any client in tests). */
export function prismaBookingStore(client: Db): BookingStore {
  return {
    async transaction(work) {
      try {
        // Bookings of one service queue on its row lock: under load a transaction may wait for a connection and
        // then for the lock longer than the driver's defaults (2 s, 5 s) without anything being wrong.
        return await client.$transaction((tx) => work(prismaTx(tx)), { maxWait: TX_MAX_WAIT_MS, timeout: TX_TIMEOUT_MS });
      } catch (e) {
        // A violation the store methods did not see first (reported at commit): same meaning.
        if (isUniqueViolation(e)) {
          if (violatedIndex(e).includes("requestId")) throw new DuplicateRequest("This X-Request-ID was already used");
          throw new SlotUnavailable("Slot no longer available");
        }
        throw e;
      }
    },
  };
}
