"use server";

import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/guard";
import type { Role } from "@/lib/auth/roles";
import { addBookingNote, addBookingNoteInput } from "@/lib/arrivals/add-booking-note";
import { cancelBookingByEd, cancelByEdInput } from "@/lib/arrivals/cancel-booking-by-ed";
import { formResult, zodFieldErrors, type FormState } from "@/lib/arrivals/form-state";
import { markArrived, markArrivedInput } from "@/lib/arrivals/mark-arrived";
import { markDidNotAttend, markDidNotAttendInput, reviewDidNotAttend, reviewDidNotAttendInput } from "@/lib/arrivals/mark-did-not-attend";
import { londonToday, wallClockToInstants, isWallTime } from "@/lib/time/london";

async function staffFor(roles: readonly Role[]) {
  const staff = await currentStaff();
  if (!staff || staff.mustChangePassword || !roles.includes(staff.role)) throw new Error("You do not have access to this");
  return staff;
}

const done = (id: string) => {
  revalidatePath(`/arrivals/${id}`);
  revalidatePath("/arrivals");
};

export async function markArrivedAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffFor(["clinician", "clerk"]);
  const time = String(form.get("arrivedTime") ?? "").trim();
  let arrivedAt: Date | undefined;
  if (time) {
    if (!isWallTime(time)) return { error: "Enter the arrival time as hours and minutes, for example 14:05", fields: { arrivedTime: "Enter a time like 14:05" } };
    arrivedAt = wallClockToInstants(londonToday(), time)[0];
    if (!arrivedAt) return { error: "That time does not exist today (the clocks changed)", fields: { arrivedTime: "Enter a time that exists today" } };
  }
  const parsed = markArrivedInput.safeParse({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion"), arrivedAt });
  if (!parsed.success) return { error: "Check the details", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => markArrived(parsed.data, staff), "Marked as arrived.");
  done(parsed.data.bookingId);
  return r;
}

export async function addNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffFor(["clinician", "clerk"]);
  const parsed = addBookingNoteInput.safeParse({ bookingId: form.get("bookingId"), text: form.get("text") });
  if (!parsed.success) return { error: "Check the note", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => addBookingNote(parsed.data, staff), "Note added.");
  done(parsed.data.bookingId);
  return r;
}

export async function markDidNotAttendAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffFor(["clinician", "clerk"]);
  const parsed = markDidNotAttendInput.safeParse({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion") });
  if (!parsed.success) return { error: "Check the details", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => markDidNotAttend(parsed.data, staff), "Marked as did not attend. A clinician will review it.");
  done(parsed.data.bookingId);
  return r;
}

export async function reviewDidNotAttendAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffFor(["clinician"]);
  const parsed = reviewDidNotAttendInput.safeParse({ bookingId: form.get("bookingId"), expectedWorkflowVersion: form.get("workflowVersion"), note: form.get("note") });
  if (!parsed.success) return { error: "Check the review", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => reviewDidNotAttend(parsed.data, staff), "Review recorded.");
  done(parsed.data.bookingId);
  revalidatePath("/arrivals/did-not-attend");
  return r;
}

export async function cancelByEdAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffFor(["clinician", "clerk"]);
  if (form.get("understood") !== "on") {
    return { error: "Confirm that someone will phone the patient", fields: { understood: "Confirm that someone will phone the patient" } };
  }
  const parsed = cancelByEdInput.safeParse({ bookingId: form.get("bookingId"), expectedVersion: form.get("fhirVersion"), reason: form.get("reason") });
  if (!parsed.success) return { error: "Check the cancellation", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => cancelBookingByEd(parsed.data, staff), "Booking cancelled and the slot freed. A task to phone the patient has been added to the contact tasks list.");
  done(parsed.data.bookingId);
  revalidatePath("/tasks");
  return r;
}
