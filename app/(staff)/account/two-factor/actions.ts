"use server";

import { redirect } from "next/navigation";
import { confirmTotpEnrolment } from "@/lib/staff/totp-enrolment";
import { staffAction } from "@/lib/staff/staff-action";

export const confirmTwoFactorAction = staffAction({ roles: ["admin"], refused: "Sign in again to set up two-factor sign-in", allowTwoFactorSetup: true }, async (_input, staff, { values }) => {
  await confirmTotpEnrolment(staff, values.code ?? "");
  redirect("/login?reason=two-factor");
});
