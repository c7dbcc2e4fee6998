"use server";

import { revalidatePath } from "next/cache";
import { createStaffUser, createStaffUserInput } from "@/lib/staff/create-staff-user";
import { updateStaffUser, updateStaffUserInput } from "@/lib/staff/update-staff-user";
import { staffAction } from "@/lib/staff/staff-action";

const REFUSED = "Only administrators can change staff accounts";

export const createStaffAction = staffAction(
  { roles: ["admin"], refused: REFUSED, schema: createStaffUserInput, invalidMessage: "Check the account details", keepValues: ["name", "username", "role"] },
  async (input, admin) => {
    await createStaffUser(input, admin);
    revalidatePath("/admin");
    return { ok: `Account created for ${input.name}. They must choose a new password when they first sign in.` };
  },
);

export const updateStaffAction = staffAction({ roles: ["admin"], refused: REFUSED, schema: updateStaffUserInput, invalidMessage: "Check the details" }, async (input, admin) => {
  await updateStaffUser(input, admin);
  revalidatePath("/admin");
  const done: Record<string, string> = {
    role: "Role changed.",
    disable: "Account disabled. Their sessions have ended.",
    enable: "Account enabled.",
    "reset-password": "Password reset. They must choose a new one when they next sign in.",
    "reset-two-factor": "Two-factor sign-in reset. They set it up again when they next sign in with their password.",
  };
  return { ok: done[input.change] };
});
