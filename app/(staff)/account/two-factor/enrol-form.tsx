"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { TextInput } from "@/components/ui/Field";
import type { FormState } from "@/lib/staff/form-state";
import { confirmTwoFactorAction } from "./actions";

export function EnrolForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmTwoFactorAction, {});
  return (
    <form action={action} noValidate className="max-w-md">
      {state.error && <ErrorSummary errors={[{ field: "code", message: state.error }]} />}
      <TextInput id="code" label="Code from the app" hint="6 digits" inputMode="numeric" autoComplete="one-time-code" maxLength={6} error={state.error} className="block w-32 border-2 border-nhs-black bg-white px-2 py-1.5 text-base" />
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Confirm and sign in again"}
      </Button>
    </form>
  );
}
