import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { DuplicateRequest, InvalidInput, NotFound, VersionConflict } from "../errors";

export interface CancelInput {
  appointmentId: string;
  /** The FHIR versionId the caller last saw (If-Match). Required for consumers; staff may pass the current one. */
  expectedVersion: number;
  by: "consumer" | "ed";
  reason?: string | null;
  /**
   * The resource to store as the new version, given the stored current one. The FHIR door stores what the consumer
   * PUT (after checking only `status` changed); the ED door copies the current version with status cancelled.
   */
  newResource: (current: Record<string, unknown>) => Record<string, unknown>;
  idempotency?: { scope: string; requestId: string };
}

export interface CancelResult {
  appointmentId: string;
  versionId: number;
  lastUpdated: Date;
  resource: Record<string, unknown>;
}

/**
 * Cancels a booking: a new FHIR version with status `cancelled` (earlier versions kept), the slot freed for
 * someone else, and an audit event, all in one transaction. A stale version is refused (409), so a consumer
 * never cancels something that changed under it. The ED's own workflow fields never change the FHIR version,
 * so staff marking a patient arrived does not break a consumer's cancel.
 */
export async function cancelBooking(input: CancelInput, actor: Actor, now = new Date()): Promise<CancelResult> {
  if (input.by === "ed" && !input.reason?.trim()) throw new InvalidInput("Enter a reason for cancelling", { reason: "Enter a reason for cancelling" });
  return db().$transaction(async (tx) => {
    const appt = await tx.appointment.findUnique({ where: { id: input.appointmentId }, include: { patient: true } });
    if (!appt) throw new NotFound("No booking with that id");
    await tx.healthcareService.update({ where: { id: appt.serviceId }, data: { bookingSeq: { increment: 1 } } });
    if (input.idempotency) {
      const seen = await tx.idempotencyKey.findUnique({
        where: { scope_requestId: { scope: input.idempotency.scope, requestId: input.idempotency.requestId } },
      });
      if (seen) throw new DuplicateRequest("This X-Request-ID was already used", seen.appointmentId ?? undefined);
    }
    if (appt.fhirVersion !== input.expectedVersion) {
      throw new VersionConflict(`The booking is at version ${appt.fhirVersion}, not ${input.expectedVersion}`);
    }
    if (appt.status === "cancelled") throw new VersionConflict("The booking is already cancelled");
    const current = await tx.appointmentVersion.findUniqueOrThrow({
      where: { appointmentId_versionId: { appointmentId: appt.id, versionId: appt.fhirVersion } },
    });
    const versionId = appt.fhirVersion + 1;
    const base = input.newResource(JSON.parse(current.resource) as Record<string, unknown>);
    const resource = {
      ...base,
      id: appt.id,
      status: "cancelled",
      meta: { ...((base.meta as object) ?? {}), versionId: String(versionId), lastUpdated: now.toISOString() },
    };
    const { count } = await tx.appointment.updateMany({
      where: { id: appt.id, fhirVersion: appt.fhirVersion },
      data: {
        status: "cancelled",
        fhirVersion: versionId,
        lastUpdated: now,
        activeSlotId: null,
        cancelledAt: now,
        cancelledBy: input.by,
        cancelReason: input.reason ?? null,
      },
    });
    if (count !== 1) throw new VersionConflict("The booking changed while it was being cancelled");
    await tx.appointmentVersion.create({
      data: {
        appointmentId: appt.id,
        versionId,
        status: "cancelled",
        resource: JSON.stringify(resource),
        createdAt: now,
        changedBy: actor.type,
        changedById: actor.type === "staff" ? actor.id : actor.type === "consumer" ? (actor.asid ?? null) : null,
      },
    });
    // Free the slot for someone else (unless staff blocked it meanwhile).
    await tx.slot.updateMany({ where: { id: appt.slotId, status: "busy" }, data: { status: "free", version: { increment: 1 } } });
    if (input.idempotency) {
      await tx.idempotencyKey.create({
        data: { scope: input.idempotency.scope, requestId: input.idempotency.requestId, interaction: "update:appointment", appointmentId: appt.id },
      });
    }
    await tx.healthcareService.update({ where: { id: appt.serviceId }, data: { availabilityVersion: { increment: 1 } } });
    // The 111 report of a cancelled booking is decoupled from it: kept (and still showing which booking it came
    // with) but no longer attached, and not a referral in its own right (UEC Booking, cancel). Staff may attach it
    // to another booking from the documents page.
    const decoupled = await tx.clinicalDocument.updateMany({
      where: { appointmentId: appt.id, state: "linked" },
      data: { state: "booking-cancelled", stateChangedAt: now, version: { increment: 1 } },
    });
    await recordAudit(
      actor,
      {
        action: "booking.cancel",
        entityType: "Appointment",
        entityId: appt.id,
        patientNhsNumber: appt.patient.nhsNumber,
        reason: input.reason ?? null,
        detail: { by: input.by, versionId, ...(decoupled.count ? { documentsDecoupled: decoupled.count } : {}) },
      },
      tx,
    );
    return { appointmentId: appt.id, versionId, lastUpdated: now, resource };
  });
}
