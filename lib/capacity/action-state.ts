/**
 * What the capacity pages' server actions answer: a message, field errors next to fields, what was typed
 * (React resets forms after an action) and, after a reduction, the bookings caught in it. JSON-safe; no
 * server code, so client components import it too.
 */
export interface AffectedRow {
  appointmentId: string;
  start: string;
  patientName: string;
  phone: string | null;
  phoneIsContact: boolean;
  contactName: string | null;
  bookedBy: string | null;
}

export interface ActionState {
  ok?: string;
  error?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  /** Bookings caught in a reduction, for clerks (administrators see the count only). */
  affected?: AffectedRow[];
  affectedCount?: number;
  /** Changes on every answer, so forms remount and lists refresh. */
  at?: number;
}
