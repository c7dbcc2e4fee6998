"use client";

import { useActionState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { FormAction, FormState } from "@/lib/staff/form-state";
import { Button } from "./Button";

/** A small form around a server action: shows its answer (a status, or an alert with field errors). */
export function ActionForm({ action, children, submit, variant = "primary", id }: { action: FormAction; children: (state: FormState) => ReactNode; submit: string; variant?: "primary" | "secondary" | "warning"; id?: string }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form action={formAction} id={id} className="space-y-3">
      {state.error && (
        <p role="alert" className="border-l-4 border-nhs-red bg-white p-2 font-bold text-nhs-red">
          <span className="sr-only">Error: </span>
          {state.error}
        </p>
      )}
      {state.ok && (
        <p role="status" className="border-l-4 border-nhs-green bg-white p-2 font-bold">
          {state.ok}
        </p>
      )}
      {children(state)}
      <Submit label={submit} variant={variant} />
    </form>
  );
}

function Submit({ label, variant }: { label: string; variant: "primary" | "secondary" | "warning" }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending}>
      {pending ? "Saving…" : label}
    </Button>
  );
}

export function FieldError({ state, field }: { state: FormState; field: string }) {
  const e = state.fields?.[field];
  return e ? (
    <p id={`${field}-error`} className="font-bold text-nhs-red">
      <span className="sr-only">Error:</span> {e}
    </p>
  ) : null;
}
