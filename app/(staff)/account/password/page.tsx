import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { ROLES } from "@/lib/auth/roles";
import { Notice } from "@/components/ui/Notice";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change your password" };
export const dynamic = "force-dynamic";

export default async function PasswordPage() {
  const staff = await requirePageRole(ROLES, { allowPasswordChange: true });
  return (
    <>
      <h1>Change your password</h1>
      {staff.mustChangePassword && (
        <Notice tone="warning" title="You need to choose a new password">
          Your account has a temporary password. Choose your own before you continue.
        </Notice>
      )}
      <PasswordForm />
    </>
  );
}
