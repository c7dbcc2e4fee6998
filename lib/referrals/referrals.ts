/**
 * Referrals (BaRS ServiceRequests) to one of our services: made, linked to a booking whichever came first,
 * revoked, read. Every version is kept; every change and every view is audited with the patient's NHS number.
 */
import type { ConsumerActor } from "../auth/actor";
import { auditRow, recordAudit } from "../audit/record-audit";
import { db, type Tx } from "../db/client";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { barsDocumentRow, barsSetId } from "../clinical/bars/stored-bars-summary";

export interface NewReferral {
  id: string;
  serviceId: string;
  reference: string;
  encounterId: string;
  bundleId: string;
  correlationId: string;
  sourceEndpoint: string | null;
  senderOds: string | null;
  senderName: string | null;
  patient: { nhsNumber: string | null; family: string; given: string; birthDate: string };
  appointmentId: string | null;
  occurrenceStart: Date | null;
  occurrenceEnd: Date | null;
  /** The ServiceRequest as we serve it, version 1. */
  resource: Record<string, unknown>;
  /** The whole message Bundle as 111 sent it: its clinical content becomes the referral's summary. */
  bundle: Record<string, unknown>;
  messageId: string;
}

export interface StoredReferral {
  id: string;
  serviceId: string;
  status: string;
  fhirVersion: number;
  reference: string;
  encounterId: string;
  appointmentId: string | null;
  patientNhsNumber: string | null;
  patientFamily: string | null;
  patientBirthDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = { id: true, serviceId: true, status: true, fhirVersion: true, reference: true, encounterId: true, appointmentId: true, patientNhsNumber: true, patientFamily: true, patientBirthDate: true, createdAt: true, updatedAt: true } as const;

export async function findReferral(id: string): Promise<StoredReferral | null> {
  return db().referral.findUnique({ where: { id }, select: SELECT });
}

/** An active referral already linked to this booking, if any. */
export async function activeReferralOfBooking(appointmentId: string): Promise<StoredReferral | null> {
  return db().referral.findFirst({ where: { appointmentId, status: "active" }, select: SELECT });
}

export async function createReferral(r: NewReferral, actor: ConsumerActor, now: Date): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.referral.create({
      data: {
        id: r.id, serviceId: r.serviceId, status: "active", fhirVersion: 1, reference: r.reference, encounterId: r.encounterId, bundleId: r.bundleId,
        correlationId: r.correlationId, sourceEndpoint: r.sourceEndpoint, senderOds: r.senderOds, senderName: r.senderName,
        patientNhsNumber: r.patient.nhsNumber, patientFamily: r.patient.family, patientGiven: r.patient.given, patientBirthDate: r.patient.birthDate,
        appointmentId: r.appointmentId, occurrenceStart: r.occurrenceStart, occurrenceEnd: r.occurrenceEnd, createdAt: now, updatedAt: now,
      },
    });
    await tx.referralVersion.create({ data: { referralId: r.id, versionId: 1, status: "active", resource: JSON.stringify(r.resource), messageId: r.messageId, createdAt: now } });
    // The clinical handover, in the same transaction: on the booking's row when it names one, else an expected walk-in.
    const summary = await tx.clinicalDocument.create({
      data: barsDocumentRow(
        { bundle: r.bundle, referralId: r.id, reference: r.reference, versionNumber: 1, status: "active", endedAt: null },
        { state: r.appointmentId ? "linked" : "referral-without-booking", appointmentId: r.appointmentId },
        now,
      ),
      select: { id: true, state: true },
    });
    await tx.auditEvent.create({
      data: auditRow(actor, { action: "referral.create", entityType: "ServiceRequest", entityId: r.id, patientNhsNumber: r.patient.nhsNumber, detail: { reference: r.reference, appointmentId: r.appointmentId, messageId: r.messageId, summaryRecordId: summary.id, summaryState: summary.state } }, now),
    });
  });
}

/** A booking made after its referral: the referral now names it. */
export async function linkReferralToBooking(referralId: string, appointmentId: string, actor: ConsumerActor, now: Date): Promise<void> {
  const before = await db().referral.findUnique({ where: { id: referralId }, select: { appointmentId: true } });
  // Unlinked, or (111 rebooked) linked to a booking that has since been cancelled.
  const earlier = before?.appointmentId ?? null;
  const earlierCancelled = earlier ? (await db().appointment.findUnique({ where: { id: earlier }, select: { status: true } }))?.status !== "booked" : false;
  const linked = await db().referral.updateMany({ where: { id: referralId, status: "active", appointmentId: earlierCancelled ? earlier : null }, data: { appointmentId, updatedAt: now } });
  if (linked.count !== 1) throw new VersionConflict("The referral is no longer active or is already linked to another booking");
  // Its summary leaves the walk-in list (or, after a rebooking, the list of reports to check) for the booking's row:
  // the board shows one row, with the summary.
  const current = await db().clinicalDocument.findFirst({ where: { setId: barsSetId(referralId), state: { not: "superseded" } }, orderBy: { versionNumber: "desc" }, select: { id: true, state: true, appointmentId: true } });
  const movable = current && (["referral-without-booking", "booking-cancelled", "needs-review"].includes(current.state) || (earlierCancelled && current.state === "linked" && current.appointmentId === earlier));
  if (movable) {
    await db().clinicalDocument.update({
      where: { id: current.id },
      data: { state: "linked", appointmentId, linkedAt: now, linkedById: null, stateChangedAt: now, reviewReason: null, reviewNote: null, candidateIds: appointmentId, version: { increment: 1 } },
    });
  }
  await recordAudit(actor, { action: "referral.link-booking", entityType: "ServiceRequest", entityId: referralId, detail: { appointmentId, ...(earlierCancelled ? { rebookedFrom: earlier } : {}), summaryMoved: movable ? current.id : null } });
}

export interface RevokeInput {
  id: string;
  fromVersion: number;
  status: "revoked" | "entered-in-error";
  resource: (current: Record<string, unknown>) => Record<string, unknown>;
  messageId: string;
}

/** The referral ends (revoked, or entered in error): a new version; its booking, if any, is no longer linked to an active referral. */
export async function revokeReferral(input: RevokeInput, actor: ConsumerActor, now: Date): Promise<{ versionId: number; resource: Record<string, unknown> }> {
  return db().$transaction(async (tx) => {
    const current = await tx.referralVersion.findUnique({ where: { referralId_versionId: { referralId: input.id, versionId: input.fromVersion } } });
    if (!current) throw new NotFound("The referral's current version is missing");
    const versionId = input.fromVersion + 1;
    const changed = await tx.referral.updateMany({ where: { id: input.id, fhirVersion: input.fromVersion, status: "active" }, data: { status: input.status, fhirVersion: versionId, updatedAt: now, endedAt: now } });
    if (changed.count !== 1) throw new VersionConflict("The referral changed while it was being revoked");
    const resource = input.resource(JSON.parse(current.resource));
    await tx.referralVersion.create({ data: { referralId: input.id, versionId, status: input.status, resource: JSON.stringify(resource), messageId: input.messageId, createdAt: now } });
    const row = await tx.referral.findUnique({ where: { id: input.id }, select: { patientNhsNumber: true, reference: true } });
    await recordRevocationInSummary(tx, input.id, row?.reference ?? "", versionId, input.status, now);
    await tx.auditEvent.create({ data: auditRow(actor, { action: "referral.revoke", entityType: "ServiceRequest", entityId: input.id, patientNhsNumber: row?.patientNhsNumber ?? null, detail: { status: input.status, versionId } }, now) });
    return { versionId, resource };
  });
}

/**
 * A revoked (or entered-in-error) referral stays in view with what happened and when: its summary gets a new
 * version saying so, in the place the current one held (a booking's row, or the walk-in list, where it is closed
 * with 111's reason), and the earlier version is superseded and kept. Whoever read it while active is alerted
 * again (the clinical digest includes the referral's state).
 */
async function recordRevocationInSummary(tx: Tx, referralId: string, reference: string, versionId: number, status: string, now: Date): Promise<void> {
  const current = await tx.clinicalDocument.findFirst({ where: { setId: barsSetId(referralId), state: { not: "superseded" } }, orderBy: { versionNumber: "desc" } });
  if (!current) return;
  const stored = JSON.parse(current.content) as { bundle: Record<string, unknown> };
  const state = current.state as "linked" | "referral-without-booking";
  const data = barsDocumentRow({ bundle: stored.bundle, referralId, reference, versionNumber: versionId, status, endedAt: now.toISOString() }, { state, appointmentId: current.appointmentId }, now);
  const what = status === "entered-in-error" ? "entered in error" : "revoked";
  // The new version stands where the current one stood (a booking's row, the walk-in list, or a person's list).
  const place = { reviewReason: current.reviewReason, reviewNote: current.reviewNote, candidateIds: current.candidateIds, cancelledBookingId: current.cancelledBookingId, linkedAt: current.linkedAt };
  const created = await tx.clinicalDocument.create({
    data: { ...data, ...place, ...(state === "referral-without-booking" ? { resolvedAt: now, resolution: "closed", resolutionNote: `Referral ${what} by 111` } : {}) },
    select: { id: true },
  });
  await tx.clinicalDocument.update({ where: { id: current.id }, data: { state: "superseded", supersededById: created.id, supersededAt: now, stateChangedAt: now, version: { increment: 1 } } });
}

/** A consumer reads a referral (the current version): audited before it is handed back. */
export async function readReferral(id: string, actor: ConsumerActor): Promise<{ resource: Record<string, unknown>; versionId: number; status: string; appointmentId: string | null }> {
  const r = await findReferral(id);
  if (!r) throw new NotFound(`No ServiceRequest with id ${id}`);
  const v = await db().referralVersion.findUnique({ where: { referralId_versionId: { referralId: id, versionId: r.fhirVersion } } });
  if (!v) throw new NotFound(`ServiceRequest ${id} has no current version`);
  await recordAudit(actor, { action: "bars.servicerequest.read", entityType: "ServiceRequest", entityId: id, patientNhsNumber: r.patientNhsNumber, detail: { versionId: r.fhirVersion } });
  return { resource: JSON.parse(v.resource), versionId: r.fhirVersion, status: r.status, appointmentId: r.appointmentId };
}

/**
 * A sender's search for a patient's referrals by NHS number: those the asking organisation sent (an unidentified
 * sender sees none, as for bookings). The one record of the search, written before the answer is handed back.
 */
export async function referralsOfPatient(nhsNumber: string, actor: ConsumerActor): Promise<Record<string, unknown>[]> {
  const rows = actor.odsCode
    ? await db().referral.findMany({ where: { patientNhsNumber: nhsNumber, senderOds: actor.odsCode }, orderBy: { createdAt: "asc" }, take: 100, select: { id: true, fhirVersion: true, appointmentId: true } })
    : [];
  const out: Record<string, unknown>[] = [];
  for (const r of rows) {
    const v = await db().referralVersion.findUnique({ where: { referralId_versionId: { referralId: r.id, versionId: r.fhirVersion } } });
    if (v) out.push(withLinkedBooking(JSON.parse(v.resource), r.appointmentId));
  }
  await recordAudit(actor, { action: "bars.servicerequest.search", entityType: "ServiceRequest", patientNhsNumber: nhsNumber, detail: { returned: out.length } });
  return out;
}

/** By our human-readable reference (ServiceRequest.identifier search). */
export async function referralByReference(reference: string, actor: ConsumerActor): Promise<Record<string, unknown>[]> {
  const r = await db().referral.findUnique({ where: { reference }, select: { id: true } });
  if (!r) return [];
  const found = await readReferral(r.id, actor);
  return [withLinkedBooking(found.resource, found.appointmentId)];
}

export { InvalidInput };

/**
 * The ServiceRequest as served: a booking linked after the referral was made (the booking named it in
 * `Appointment.basedOn`) is in its `supportingInfo`, so the link reads both ways whichever came first.
 */
export function withLinkedBooking(resource: Record<string, unknown>, appointmentId: string | null): Record<string, unknown> {
  if (!appointmentId) return resource;
  const info = Array.isArray(resource.supportingInfo) ? (resource.supportingInfo as { reference?: string }[]) : [];
  if (info.some((s) => s?.reference === `Appointment/${appointmentId}`)) return resource;
  return { ...resource, supportingInfo: [...info, { reference: `Appointment/${appointmentId}` }] };
}

/** The active referral a booking is linked to, for serving the booking's `basedOn`. */
export async function referralIdOfBooking(appointmentId: string): Promise<string | null> {
  const r = await db().referral.findFirst({ where: { appointmentId, status: "active" }, select: { id: true } });
  return r?.id ?? null;
}
