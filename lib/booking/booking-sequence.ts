/**
 * The steps of a booking and of a cancellation, written once over a BookingStore transaction (booking-store.ts):
 * resolve, lock, re-check the limits, write patient / appointment / FHIR version / idempotency key / audit,
 * decide the result. Each database runs them through its own store; the integration tests run them on both,
 * and two-stores.int.test.ts compares the rows both leave.
 */
import { auditRow } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { checkNewBooking } from "../capacity/booking-check";
import { patientKey, type StoredSlotStatus } from "../capacity/limits";
import { DuplicateRequest, InvalidInput, NotFound, SlotNotFound, SlotUnavailable, StaleVersion, VersionConflict } from "../errors";
import type { InboundOutcomeRow } from "../inbound/inbound-store";
import type { BookingTx } from "./booking-store";

/**
 * The inbound message (a BaRS booking or cancellation) a booking change answers: recorded as processed in the same
 * transaction, so a retry of that message finds it done exactly when the change exists, and the message costs no
 * write of its own.
 */
export interface AnsweredMessage {
  id: string;
  outcome: Pick<InboundOutcomeRow, "bundleId" | "event" | "reason" | "sourceEndpoint" | "referralId">;
}

async function recordAnswered(tx: BookingTx, m: AnsweredMessage | undefined, appointmentId: string, now: Date): Promise<void> {
  if (m) await tx.finishInboundMessage(m.id, { state: "done", httpStatus: 200, recCode: null, ...m.outcome, appointmentId, finishedAt: now });
}

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
  /**
   * What the caller believes of the slot (the STU3 door's contained Slot): a slot of another schedule, or with
   * other times, is not the one they meant, and is refused as not found.
   */
  expectSlot?: { scheduleId?: string | null; start?: string; end?: string };
  /**
   * The arrival time the caller will tell the patient (the STU3 Appointment's start and end): it must be the slot's,
   * or 111 and the ED would expect the patient at different times.
   */
  statedTimes?: { start: string; end: string };
  patient: PatientInput;
  description: string;
  documentRefId?: string | null;
  bookingOrgOds?: string | null;
  bookingOrgName?: string | null;
  consumerAsid?: string | null;
  source: "fhir" | "staff";
  /** The standard `resource` writes the booking in (default stu3): the BaRS door stores R4. */
  standard?: "stu3" | "r4";
  /** X-Request-ID and its consumer scope, for idempotency. */
  idempotency?: { scope: string; requestId: string };
  message?: AnsweredMessage;
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

export interface CancelInput {
  appointmentId: string;
  /** The FHIR versionId the caller last saw (If-Match); null when what they sent names no version. */
  expectedVersion: number | null;
  by: "consumer" | "ed";
  reason?: string | null;
  /**
   * The resource to store as the new version, given the stored current one. The FHIR door checks here that only
   * `status` changed and stores what the consumer PUT (throwing refuses the cancel, nothing written); the ED door
   * copies the current version.
   */
  newResource: (current: Record<string, unknown>, standard: "stu3" | "r4") => Record<string, unknown>;
  idempotency?: { scope: string; requestId: string };
  message?: AnsweredMessage;
}

export type CancelResult = BookingResult;

/** The clock and id source of one run: real ones in production, fixed ones when tests compare two stores. */
export interface SequenceContext {
  now: Date;
  newId: () => string;
}

function storedStatus(s: string): StoredSlotStatus {
  return s === "free" || s === "busy" ? s : "blocked";
}

function changedById(actor: Actor): string | null {
  return actor.type === "staff" ? actor.id : actor.type === "consumer" ? (actor.asid ?? null) : null;
}

/**
 * One booking. The unique index on Appointment.activeSlotId makes a second active booking of a slot impossible
 * whatever the concurrency; a losing racer gets SlotUnavailable and nothing is stored. Limits (suspensions,
 * caps, quotas, notice, horizon) are re-checked after the lock: a slot offered a moment ago may be refused now.
 */
export async function bookInStore(tx: BookingTx, input: BookingInput, actor: Actor, { now, newId }: SequenceContext): Promise<BookingResult> {
  const slot = await tx.slot(input.slotId);
  if (!slot) throw new SlotNotFound(`Slot ${input.slotId} does not exist`, "slot");
  const expect = input.expectSlot;
  if (expect?.scheduleId && expect.scheduleId !== slot.scheduleId) throw new SlotNotFound(`Slot ${slot.id} does not belong to Schedule/${expect.scheduleId}`, "schedule");
  if (expect && (expect.start !== undefined || expect.end !== undefined) && (Date.parse(expect.start ?? "") !== slot.start.getTime() || Date.parse(expect.end ?? "") !== slot.end.getTime())) {
    throw new SlotNotFound(`Slot ${slot.id} runs from ${slot.start.toISOString()} to ${slot.end.toISOString()}, not the times sent`, "start");
  }
  const stated = input.statedTimes;
  if (stated && (Date.parse(stated.start) !== slot.start.getTime() || Date.parse(stated.end) !== slot.end.getTime())) {
    throw new InvalidInput(`The appointment's start and end (${stated.start} to ${stated.end}) must be the slot's: ${slot.start.toISOString()} to ${slot.end.toISOString()}`, {
      start: "must be the slot's start",
    });
  }
  const limits = await tx.lockService(slot.serviceId, now);
  if (!limits) throw new NotFound("Service not found");
  if (input.idempotency) {
    const seen = await tx.idempotencyKey(input.idempotency.scope, input.idempotency.requestId);
    if (seen) throw new DuplicateRequest("This X-Request-ID was already used", seen.appointmentId ?? undefined);
  }
  // Both reads at once: on PostgreSQL the driver pipelines them on the transaction's connection.
  const [suspensions, quotas] = await Promise.all([tx.suspensions(slot.serviceId, now), tx.quotas(slot.serviceId)]);
  const verdict = await checkNewBooking(
    { id: slot.id, start: slot.start, end: slot.end, status: storedStatus(slot.status) },
    { orgOds: input.bookingOrgOds ?? null, patient: patientKey(input.patient) },
    { now, limits, suspensions, quotas },
    { sameDay: (from, to) => tx.bookingsStarting(slot.serviceId, from, to), future: () => tx.futureBookings(slot.serviceId, now) },
  );
  if (!verdict.ok) throw new SlotUnavailable("Slot no longer available", verdict.reason);
  if (!(await tx.takeSlot(slot.id, now))) throw new SlotUnavailable("Slot no longer available");

  const appointmentId = newId();
  const patientId = newId();
  const localId = newId();
  const p = input.patient;
  await tx.insertPatient({
    id: patientId,
    localId,
    nhsNumber: p.nhsNumber ?? null,
    nhsNumberStatus: p.nhsNumberStatus ?? null,
    family: p.family,
    given: p.given,
    prefix: p.prefix ?? null,
    birthDate: p.birthDate,
    gender: p.gender,
    postcode: p.postcode ?? null,
    addressJson: JSON.stringify(p.address ?? []),
    telecomJson: JSON.stringify(p.telecom ?? []),
    contactJson: JSON.stringify(p.contact ?? []),
    communicationJson: JSON.stringify(p.communication ?? []),
    gpPracticeOds: p.gpPracticeOds ?? null,
    gpPracticeName: p.gpPracticeName ?? null,
    createdAt: now,
  });
  const slotView = { id: slot.id, scheduleId: slot.scheduleId, start: slot.start, end: slot.end };
  const resource = input.resource({ appointmentId, slot: slotView, patientLocalId: localId, now });
  const stored = { ...resource, id: appointmentId, meta: { ...((resource.meta as object) ?? {}), versionId: "1", lastUpdated: now.toISOString() } };
  await tx.insertAppointment({
    id: appointmentId,
    slotId: slot.id,
    serviceId: slot.serviceId,
    start: slot.start,
    end: slot.end,
    lastUpdated: now,
    description: input.description,
    source: input.source,
    consumerAsid: input.consumerAsid ?? null,
    bookingOrgOds: input.bookingOrgOds ?? null,
    bookingOrgName: input.bookingOrgName ?? null,
    documentRefId: input.documentRefId ?? null,
    patientId,
    createdAt: now,
  });
  await tx.insertVersion({ id: newId(), appointmentId, versionId: 1, status: "booked", resource: JSON.stringify(stored), createdAt: now, changedBy: actor.type, changedById: changedById(actor), standard: input.standard ?? "stu3" });
  if (input.idempotency) {
    await tx.insertIdempotencyKey({ id: newId(), scope: input.idempotency.scope, requestId: input.idempotency.requestId, interaction: "create:appointment", appointmentId, createdAt: now });
  }
  const audit = auditRow(actor, { action: "booking.create", entityType: "Appointment", entityId: appointmentId, patientNhsNumber: p.nhsNumber ?? null, detail: { slotId: slot.id, source: input.source } });
  await tx.insertAudit(newId(), now, audit);
  await recordAnswered(tx, input.message, appointmentId, now);
  return { appointmentId, versionId: 1, lastUpdated: now, resource: stored };
}

/**
 * One cancellation: a new FHIR version with status `cancelled` (earlier versions kept), the slot freed for someone
 * else, the booking's 111 reports decoupled, and an audit event, together. A stale version is refused, so a
 * consumer never cancels something that changed under it. The ED's own workflow fields never change the FHIR
 * version, so staff marking a patient arrived does not break a consumer's cancel.
 * Order of refusals (the assurance tests need it): not found → stale version → what `newResource` refuses →
 * reused X-Request-ID → already cancelled → an ED cancel of a patient who has arrived.
 *
 * A patient already in the department keeps their 111 report: 111 may still cancel (its booking is no longer
 * needed), but the report stays attached for the clinicians treating them, and the board says "Arrived, then
 * cancelled by 111". The ED itself may not cancel an arrived patient's booking: nobody is to be phoned, no slot
 * is to be freed, and what 111 would see (a cancelled booking for a patient being treated) would be untrue.
 */
export async function cancelInStore(tx: BookingTx, input: CancelInput, actor: Actor, { now, newId }: SequenceContext): Promise<CancelResult> {
  const appt = await tx.booking(input.appointmentId);
  if (!appt) throw new NotFound("No booking with that id");
  await tx.lockService(appt.serviceId, now);
  if (input.expectedVersion === null || appt.fhirVersion !== input.expectedVersion) {
    throw new StaleVersion(`The booking is at version ${appt.fhirVersion}, not ${input.expectedVersion ?? "the one sent"}`, appt.fhirVersion);
  }
  const current = await tx.versionResource(appt.id, appt.fhirVersion);
  if (current === null) throw new NotFound("The booking's current version is missing");
  const base = input.newResource(JSON.parse(current.resource) as Record<string, unknown>, current.standard);
  if (input.idempotency) {
    const seen = await tx.idempotencyKey(input.idempotency.scope, input.idempotency.requestId);
    if (seen) throw new DuplicateRequest("This X-Request-ID was already used", seen.appointmentId ?? undefined);
  }
  if (appt.status === "cancelled") throw new VersionConflict("The booking is already cancelled");
  if (input.by === "ed" && appt.edStatus === "arrived") {
    throw new InvalidInput("This patient has arrived and is in the department, so their booking cannot be cancelled. Their 111 summary stays with them.");
  }
  const versionId = appt.fhirVersion + 1;
  const resource = { ...base, id: appt.id, status: "cancelled", meta: { ...((base.meta as object) ?? {}), versionId: String(versionId), lastUpdated: now.toISOString() } };
  const reason = input.reason ?? null;
  if (!(await tx.markCancelled({ appointmentId: appt.id, fromVersion: appt.fhirVersion, toVersion: versionId, at: now, by: input.by, reason }))) {
    throw new VersionConflict("The booking changed while it was being cancelled");
  }
  await tx.insertVersion({ id: newId(), appointmentId: appt.id, versionId, status: "cancelled", resource: JSON.stringify(resource), createdAt: now, changedBy: actor.type, changedById: changedById(actor), standard: current.standard });
  await tx.freeSlot(appt.slotId, now);
  if (input.idempotency) {
    await tx.insertIdempotencyKey({ id: newId(), scope: input.idempotency.scope, requestId: input.idempotency.requestId, interaction: "update:appointment", appointmentId: appt.id, createdAt: now });
  }
  // The 111 report of a cancelled booking is decoupled from it: kept (and still showing which booking it came
  // with) but no longer attached, and not a referral in its own right (UEC Booking, cancel). The cancellation use
  // case then matches it again (another booking of the same patient, or a person). A patient who has arrived keeps it.
  const arrived = appt.edStatus === "arrived";
  const decoupled = arrived ? 0 : await tx.decoupleDocuments(appt.id, now);
  const audit = auditRow(actor, {
    action: "booking.cancel",
    entityType: "Appointment",
    entityId: appt.id,
    patientNhsNumber: appt.patientNhsNumber,
    reason,
    detail: { by: input.by, versionId, ...(decoupled ? { documentsDecoupled: decoupled } : {}), ...(arrived ? { afterArrival: true } : {}) },
  });
  await tx.insertAudit(newId(), now, audit);
  await recordAnswered(tx, input.message, appt.id, now);
  return { appointmentId: appt.id, versionId, lastUpdated: now, resource };
}
