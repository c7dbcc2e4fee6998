import { z } from "zod";
import { currentStaff, type StaffSession } from "@/lib/auth/guard";
import { DomainError } from "@/lib/errors";
import { firstFieldErrors } from "@/lib/capacity/limit-inputs";
import type { AffectedBooking } from "@/lib/capacity/list-bookings-affected";
import type { ActionState, AffectedRow } from "@/lib/capacity/action-state";

export async function requireCapacityStaff(): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff || staff.mustChangePassword || (staff.role !== "clerk" && staff.role !== "admin")) {
    throw new Error("Only ED clerks and administrators can change capacity");
  }
  return staff;
}

/** Form fields as strings (never files); repeated names keep their last value. */
export function formValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}

export function invalid(error: z.ZodError, values: Record<string, string>, message = "Check the details you entered"): ActionState {
  return { error: message, fields: firstFieldErrors(error), values, at: Date.now() };
}

/** Runs a use case; a domain error becomes a message (and field messages) with nothing changed. */
export async function attempt(values: Record<string, string>, run: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return { ...(await run()), at: Date.now() };
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message, fields: e.fieldErrors, values, at: Date.now() };
    throw e;
  }
}

/** Clerks get the worklist; administrators, who do not see patients' details, get the count. */
export function affectedFor(staff: StaffSession, affected: AffectedBooking[]): Pick<ActionState, "affected" | "affectedCount"> {
  const rows: AffectedRow[] = affected.map((a) => ({
    appointmentId: a.appointmentId,
    start: a.start.toISOString(),
    patientName: a.patientName,
    phone: a.phone?.phone ?? null,
    phoneIsContact: a.phone?.from === "contact",
    contactName: a.phone?.contactName ?? null,
    bookedBy: a.bookedBy,
  }));
  return staff.role === "clerk" ? { affected: rows, affectedCount: rows.length } : { affectedCount: rows.length };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
