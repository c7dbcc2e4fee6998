"use server";

import { revalidatePath } from "next/cache";
import { currentStaff } from "@/lib/auth/guard";
import { closeContactTask, closeContactTaskInput, contactAttemptInput, recordContactAttempt } from "@/lib/arrivals/contact-tasks";
import { formResult, zodFieldErrors, type FormState } from "@/lib/arrivals/form-state";

async function staffMember() {
  const staff = await currentStaff();
  if (!staff || staff.mustChangePassword || (staff.role !== "clerk" && staff.role !== "clinician")) throw new Error("You do not have access to this");
  return staff;
}

export async function contactAttemptAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffMember();
  const parsed = contactAttemptInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Choose what happened", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => recordContactAttempt(parsed.data, staff), "Call recorded. The task stays open.");
  revalidatePath("/tasks");
  return r;
}

export async function closeTaskAction(_prev: FormState, form: FormData): Promise<FormState> {
  const staff = await staffMember();
  const parsed = closeContactTaskInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Enter who called, who they spoke to and the advice given", fields: zodFieldErrors(parsed.error) };
  const r = await formResult(() => closeContactTask(parsed.data, staff), "Task closed.");
  revalidatePath("/tasks");
  return r;
}
