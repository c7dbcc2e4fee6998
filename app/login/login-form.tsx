"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { sameOriginPath } from "@/lib/security/safe-redirect";
import { useRef, useState, useEffect } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { FieldShell, TextInput } from "@/components/ui/Field";

const REASON_MAX = 500;

/** Reads the sign-in provider's answer: `NEED_CODE|message` and `NEED_REASON|message` ask for one more field. */
function readError(error: string): { needs?: "code" | "reason"; message: string } {
  const m = /^NEED_(CODE|REASON)\|(.*)$/s.exec(error);
  if (m) return { needs: m[1] === "CODE" ? "code" : "reason", message: m[2] };
  return { message: error !== "CredentialsSignin" ? error : "Enter a correct user name and password" };
}

export function LoginForm({ next, cis2Enabled }: { next: string; cis2Enabled: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [askCode, setAskCode] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) summaryRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [error]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    const code = String(form.get("code") ?? "");
    const reason = String(form.get("reason") ?? "");
    if (!username || !password) {
      setError({ field: "username", message: "Enter your user name and password" });
      return;
    }
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { username, password, code, reason, redirect: false });
    setBusy(false);
    if (!res || res.error) {
      const r = readError(res?.error ?? "CredentialsSignin");
      if (r.needs === "code") {
        setAskCode(true);
        setError({ field: "code", message: r.message });
        setTimeout(() => document.getElementById("code")?.focus(), 0);
      } else {
        setError({ field: r.needs === "reason" ? "reason" : "username", message: r.message });
      }
      return;
    }
    router.replace(sameOriginPath(next));
    router.refresh();
  }

  return (
    <div ref={summaryRef} className="max-w-md">
      {error && <ErrorSummary errors={[error]} />}
      <form onSubmit={onSubmit} noValidate>
        <TextInput id="username" label="User name" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
        <TextInput id="password" label="Password" type="password" autoComplete="current-password" required />
        {cis2Enabled && (
          <FieldShell
            id="reason"
            label="Why are you not using NHS Care Identity?"
            hint="For example: smartcard reader not working. This is recorded. Administrators do not need to give a reason."
            error={error?.field === "reason" ? error.message : undefined}
          >
            <textarea
              id="reason"
              name="reason"
              rows={2}
              maxLength={REASON_MAX}
              aria-describedby={`reason-hint${error?.field === "reason" ? " reason-error" : ""}`}
              className="block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5 text-base"
            />
          </FieldShell>
        )}
        {askCode && (
          <TextInput
            id="code"
            label="Security code"
            hint="The 6-digit code from your authenticator app"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            error={error?.field === "code" ? error.message : undefined}
            className="block w-32 border-2 border-nhs-black bg-white px-2 py-1.5 text-base"
          />
        )}
        <Button type="submit" disabled={busy} variant={cis2Enabled ? "secondary" : "primary"}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </div>
  );
}

export function Cis2Button({ next }: { next: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn("cis2", { callbackUrl: sameOriginPath(next) });
      }}
    >
      {busy ? "Opening NHS Care Identity…" : "Sign in with NHS Care Identity"}
    </Button>
  );
}
