"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentStaff } from "@/lib/auth/guard";
import { createStaffUser, createStaffUserInput } from "@/lib/staff/create-staff-user";
import { updateStaffUser, updateStaffUserInput } from "@/lib/staff/update-staff-user";
import { DomainError } from "@/lib/errors";

export interface FormState {
  ok?: string;
  error?: string;
  fields?: Record<string, string>;
  /** What was typed (never passwords), so a refused form keeps the person's input. */
  values?: Record<string, string>;
}

async function requireAdmin() {
  const staff = await currentStaff();
  if (!staff || staff.role !== "admin" || staff.mustChangePassword) throw new Error("Only administrators can change staff accounts");
  return staff;
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

export async function createStaffAction(_prev: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  const values = { name: String(form.get("name") ?? ""), username: String(form.get("username") ?? ""), role: String(form.get("role") ?? "") };
  const parsed = createStaffUserInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Check the account details", fields: fieldErrors(parsed.error), values };
  try {
    await createStaffUser(parsed.data, admin);
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message, fields: e.fieldErrors, values };
    throw e;
  }
  revalidatePath("/admin");
  return { ok: `Account created for ${parsed.data.name}. They must choose a new password when they first sign in.` };
}

export async function updateStaffAction(_prev: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin();
  const parsed = updateStaffUserInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: "Check the details", fields: fieldErrors(parsed.error) };
  try {
    await updateStaffUser(parsed.data, admin);
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message, fields: e.fieldErrors };
    throw e;
  }
  revalidatePath("/admin");
  const done: Record<string, string> = {
    role: "Role changed.",
    disable: "Account disabled. Their sessions have ended.",
    enable: "Account enabled.",
    "reset-password": "Password reset. They must choose a new one when they next sign in.",
    "reset-two-factor": "Two-factor sign-in reset. They set it up again when they next sign in with their password.",
  };
  return { ok: done[parsed.data.change] };
}
