import type { StaffSession } from "@/lib/auth/guard";
import type { AffectedBooking } from "@/lib/capacity/list-bookings-affected";
import type { AffectedRow, FormState } from "@/lib/staff/form-state";

/** Who may change capacity, for staffAction; a refused form keeps what was typed. */
export const capacityStaff = { roles: ["clerk", "admin"], refused: "Only ED clerks and administrators can change capacity", keepValues: true } as const;

/** Clerks get the worklist; administrators, who do not see patients' details, get the count. */
export function affectedFor(staff: StaffSession, affected: AffectedBooking[]): Pick<FormState, "affected" | "affectedCount"> {
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
