import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { requirePatientAccess } from "./arrivals-config";
import { loadForWorkflow, updateWorkflow } from "./workflow-update";
import { now as clockNow } from "../time/clock";

export const markArrivedInput = z.object({
  bookingId: z.string().min(1),
  expectedWorkflowVersion: z.coerce.number().int().positive(),
  /** When the patient arrived; now when not given. */
  arrivedAt: z.date().optional(),
});
export type MarkArrivedInput = z.infer<typeof markArrivedInput>;

/** The patient is here. Allowed after a did-not-attend too (a late arrival). Never changes the FHIR version. */
export async function markArrived(input: MarkArrivedInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  const arrivedAt = input.arrivedAt ?? now;
  if (arrivedAt.getTime() > now.getTime() + 5 * 60_000) throw new InvalidInput("The arrival time cannot be in the future", { arrivedAt: "The arrival time cannot be in the future" });
  await db().$transaction(async (tx) => {
    const a = await loadForWorkflow(tx, input.bookingId, input.expectedWorkflowVersion);
    if (a.status !== "booked") throw new InvalidInput("This booking was cancelled. Register the patient as a walk-in.");
    if (a.edStatus === "arrived") throw new InvalidInput("This patient is already marked as arrived");
    if (arrivedAt.getTime() < a.start.getTime() - 24 * 3600_000) throw new InvalidInput("The arrival time is more than a day before the booked time", { arrivedAt: "Check the arrival time" });
    await updateWorkflow(tx, a.id, a.workflowVersion, { edStatus: "arrived", arrivedAt });
    await recordAudit(actor, { action: "booking.arrived", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, detail: { arrivedAt: arrivedAt.toISOString(), from: a.edStatus } }, tx);
  });
}
