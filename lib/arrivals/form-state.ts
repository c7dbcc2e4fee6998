import type { z } from "zod";
import { DomainError } from "../errors";

/** What a staff form action answers: a message, or what went wrong and where. Safe for client components. */
export interface FormState {
  ok?: string;
  error?: string;
  fields?: Record<string, string>;
}

export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** Runs a use case for a form: domain errors become the form's message; anything else is thrown. */
export async function formResult(run: () => Promise<unknown>, ok: string): Promise<FormState> {
  try {
    await run();
    return { ok };
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message, fields: e.fieldErrors };
    throw e;
  }
}
