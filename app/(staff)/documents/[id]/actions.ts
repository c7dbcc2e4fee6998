"use server";

import { linkDocumentInput, linkDocumentToBooking, markReferralWithoutBooking, referralWithoutBookingInput } from "@/lib/clinical/review-document";
import { resolveWalkIn, resolveWalkInInput } from "@/lib/clinical/resolve-walk-in";
import { relinkDocument, relinkDocumentInput, unlinkDocument, unlinkDocumentInput } from "@/lib/clinical/relink-document";
import { closeDocumentInput, closeDocumentNoFurtherAction } from "@/lib/clinical/close-document";
import { staffAction } from "@/lib/staff/staff-action";

const reviewers = { roles: ["clerk", "clinician"], invalidMessage: "Check the details", refresh: ({ recordId }: { recordId: string }) => [`/documents/${recordId}`, "/documents"] } as const;

export const linkDocumentAction = staffAction({ ...reviewers, schema: linkDocumentInput }, async (input, staff) => {
  await linkDocumentToBooking(input, staff);
  return { ok: "The report is now attached to this booking." };
});

export const referralWithoutBookingAction = staffAction({ ...reviewers, schema: referralWithoutBookingInput }, async (input, staff) => {
  await markReferralWithoutBooking(input, staff);
  return { ok: "Recorded as a referral without a booking: the patient is expected as a walk-in." };
});

export const resolveWalkInAction = staffAction({ ...reviewers, refresh: ({ recordId }: { recordId: string }) => [`/documents/${recordId}`, "/documents", "/arrivals"], schema: resolveWalkInInput }, async (input, staff) => {
  await resolveWalkIn(input, staff);
  return { ok: input.outcome === "arrived" ? "Recorded that the patient has arrived." : "Closed: this walk-in is no longer expected." };
});

export const relinkDocumentAction = staffAction({ ...reviewers, schema: relinkDocumentInput, keepValues: ["reason"] }, async (input, staff) => {
  await relinkDocument(input, staff);
  return { ok: "The report is now attached to this booking. The earlier link is kept in its history." };
});

export const unlinkDocumentAction = staffAction({ ...reviewers, schema: unlinkDocumentInput, keepValues: ["reason"] }, async (input, staff) => {
  await unlinkDocument(input, staff);
  return { ok: "The report is no longer attached to that booking. It is waiting for a person to attach it to the right one." };
});

export const closeDocumentAction = staffAction(
  { roles: ["clinician"], invalidMessage: "Check the details", refresh: ({ recordId }: { recordId: string }) => [`/documents/${recordId}`, "/documents"], schema: closeDocumentInput, keepValues: ["reason"] },
  async (input, staff) => {
    await closeDocumentNoFurtherAction(input, staff);
    return { ok: "Closed with no further action. The report stays in the closed list on the clinical documents page, with your reason." };
  },
);
