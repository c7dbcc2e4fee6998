import { readStoredDocument } from "./stored-document";
import { z } from "zod";
import { db, type Tx } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, NotFound, VersionConflict } from "../errors";
import { bookingPatient, compareDemographics } from "./match-document";
import { now as clockNow } from "../time/clock";

/**
 * A person takes a report off the booking it is attached to (unlink), or moves it to another booking (relink):
 * no matcher catches a report whose patient details 111 typed wrongly, nor a reviewer's slip. Both need a
 * reason, are guarded by the report's version and audited with the old and the new booking; the earlier link
 * stays in the report's history (document-history.ts). An unlinked report goes to review, never out of view.
 */
const reason = z.string().trim().min(1, "Say why the report is on the wrong booking").max(500, "Keep the reason to 500 characters or fewer");
const confirmed = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());

export const unlinkDocumentInput = z.object({
  recordId: z.string().min(1),
  expectedVersion: z.coerce.number().int().positive(),
  reason,
});
export type UnlinkDocumentInput = z.infer<typeof unlinkDocumentInput>;

export const relinkDocumentInput = z.object({
  recordId: z.string().min(1),
  bookingId: z.string().min(1, "Choose a booking"),
  expectedVersion: z.coerce.number().int().positive(),
  confirmed,
  reason,
});
export type RelinkDocumentInput = z.infer<typeof relinkDocumentInput>;

const CHANGED_MEANWHILE = "Someone else changed this report while you were looking at it. Check it again.";

function requireReviewer(actor: StaffActor) {
  if (actor.role !== "clerk" && actor.role !== "clinician") throw new Forbidden("Only clerks and clinicians can move a report between bookings");
}

async function linkedRow(tx: Tx, recordId: string, expectedVersion: number) {
  const row = await tx.clinicalDocument.findUnique({ where: { id: recordId } });
  if (!row) throw new NotFound("No clinical document with that reference");
  if (row.version !== expectedVersion) throw new VersionConflict(CHANGED_MEANWHILE);
  if (row.state !== "linked" || !row.appointmentId) throw new VersionConflict("This report is not attached to a booking any more");
  return { ...row, appointmentId: row.appointmentId };
}

/** Earlier versions of the report go with it: they are the same patient's, and must not stay on the old booking. */
async function moveEarlierVersions(tx: Tx, row: { id: string; setId: string | null; appointmentId: string }, to: string | null) {
  await tx.clinicalDocument.updateMany({
    where: { state: "superseded", appointmentId: row.appointmentId, OR: [{ supersededById: row.id }, ...(row.setId ? [{ setId: row.setId }] : [])] },
    data: { appointmentId: to, version: { increment: 1 } },
  });
}

export async function unlinkDocument(input: UnlinkDocumentInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requireReviewer(actor);
  await db().$transaction(async (tx) => {
    const row = await linkedRow(tx, input.recordId, input.expectedVersion);
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: row.version, state: "linked" },
      data: {
        state: "needs-review",
        appointmentId: null,
        linkedAt: null,
        linkedById: null,
        reviewReason: "unlinked",
        reviewNote: input.reason,
        // The booking it came off stays a candidate, so the reviewer sees it beside the others.
        candidateIds: [...new Set([row.appointmentId, ...(row.candidateIds ?? "").split(",").filter(Boolean)])].join(","),
        stateChangedAt: now,
        version: { increment: 1 },
      },
    });
    if (count !== 1) throw new VersionConflict(CHANGED_MEANWHILE);
    await moveEarlierVersions(tx, row, null);
    await recordAudit(
      actor,
      {
        action: "document.unlink",
        entityType: "ClinicalDocument",
        entityId: row.id,
        patientNhsNumber: row.nhsNumber,
        reason: input.reason,
        detail: { from: "linked", to: "needs-review", fromBookingId: row.appointmentId, toBookingId: null },
      },
      tx,
    );
  });
}

export async function relinkDocument(input: RelinkDocumentInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requireReviewer(actor);
  if (!input.confirmed) {
    const message = "Confirm that you have checked the patient in the report is the patient in the booking";
    throw new InvalidInput(message, { confirmed: message });
  }
  await db().$transaction(async (tx) => {
    const row = await linkedRow(tx, input.recordId, input.expectedVersion);
    if (row.appointmentId === input.bookingId) throw new InvalidInput("The report is already attached to this booking", { bookingId: "Choose another booking" });
    const booking = await tx.appointment.findUnique({ where: { id: input.bookingId }, include: { patient: true } });
    if (!booking) throw new NotFound("No booking with that reference");
    if (booking.status !== "booked") throw new InvalidInput("This booking was cancelled: a report cannot be attached to it", { bookingId: "Choose an active booking" });
    const comparison = compareDemographics(readStoredDocument(row), bookingPatient(booking.patient));
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: row.version, state: "linked" },
      data: {
        appointmentId: booking.id,
        linkedAt: now,
        linkedById: actor.id,
        candidateIds: [...new Set([booking.id, row.appointmentId, ...(row.candidateIds ?? "").split(",").filter(Boolean)])].join(","),
        stateChangedAt: now,
        version: { increment: 1 },
      },
    });
    if (count !== 1) throw new VersionConflict(CHANGED_MEANWHILE);
    await moveEarlierVersions(tx, row, booking.id);
    await recordAudit(
      actor,
      {
        action: "document.relink",
        entityType: "ClinicalDocument",
        entityId: row.id,
        patientNhsNumber: booking.patient.nhsNumber ?? row.nhsNumber,
        reason: input.reason,
        detail: {
          fromBookingId: row.appointmentId,
          toBookingId: booking.id,
          nhsNumber: comparison.nhsNumber.agreement,
          birthDate: comparison.birthDate.agreement,
          familyName: comparison.familyName.agreement,
          givenName: comparison.givenName.agreement,
          sex: comparison.sex.agreement,
        },
      },
      tx,
    );
  });
}
