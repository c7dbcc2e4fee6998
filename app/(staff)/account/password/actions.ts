"use server";

import { redirect } from "next/navigation";
import { changeOwnPassword } from "@/lib/staff/change-own-password";
import { ROLE_HOME, ROLES } from "@/lib/auth/roles";
import { staffAction } from "@/lib/staff/staff-action";

export const changePasswordAction = staffAction({ roles: ROLES, allowPasswordChange: true }, async (_input, staff, { values }) => {
  await changeOwnPassword({ currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "", confirmPassword: values.confirmPassword ?? "" }, staff);
  redirect(`${ROLE_HOME[staff.role]}?password=changed`);
});
