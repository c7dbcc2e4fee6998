/**
 * What every staff form's server action answers (lib/staff/staff-action.ts): a message, field errors next to fields,
 * what was typed and, after a capacity reduction, the bookings caught in it. JSON-safe and free of server code,
 * because client components read it through useActionState.
 */
export interface FormState {
  /** Done: what to tell the person. */
  ok?: string;
  /** Refused or failed, with nothing changed: what to tell the person. */
  error?: string;
  /** Field name → message, shown next to the field and in the error summary. */
  fields?: Record<string, string>;
  /** What was typed (never passwords), so a refused form keeps the person's input: React resets forms after an action. */
  values?: Record<string, string>;
  /** Bookings caught in a capacity reduction, for clerks (administrators, who do not see patients' details, get the count only). */
  affected?: AffectedRow[];
  affectedCount?: number;
  /** Differs on every answer, so a form can tell a new answer from the last one (remount fields, refetch lists). */
  at?: number;
}

export interface AffectedRow {
  appointmentId: string;
  start: string;
  patientName: string;
  phone: string | null;
  phoneIsContact: boolean;
  contactName: string | null;
  bookedBy: string | null;
}

/** A staff server action as useActionState calls it. */
export type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;
