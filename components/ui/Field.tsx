import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}

/** Label, hint and error message around one input, wired together for screen readers. */
export function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  return (
    <div className={`mb-5 ${error ? "border-l-4 border-nhs-red pl-4" : ""}`}>
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="mb-1 text-nhs-grey-1">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mb-1 font-bold text-nhs-red">
          <span className="sr-only">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

const inputClass = "block w-full max-w-md border-2 border-nhs-black bg-white px-2 py-1.5 text-base";

export function TextInput({ id, label, hint, error, ...rest }: { id: string; label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input id={id} name={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={`${inputClass} ${error ? "border-nhs-red" : ""}`} {...rest} />
    </FieldShell>
  );
}

export function Select({ id, label, hint, error, children, ...rest }: { id: string; label: string; hint?: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select id={id} name={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={`${inputClass} ${error ? "border-nhs-red" : ""}`} {...rest}>
        {children}
      </select>
    </FieldShell>
  );
}
