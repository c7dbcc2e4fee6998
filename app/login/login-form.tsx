"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, useEffect } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { TextInput } from "@/components/ui/Field";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) summaryRef.current?.querySelector<HTMLElement>("[role=alert]")?.focus();
  }, [error]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    if (!username || !password) {
      setError("Enter your user name and password");
      return;
    }
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { username, password, redirect: false });
    setBusy(false);
    if (!res || res.error) {
      setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Enter a correct user name and password");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <div ref={summaryRef} className="max-w-md">
      {error && <ErrorSummary errors={[{ field: "username", message: error }]} />}
      <form onSubmit={onSubmit} noValidate>
        <TextInput id="username" label="User name" autoComplete="username" autoCapitalize="none" spellCheck={false} required />
        <TextInput id="password" label="Password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </div>
  );
}
