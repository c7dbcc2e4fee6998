"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { reissueSessionCookie } from "@/lib/auth/session-cookie";
import { changeOwnPassword } from "@/lib/staff/change-own-password";
import { ROLE_HOME, ROLES } from "@/lib/auth/roles";
import { staffAction } from "@/lib/staff/staff-action";

export const changePasswordAction = staffAction({ roles: ROLES, allowPasswordChange: true }, async (_input, staff, { values }) => {
  const { sessionVersion } = await changeOwnPassword({ currentPassword: values.currentPassword ?? "", newPassword: values.newPassword ?? "", confirmPassword: values.confirmPassword ?? "" }, staff);
  // Every other session of this person has ended; this one carries on with the new session version.
  await reissueSessionCookie(await cookies(), { sv: sessionVersion, mcp: false });
  redirect(`${ROLE_HOME[staff.role]}?password=changed`);
});
