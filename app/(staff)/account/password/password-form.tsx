"use client";

import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { TextInput } from "@/components/ui/Field";

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, {});
  const errors = Object.entries(state.fields ?? {}).map(([field, message]) => ({ field, message }));
  return (
    <form action={action} className="max-w-xl bg-white p-4" noValidate>
      {state.error && <ErrorSummary errors={errors.length ? errors : [{ message: state.error }]} focusKey={state.at} />}
      <TextInput id="currentPassword" label="Current password" type="password" autoComplete="current-password" error={state.fields?.currentPassword} />
      <TextInput id="newPassword" label="New password" hint="12 characters or more. Do not use your user name." type="password" autoComplete="new-password" error={state.fields?.newPassword} />
      <TextInput id="confirmPassword" label="Type the new password again" type="password" autoComplete="new-password" error={state.fields?.confirmPassword} />
      <Button type="submit" disabled={pending}>
        Save password
      </Button>
    </form>
  );
}
