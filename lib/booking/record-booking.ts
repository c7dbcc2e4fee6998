import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { DuplicateRequest, NotFound, SlotUnavailable } from "../errors";
import { checkNewBooking } from "../capacity/booking-check";
import { patientKey, type StoredSlotStatus } from "../capacity/limits";
import { databaseKind, databaseUrl } from "../db/url";
import { recordBookingSqlite } from "./sqlite-booking-writer";

export interface PatientInput {
  nhsNumber?: string | null;
  nhsNumberStatus?: string | null;
  family: string;
  given: string;
  prefix?: string | null;
  birthDate: string;
  gender: string;
  postcode?: string | null;
  address?: unknown[];
  telecom?: unknown[];
  contact?: unknown[];
  communication?: unknown[];
  gpPracticeOds?: string | null;
  gpPracticeName?: string | null;
}

export interface BookingInput {
  slotId: string;
  patient: PatientInput;
  description: string;
  documentRefId?: string | null;
  bookingOrgOds?: string | null;
  bookingOrgName?: string | null;
  consumerAsid?: string | null;
  /** fhir | staff */
  source: "fhir" | "staff";
  /** X-Request-ID and its consumer scope, for idempotency. */
  idempotency?: { scope: string; requestId: string };
  /**
   * Builds the FHIR Appointment to store as version 1 from the new booking's id, the slot and the time.
   * The FHIR door stores what the consumer submitted; the staff door builds one.
   */
  resource: (ids: { appointmentId: string; slot: { id: string; scheduleId: string; start: Date; end: Date }; patientLocalId: string; now: Date }) => Record<string, unknown>;
}

export interface BookingResult {
  appointmentId: string;
  versionId: number;
  lastUpdated: Date;
  resource: Record<string, unknown>;
}

function storedStatus(s: string): StoredSlotStatus {
  return s === "free" || s === "busy" ? s : "blocked";
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/**
 * The one place a booking is made. In one transaction: lock the service (serialises bookings for it on
 * PostgreSQL), re-check the capacity limits against freshly loaded counts (suspensions, caps, quotas,
 * notice, horizon: a slot offered a moment ago may be refused now), check the slot is free, store patient,
 * booking and FHIR version 1, mark the slot busy. Staff bookings follow the same limits.
 * The unique index on Appointment.activeSlotId makes a second active booking of a slot impossible
 * whatever the concurrency; a losing racer gets SlotUnavailable and nothing is stored.
 *
 * On SQLite the same steps run in `sqlite-booking-writer.ts` (prepared statements, group commit); on
 * PostgreSQL through the ORM below. The integration tests run on both.
 */
export async function recordBooking(input: BookingInput, actor: Actor, now = new Date()): Promise<BookingResult> {
  const url = databaseUrl();
  if (databaseKind(url) === "sqlite") return recordBookingSqlite(url, input, actor, now);
  return recordBookingWithOrm(input, actor, now);
}

async function recordBookingWithOrm(input: BookingInput, actor: Actor, now: Date): Promise<BookingResult> {
  const appointmentId = randomUUID();
  try {
    return await db().$transaction(async (tx) => {
      const slot = await tx.slot.findUnique({ where: { id: input.slotId } });
      if (!slot) throw new NotFound("Slot not found");
      // The lock: bookings for one service queue here. Bumping the availability version now is the same as at
      // the end (it commits or rolls back with the booking) and saves a statement.
      const service = await tx.healthcareService.update({
        where: { id: slot.serviceId },
        data: { bookingSeq: { increment: 1 }, availabilityVersion: { increment: 1 } },
        select: { minNoticeMinutes: true, maxAheadHours: true, capPerHour: true, capPerDay: true },
      });
      if (input.idempotency) {
        const seen = await tx.idempotencyKey.findUnique({
          where: { scope_requestId: { scope: input.idempotency.scope, requestId: input.idempotency.requestId } },
        });
        if (seen) throw new DuplicateRequest("This X-Request-ID was already used", seen.appointmentId ?? undefined);
      }
      // After the lock: the counts below include every booking committed before ours.
      const [suspensions, quotas] = await Promise.all([
        tx.suspension.findMany({ where: { serviceId: slot.serviceId, endsAt: { gt: now } }, select: { id: true, startsAt: true, endsAt: true, liftedAt: true, reason: true } }),
        tx.consumerQuota.findMany({ where: { serviceId: slot.serviceId }, select: { odsCode: true, perHour: true, perDay: true } }),
      ]);
      const verdict = await checkNewBooking(
        { id: slot.id, start: slot.start, end: slot.end, status: storedStatus(slot.status) },
        { orgOds: input.bookingOrgOds ?? null, patient: patientKey(input.patient) },
        { now, limits: service, suspensions, quotas: quotas.map((q) => ({ orgOds: q.odsCode, perHour: q.perHour, perDay: q.perDay })) },
        {
          sameDay: async (from, to) =>
            (
              await tx.appointment.findMany({
                where: { serviceId: slot.serviceId, status: "booked", start: { gte: from, lt: to } },
                select: { start: true, bookingOrgOds: true, slotId: true },
              })
            ).map((b) => ({ start: b.start, status: "booked" as const, orgOds: b.bookingOrgOds, patient: null, slotId: b.slotId })),
          future: async () =>
            (
              await tx.appointment.findMany({
                where: { serviceId: slot.serviceId, status: "booked", start: { gt: now } },
                select: { start: true, bookingOrgOds: true, slotId: true, patient: { select: { nhsNumber: true, family: true, birthDate: true } } },
              })
            ).map((b) => ({ start: b.start, status: "booked" as const, orgOds: b.bookingOrgOds, patient: patientKey(b.patient), slotId: b.slotId })),
        },
      );
      if (!verdict.ok) throw new SlotUnavailable("Slot no longer available", verdict.reason);
      const taken = await tx.slot.updateMany({
        where: { id: slot.id, status: "free" },
        data: { status: "busy", version: { increment: 1 } },
      });
      if (taken.count !== 1) throw new SlotUnavailable("Slot no longer available");
      const localId = randomUUID();
      const patient = await tx.patient.create({
        data: {
          nhsNumber: input.patient.nhsNumber ?? null,
          nhsNumberStatus: input.patient.nhsNumberStatus ?? null,
          localId,
          family: input.patient.family,
          given: input.patient.given,
          prefix: input.patient.prefix ?? null,
          birthDate: input.patient.birthDate,
          gender: input.patient.gender,
          postcode: input.patient.postcode ?? null,
          addressJson: JSON.stringify(input.patient.address ?? []),
          telecomJson: JSON.stringify(input.patient.telecom ?? []),
          contactJson: JSON.stringify(input.patient.contact ?? []),
          communicationJson: JSON.stringify(input.patient.communication ?? []),
          gpPracticeOds: input.patient.gpPracticeOds ?? null,
          gpPracticeName: input.patient.gpPracticeName ?? null,
        },
      });
      const resource = input.resource({
        appointmentId,
        slot: { id: slot.id, scheduleId: slot.scheduleId, start: slot.start, end: slot.end },
        patientLocalId: localId,
        now,
      });
      const stored = { ...resource, id: appointmentId, meta: { ...((resource.meta as object) ?? {}), versionId: "1", lastUpdated: now.toISOString() } };
      await tx.appointment.create({
        data: {
          id: appointmentId,
          slotId: slot.id,
          activeSlotId: slot.id,
          serviceId: slot.serviceId,
          start: slot.start,
          end: slot.end,
          status: "booked",
          fhirVersion: 1,
          lastUpdated: now,
          description: input.description,
          source: input.source,
          consumerAsid: input.consumerAsid ?? null,
          bookingOrgOds: input.bookingOrgOds ?? null,
          bookingOrgName: input.bookingOrgName ?? null,
          documentRefId: input.documentRefId ?? null,
          patientId: patient.id,
          createdAt: now,
        },
      });
      await tx.appointmentVersion.create({
        data: { appointmentId, versionId: 1, status: "booked", resource: JSON.stringify(stored), createdAt: now, changedBy: actor.type, changedById: actor.type === "staff" ? actor.id : (actor.type === "consumer" ? actor.asid : null) ?? null },
      });
      if (input.idempotency) {
        await tx.idempotencyKey.create({
          data: { scope: input.idempotency.scope, requestId: input.idempotency.requestId, interaction: "create:appointment", appointmentId },
        });
      }
      await recordAudit(
        actor,
        { action: "booking.create", entityType: "Appointment", entityId: appointmentId, patientNhsNumber: input.patient.nhsNumber ?? null, detail: { slotId: slot.id, source: input.source } },
        tx,
      );
      return { appointmentId, versionId: 1, lastUpdated: now, resource: stored };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const target = String((e as { meta?: { target?: unknown } }).meta?.target ?? "");
      if (target.includes("requestId")) throw new DuplicateRequest("This X-Request-ID was already used");
      throw new SlotUnavailable("Slot no longer available");
    }
    throw e;
  }
}
