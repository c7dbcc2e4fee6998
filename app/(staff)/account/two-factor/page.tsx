import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/guard";
import { otpauthUri } from "@/lib/auth/totp";
import { startTotpEnrolment } from "@/lib/staff/totp-enrolment";
import { Notice } from "@/components/ui/Notice";
import { EnrolForm } from "./enrol-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };
export const dynamic = "force-dynamic";

export default async function TwoFactorPage() {
  const staff = await requirePageRole(["admin"], { allowTwoFactorSetup: true });
  if (staff.method === "cis2") {
    return (
      <>
        <h1>Two-factor sign-in</h1>
        <p>You signed in with NHS Care Identity, which is already strong authentication. Nothing to set up here.</p>
      </>
    );
  }
  const s = await startTotpEnrolment(staff.id);
  if (s.state === "enrolled") {
    return (
      <>
        <h1>Two-factor sign-in</h1>
        <p>Two-factor sign-in is set up for your account. If you lose your authenticator, ask another administrator to reset it.</p>
      </>
    );
  }
  const grouped = s.secret.match(/.{1,4}/g)?.join(" ") ?? s.secret;
  return (
    <>
      <h1>Set up two-factor sign-in</h1>
      <Notice tone="warning" title="Administrators need a second factor">
        Every password sign-in to an administrator account needs a code from an authenticator app as well. Set it up now to continue.
      </Notice>
      <ol className="mb-6 max-w-2xl list-decimal space-y-3 pl-6">
        <li>Open an authenticator app on your work phone (for example Microsoft Authenticator) and add an account by entering a key.</li>
        <li>
          Enter this key (time-based, 6 digits, every 30 seconds):
          <p className="my-2 font-mono text-xl font-bold" data-testid="totp-secret">
            {grouped}
          </p>
          Or, if the app accepts a link, use: <code className="break-all" data-testid="totp-uri">{otpauthUri(s.secret, staff.username)}</code>
        </li>
        <li>Enter the code the app shows. You will then sign in again with your password and a code.</li>
      </ol>
      <EnrolForm />
    </>
  );
}
