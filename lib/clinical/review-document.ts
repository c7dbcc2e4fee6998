import { readStoredDocument } from "./stored-document";
import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, NotFound, VersionConflict } from "../errors";
import { bookingPatient, compareDemographics } from "./match-document";
import { LINKABLE_STATES, type DocumentState } from "./store/document-states";
import { supersedeEarlierVersions } from "./store/supersede-earlier-versions";
import { now as clockNow } from "../time/clock";

/**
 * What a clerk (or clinician) decides about a report the system would not link by itself: attach it to
 * one booking after comparing the patient details side by side, or record it as a referral without a
 * booking (an expected walk-in). Both are audited and guarded by the document's version, so two people
 * acting at once cannot both succeed.
 */
export const linkDocumentInput = z.object({
  recordId: z.string().min(1),
  bookingId: z.string().min(1, "Choose a booking"),
  expectedVersion: z.coerce.number().int().positive(),
  confirmed: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()),
  note: z.string().trim().max(500, "Keep the note to 500 characters or fewer").optional().default(""),
});
export type LinkDocumentInput = z.infer<typeof linkDocumentInput>;

export const referralWithoutBookingInput = z.object({
  recordId: z.string().min(1),
  expectedVersion: z.coerce.number().int().positive(),
  note: z.string().trim().max(500, "Keep the note to 500 characters or fewer").optional().default(""),
});
export type ReferralWithoutBookingInput = z.infer<typeof referralWithoutBookingInput>;

function requireReviewer(actor: StaffActor) {
  if (actor.role !== "clerk" && actor.role !== "clinician") throw new Forbidden("Only clerks and clinicians can deal with clinical documents");
}

export async function linkDocumentToBooking(input: LinkDocumentInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requireReviewer(actor);
  if (!input.confirmed) {
    const message = "Confirm that you have checked the patient in the report is the patient in the booking";
    throw new InvalidInput(message, { confirmed: message });
  }
  await db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: input.recordId } });
    if (!row) throw new NotFound("No clinical document with that reference");
    if (!LINKABLE_STATES.includes(row.state as DocumentState)) throw new VersionConflict("This report has already been dealt with");
    if (row.version !== input.expectedVersion) throw new VersionConflict("Someone else changed this report while you were looking at it. Check it again.");
    const booking = await tx.appointment.findUnique({ where: { id: input.bookingId }, include: { patient: true } });
    if (!booking) throw new NotFound("No booking with that reference");
    if (booking.status !== "booked") throw new InvalidInput("This booking was cancelled: a report cannot be attached to it", { bookingId: "Choose an active booking" });
    const comparison = compareDemographics(readStoredDocument(row), bookingPatient(booking.patient));
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: row.version },
      data: {
        state: "linked",
        appointmentId: booking.id,
        linkedAt: now,
        linkedById: actor.id,
        stateChangedAt: now,
        reviewNote: input.note || row.reviewNote,
        // A report closed with no further action and attached after all is no longer closed (its history keeps the close).
        ...(row.state === "closed-no-action" ? { resolution: null, resolutionNote: null, resolvedAt: null, resolvedById: null } : {}),
        version: { increment: 1 },
      },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this report while you were looking at it. Check it again.");
    // Confirming a changed version (replaces-linked-report) is what makes it current: the earlier one is kept as superseded.
    const superseded = await supersedeEarlierVersions(tx, row, booking.id, now);
    await recordAudit(
      actor,
      {
        action: "document.link",
        entityType: "ClinicalDocument",
        entityId: row.id,
        patientNhsNumber: booking.patient.nhsNumber ?? row.nhsNumber,
        reason: input.note || null,
        detail: {
          bookingId: booking.id,
          from: row.state,
          reviewReason: row.reviewReason,
          nhsNumber: comparison.nhsNumber.agreement,
          birthDate: comparison.birthDate.agreement,
          familyName: comparison.familyName.agreement,
          givenName: comparison.givenName.agreement,
          sex: comparison.sex.agreement,
          ...(superseded.length ? { supersedes: superseded } : {}),
        },
      },
      tx,
    );
  });
}

export async function markReferralWithoutBooking(input: ReferralWithoutBookingInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requireReviewer(actor);
  await db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: input.recordId } });
    if (!row) throw new NotFound("No clinical document with that reference");
    if (row.state !== "needs-review" && row.state !== "awaiting-booking" && row.state !== "booking-cancelled" && row.state !== "information") throw new VersionConflict("This report has already been dealt with");
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: input.expectedVersion },
      data: { state: "referral-without-booking", appointmentId: null, stateChangedAt: now, reviewNote: input.note || row.reviewNote, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this report while you were looking at it. Check it again.");
    await recordAudit(
      actor,
      { action: "document.referral-without-booking", entityType: "ClinicalDocument", entityId: row.id, patientNhsNumber: row.nhsNumber, reason: input.note || null, detail: { from: row.state, reviewReason: row.reviewReason } },
      tx,
    );
  });
}
