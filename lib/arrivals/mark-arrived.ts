import { z } from "zod";
import { db } from "../db/client";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { requirePatientAccess } from "./arrivals-config";
import { loadForWorkflow } from "./workflow-update";
import { recordArrival, undoArrival, type ArrivalChange } from "./record-arrival";
import { now as clockNow } from "../time/clock";

export const markArrivedInput = z.object({
  bookingId: z.string().min(1),
  expectedWorkflowVersion: z.coerce.number().int().positive(),
  /** When the patient arrived; now when not given. */
  arrivedAt: z.date().optional(),
});
export type MarkArrivedInput = z.infer<typeof markArrivedInput>;

/**
 * The patient is here. Allowed after a did-not-attend too (a late arrival). Never changes the FHIR version.
 * The same operation as the ED record's registration (record-arrival.ts): after an A04 it is recorded beside it.
 */
export async function markArrived(input: MarkArrivedInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  const arrivedAt = input.arrivedAt ?? now;
  if (arrivedAt.getTime() > now.getTime() + 5 * 60_000) throw new InvalidInput("The arrival time cannot be in the future", { arrivedAt: "The arrival time cannot be in the future" });
  await db().$transaction(async (tx) => {
    const a = await loadForWorkflow(tx, input.bookingId, input.expectedWorkflowVersion);
    await recordArrival(tx, a, { source: "staff", at: arrivedAt, actor });
  });
}

export const undoMarkArrivedInput = z.object({
  bookingId: z.string().min(1),
  expectedWorkflowVersion: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, "Enter why you are undoing this arrival").max(500, "Keep the reason to 500 characters or fewer"),
});
export type UndoMarkArrivedInput = z.infer<typeof undoMarkArrivedInput>;

/**
 * "Arrived" pressed by mistake: taken back, with a reason, audited (booking.arrival-undone with the reason). The same
 * operation as the ED record's registration cancel (A11, record-arrival.ts): it takes back the staff mark only, so a
 * patient the ED's own record registered stays arrived until that registration is cancelled there.
 */
export async function undoMarkArrived(input: UndoMarkArrivedInput, actor: StaffActor): Promise<ArrivalChange> {
  requirePatientAccess(actor);
  return db().$transaction(async (tx) => {
    const a = await loadForWorkflow(tx, input.bookingId, input.expectedWorkflowVersion);
    if (a.edStatus !== "arrived") throw new InvalidInput("This patient is not marked as arrived. Reload the page.");
    if (a.arrivalSource === "ed-record") {
      throw new InvalidInput("The ED's own patient record registered this arrival. Cancel the registration there, and the board follows it.");
    }
    return undoArrival(tx, a, { source: "staff", actor, detail: { reason: input.reason } });
  });
}
