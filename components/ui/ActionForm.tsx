"use client";

import { useActionState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { FormAction, FormState } from "@/lib/staff/form-state";
import { Button } from "./Button";
import { ErrorSummary } from "./ErrorSummary";
import { summaryErrors } from "./error-lines";

/**
 * A small form around a server action: shows its answer (a status, or the error summary, which takes focus and links
 * to each field in error). The fields are remounted for every answer so they show what was typed (`state.values`:
 * React resets a form after an action); the app checks every field itself, so the browser's bubbles are off.
 * `ids` maps a field name in the answer to its input's id, where they differ.
 */
export function ActionForm({ action, children, submit, variant = "primary", id, ids }: { action: FormAction; children: (state: FormState) => ReactNode; submit: string; variant?: "primary" | "secondary" | "warning"; id?: string; ids?: Record<string, string> }) {
  const [state, formAction] = useActionState(action, {});
  return (
    <form key={state.at ?? 0} action={formAction} id={id} className="space-y-3" noValidate>
      <ErrorSummary errors={summaryErrors(state, (f) => ids?.[f] ?? f)} focusKey={state.at} />
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

/** A field's message next to it, in the one error style (components/ui/Field.tsx); its id is `${id ?? field}-error`. */
export function FieldError({ state, field, id }: { state: FormState; field: string; id?: string }) {
  const e = state.fields?.[field];
  return e ? (
    <p id={`${id ?? field}-error`} className="font-bold text-nhs-red">
      <span className="sr-only">Error:</span> {e}
    </p>
  ) : null;
}
