"use client";

import { useEffect, useId, useRef } from "react";

/**
 * The NHS error summary, the one error style on every staff form: "There is a problem" and a link to each field in
 * error. It takes focus when it appears and again for every new answer (`focusKey`, a form's FormState.at), so a
 * keyboard or screen-reader user lands on it rather than on the page body (NHS design system, WCAG 3.3.1).
 */
export function ErrorSummary({ title = "There is a problem", errors, focusKey }: { title?: string; errors: { field?: string; message: string }[]; focusKey?: number | string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const shown = errors.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, focusKey]);
  if (!shown) return null;
  return (
    <div ref={ref} role="alert" aria-labelledby={titleId} tabIndex={-1} data-error-summary="" className="mb-6 border-4 border-nhs-red bg-white p-4">
      <h2 id={titleId} className="text-xl">
        {title}
      </h2>
      <ul className="list-none space-y-1">
        {errors.map((e, i) => (
          <li key={i}>
            {e.field ? (
              <a href={`#${e.field}`} className="font-bold text-nhs-red">
                {e.message}
              </a>
            ) : (
              <span className="font-bold text-nhs-red">{e.message}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
