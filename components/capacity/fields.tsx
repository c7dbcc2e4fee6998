import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input whose error shows next to it; `prefix-name` is its id (several forms on one page use the
 * same field names). Compact variant of components/ui/Field for dense capacity forms.
 */
/** The label, hint and error around one compact field, wired together for screen readers. */
function FieldFrame({ id, label, hint, error, className = "", children }: { id: string; label: string; hint?: ReactNode; error?: string; className?: string; children: ReactNode }) {
  return (
    <div className={`mb-3 ${error ? "border-l-4 border-nhs-red pl-3" : ""} ${className}`}>
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="text-sm text-nhs-grey-1">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="font-bold text-nhs-red">
          <span className="sr-only">Error:</span> {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function Field({
  prefix,
  name,
  label,
  hint,
  error,
  className = "",
  inputClassName = "w-40",
  ...rest
}: { prefix: string; name: string; label: string; hint?: ReactNode; error?: string; inputClassName?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `${prefix}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        name={name}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className={`block border-2 bg-white px-2 py-1 ${error ? "border-nhs-red" : "border-nhs-black"} ${inputClassName}`}
        {...rest}
      />
    </FieldFrame>
  );
}

export function TextArea({ prefix, name, label, hint, error, defaultValue }: { prefix: string; name: string; label: string; hint?: string; error?: string; defaultValue?: string }) {
  const id = `${prefix}-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={2}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className={`block w-full max-w-xl border-2 bg-white px-2 py-1 ${error ? "border-nhs-red" : "border-nhs-black"}`}
      />
    </FieldFrame>
  );
}
