"use server";

import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/guard";
import { formResult, zodFieldErrors, type FormState } from "@/lib/arrivals/form-state";
import { linkDocumentInput, linkDocumentToBooking, markReferralWithoutBooking, referralWithoutBookingInput } from "@/lib/clinical/review-document";

async function reviewer() {
  const staff = await currentStaff();
  if (!staff || staff.mustChangePassword || (staff.role !== "clerk" && staff.role !== "clinician")) throw new Error("You do not have access to this");
  return staff;
}

export async function linkDocumentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await reviewer();
  const parsed = linkDocumentInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Check the details", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => linkDocumentToBooking(parsed.data, staff), "The report is now attached to this booking.");
  revalidatePath(`/documents/${parsed.data.recordId}`);
  revalidatePath("/documents");
  return r;
}

export async function referralWithoutBookingAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await reviewer();
  const parsed = referralWithoutBookingInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Check the details", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => markReferralWithoutBooking(parsed.data, staff), "Recorded as a referral without a booking: the patient is expected as a walk-in.");
  revalidatePath(`/documents/${parsed.data.recordId}`);
  revalidatePath("/documents");
  return r;
}
