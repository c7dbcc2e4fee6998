import type { ReactNode } from "react";

type Tone = "info" | "warning" | "success" | "danger";

const tone: Record<Tone, string> = {
  info: "border-nhs-blue bg-white",
  warning: "border-nhs-warm-yellow bg-nhs-pale-yellow",
  success: "border-nhs-green bg-white",
  danger: "border-nhs-red bg-white",
};

const label: Record<Tone, string> = { info: "Information", warning: "Important", success: "Done", danger: "Warning" };

/** A callout with a visible text label, so the meaning never depends on colour alone. */
export function Notice({ tone: t = "info", title, children, role }: { tone?: Tone; title?: string; children: ReactNode; role?: "status" | "alert" }) {
  return (
    <div role={role} className={`mb-4 border-l-8 p-4 ${tone[t]}`}>
      <p className="font-bold">
        <span className="sr-only">{label[t]}: </span>
        {title}
      </p>
      <div>{children}</div>
    </div>
  );
}
