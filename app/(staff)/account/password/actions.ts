"use server";

import { redirect } from "next/navigation";
import { currentStaff } from "@/lib/auth/guard";
import { changeOwnPassword } from "@/lib/staff/change-own-password";
import { ROLE_HOME } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";

export interface PasswordFormState {
  error?: string;
  fields?: Record<string, string>;
}

export async function changePasswordAction(_prev: PasswordFormState, form: FormData): Promise<PasswordFormState> {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  try {
    await changeOwnPassword(
      {
        currentPassword: String(form.get("currentPassword") ?? ""),
        newPassword: String(form.get("newPassword") ?? ""),
        confirmPassword: String(form.get("confirmPassword") ?? ""),
      },
      staff,
    );
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message, fields: e.fieldErrors };
    throw e;
  }
  redirect(`${ROLE_HOME[staff.role]}?password=changed`);
}
