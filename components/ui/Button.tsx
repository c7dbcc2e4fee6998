import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "warning" | "link";

const styles: Record<Variant, string> = {
  primary: "bg-nhs-green text-white shadow-[0_4px_0_#00401e] hover:bg-[#00662f]",
  secondary: "bg-nhs-grey-1 text-white shadow-[0_4px_0_#263139] hover:bg-[#384853]",
  warning: "bg-nhs-red text-white shadow-[0_4px_0_#6b140e] hover:bg-[#aa2016]",
  link: "bg-transparent text-nhs-blue underline px-0 py-0 shadow-none",
};

/** NHS-style button. Disabled while a form is submitting so a double click cannot send twice. */
export function Button({ variant = "primary", className = "", ...rest }: { variant?: Variant } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const base = variant === "link" ? "" : "inline-block rounded px-4 py-2 font-bold disabled:opacity-60";
  return <button className={`${base} ${styles[variant]} ${className}`} {...rest} />;
}
