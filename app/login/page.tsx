import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sameOriginPath } from "@/lib/security/safe-redirect";
import { readStaffSession } from "@/lib/auth/guard";
import { ROLE_HOME } from "@/lib/auth/roles";
import { CIS2_REFUSAL_TEXT } from "@/lib/auth/cis2-roles";
import { cis2Enabled, idleMinutes } from "@/lib/auth/identity-config";
import { idleMessage } from "@/lib/auth/idle";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { Notice } from "@/components/ui/Notice";
import { Cis2Button, LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth's own error codes when the CIS2 round trip fails before our checks.
const OAUTH_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "OAuthAccountNotLinked", "Callback", "AccessDenied", "Configuration"]);

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; reason?: string; cis2?: string }> }) {
  const session = await readStaffSession();
  if (session.kind === "staff") redirect(session.staff.twoFactorPending ? "/account/two-factor" : ROLE_HOME[session.staff.role]);
  const { callbackUrl, error, reason, cis2 } = await searchParams;
  // Only same-site paths: never send someone to another origin after sign-in.
  const next = sameOriginPath(callbackUrl);
  const withCis2 = cis2Enabled();
  const cis2Refusal = cis2 && Object.hasOwn(CIS2_REFUSAL_TEXT, cis2) ? CIS2_REFUSAL_TEXT[cis2] : cis2 || (error && OAUTH_ERRORS.has(error)) ? CIS2_REFUSAL_TEXT.failed : null;
  return (
    <>
      <header className="bg-nhs-blue text-white">
        <div className="mx-auto max-w-5xl px-4 py-4">
          <p className="text-xl font-bold">ED arrivals and capacity</p>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8">
        <h1>Sign in</h1>
        {reason === "idle" && (
          <Notice title="Signed out" role="status">
            {idleMessage(idleMinutes())}
          </Notice>
        )}
        {reason === "signed-out" && (
          <Notice tone="success" title="You have signed out" role="status">
            Sign in again to carry on. On a shared computer, close the browser when you have finished.
          </Notice>
        )}
        {reason === "two-factor" && (
          <Notice tone="success" title="Two-factor sign-in is set up" role="status">
            Sign in again with your password and the code from your authenticator app.
          </Notice>
        )}
        {cis2Refusal && (
          <div className="max-w-xl">
            <ErrorSummary title="You cannot sign in with NHS Care Identity" errors={[{ message: cis2Refusal }]} />
          </div>
        )}
        <p className="mb-6 max-w-xl">This system holds patient information: do not share your password or smartcard, and do not leave a session signed in on a shared computer.</p>
        {withCis2 ? (
          <>
            <p className="mb-4 max-w-xl">Use your NHS smartcard or NHS Care Identity authenticator.</p>
            <div className="mb-10">
              <Cis2Button next={next} />
            </div>
            <h2>If NHS Care Identity is not working</h2>
            <p className="mb-4 max-w-xl">
              Sign in with your ED account instead. This is a break-glass sign-in: give the reason, which is recorded and reviewed.
            </p>
            <LoginForm next={next} cis2Enabled />
          </>
        ) : (
          <>
            <p className="mb-6 max-w-xl">Use your ED staff account.</p>
            <LoginForm next={next} cis2Enabled={false} />
          </>
        )}
      </main>
    </>
  );
}
