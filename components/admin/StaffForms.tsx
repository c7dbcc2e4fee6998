"use client";

import { useActionState } from "react";
import { createStaffAction, updateStaffAction } from "@/app/(staff)/admin/actions";
import type { FormState } from "@/lib/staff/form-state";
import { ROLES, ROLE_LABEL } from "@/lib/auth/roles";
import { Button } from "@/components/ui/Button";
import { ErrorSummary } from "@/components/ui/ErrorSummary";
import { Select, TextInput } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";

function Outcome({ state }: { state: FormState }) {
  if (state.ok) return <Notice tone="success" role="status" title={state.ok}>{null}</Notice>;
  if (state.error) {
    const fields = Object.entries(state.fields ?? {}).map(([field, message]) => ({ field, message }));
    return <ErrorSummary errors={fields.length ? fields : [{ message: state.error }]} focusKey={state.at} />;
  }
  return null;
}

export function CreateStaffForm() {
  const [state, action, pending] = useActionState(createStaffAction, {});
  return (
    // The key remounts the fields after each answer so they show what was typed (React resets forms after an action).
    <form key={JSON.stringify(state)} action={action} className="max-w-xl bg-white p-4" noValidate>
      <Outcome state={state} />
      <TextInput id="name" label="Full name" autoComplete="off" defaultValue={state.values?.name} error={state.fields?.name} />
      <TextInput
        id="username"
        label="User name"
        hint="Letters, numbers, full stops, hyphens and underscores"
        autoComplete="off"
        defaultValue={state.values?.username}
        error={state.fields?.username}
      />
      <Select id="role" label="Role" defaultValue={state.values?.role || "clerk"} error={state.fields?.role}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </Select>
      <TextInput
        id="temporaryPassword"
        label="Temporary password"
        hint="12 characters or more. Give it to the person securely; they must change it when they first sign in."
        type="password"
        autoComplete="new-password"
        error={state.fields?.temporaryPassword}
      />
      <Button type="submit" disabled={pending}>
        Create account
      </Button>
    </form>
  );
}

interface RowUser {
  id: string;
  name: string;
  role: string;
  disabled: boolean;
  version: number;
  twoFactor?: boolean;
}

/** Per-account changes, each its own small form so one mistake cannot change two things. */
export function StaffRowActions({ user, isSelf }: { user: RowUser; isSelf: boolean }) {
  const [state, action, pending] = useActionState(updateStaffAction, {});
  return (
    <div className="space-y-2">
      <Outcome state={state} />
      <details>
        <summary className="cursor-pointer text-nhs-blue underline">Change role, password or access for {user.name}</summary>
        <form action={action} className="mt-2 flex flex-wrap items-end gap-2">
          <input type="hidden" name="change" value="role" />
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" value={user.version} />
          <label htmlFor={`role-${user.id}`} className="sr-only">
            New role for {user.name}
          </label>
          {/* Keyed on the role: a select keeps its first defaultValue, so after a change it would show the old role and a second press would revert it. */}
          <select key={user.role} id={`role-${user.id}`} name="role" defaultValue={user.role} className="border-2 border-nhs-black bg-white px-2 py-1">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
          <Button variant="secondary" type="submit" disabled={pending}>
            Change role
          </Button>
        </form>
        <form action={action} className="mt-2 flex flex-wrap items-end gap-2">
          <input type="hidden" name="change" value="reset-password" />
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" value={user.version} />
          <label htmlFor={`pw-${user.id}`} className="sr-only">
            Temporary password for {user.name}
          </label>
          <input id={`pw-${user.id}`} name="temporaryPassword" type="password" autoComplete="new-password" placeholder="Temporary password" className="border-2 border-nhs-black bg-white px-2 py-1" />
          <Button variant="secondary" type="submit" disabled={pending}>
            Reset password
          </Button>
        </form>
        {!isSelf && user.twoFactor && (
          <form action={action} className="mt-2">
            <input type="hidden" name="change" value="reset-two-factor" />
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="version" value={user.version} />
            <Button variant="secondary" type="submit" disabled={pending}>
              Reset two-factor sign-in
            </Button>
          </form>
        )}
        {!isSelf && (
          <form action={action} className="mt-2">
            <input type="hidden" name="change" value={user.disabled ? "enable" : "disable"} />
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="version" value={user.version} />
            <Button variant={user.disabled ? "secondary" : "warning"} type="submit" disabled={pending}>
              {user.disabled ? "Enable account" : "Disable account"}
            </Button>
          </form>
        )}
      </details>
    </div>
  );
}
