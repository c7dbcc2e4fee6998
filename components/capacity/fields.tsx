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

/**
 * The NHS design system's date input: day, month and year as three number fields in a group, never the browser's
 * date picker (which showed mm/dd/yyyy in an en-GB browser). The server joins them (`joinDateParts` in
 * lib/staff/staff-action.ts) and checks the date; the day field carries the group's id, so an error summary link
 * lands on it. `defaultValue` is YYYY-MM-DD; `values`, a refused form's answer, wins so parts stay as typed.
 */
export function DateField({ prefix, name, label, hint = "For example, 12 1 2027", error, defaultValue = "", values }: { prefix: string; name: string; label: string; hint?: string; error?: string; defaultValue?: string; values?: Record<string, string> }) {
  const id = `${prefix}-${name}`;
  const [y = "", m = "", d = ""] = defaultValue ? defaultValue.split("-") : [];
  const typed = (part: "day" | "month" | "year", fallback: string) => values?.[`${name}-${part}`] ?? fallback;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const box = `block border-2 bg-white px-2 py-1 ${error ? "border-nhs-red" : "border-nhs-black"}`;
  const parts = [
    { part: "day" as const, label: "Day", inputId: id, value: typed("day", d), width: "w-14" },
    { part: "month" as const, label: "Month", inputId: `${id}-month`, value: typed("month", m), width: "w-14" },
    { part: "year" as const, label: "Year", inputId: `${id}-year`, value: typed("year", y), width: "w-20" },
  ];
  return (
    <div className={`mb-3 ${error ? "border-l-4 border-nhs-red pl-3" : ""}`}>
      <fieldset role="group" aria-describedby={describedBy}>
        <legend className="font-bold">{label}</legend>
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
        <div className="flex gap-3">
          {parts.map((p) => (
            <div key={p.part}>
              <label htmlFor={p.inputId} className="block">
                {p.label}
              </label>
              <input id={p.inputId} name={`${name}-${p.part}`} inputMode="numeric" autoComplete="off" defaultValue={p.value} aria-invalid={error ? true : undefined} className={`${box} ${p.width}`} />
            </div>
          ))}
        </div>
      </fieldset>
    </div>
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
