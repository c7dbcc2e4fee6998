"use server";

import { redirect } from "next/navigation";
import { readStaffSession } from "@/lib/auth/guard";
import { confirmTotpEnrolment } from "@/lib/staff/totp-enrolment";
import { DomainError } from "@/lib/errors";

export interface EnrolState {
  error?: string;
}

export async function confirmTwoFactorAction(_prev: EnrolState, form: FormData): Promise<EnrolState> {
  const s = await readStaffSession();
  if (s.kind !== "staff" || s.staff.role !== "admin") return { error: "Sign in again to set up two-factor sign-in" };
  try {
    await confirmTotpEnrolment(s.staff, String(form.get("code") ?? ""));
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message };
    throw e;
  }
  redirect("/login?reason=two-factor");
}
