import { z } from "zod";
import { cancelAppointment } from "../booking/cancel-appointment";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { logger } from "../observability/logger";
import { requirePatientAccess } from "./arrivals-config";
import { createContactTasks, edCancellationTaskReason } from "./contact-tasks";
import { now as clockNow } from "../time/clock";

export const cancelByEdInput = z.object({
  bookingId: z.string().min(1),
  /** The FHIR version the person saw: a booking changed meanwhile (e.g. cancelled by 111) is not cancelled again. */
  expectedVersion: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, "Enter a reason for cancelling").max(500, "Keep the reason to 500 characters or fewer"),
  /** The person cancelling confirms the patient will be phoned: a cancellation nobody tells the patient about is HAZ-010. */
  understood: z.literal(true, { error: "Confirm that someone will phone the patient" }),
});
export type CancelByEdInput = z.infer<typeof cancelByEdInput>;

/**
 * The ED cancels a booking (discouraged: suspending new bookings is usually better). A new FHIR version
 * with status cancelled, the slot freed, audited (cancelAppointment), then a task to phone the patient with
 * the rank-1 number. Should making the task fail, the arrivals schedule makes it (ensureContactTasksForEdCancellations).
 */
export async function cancelBookingByEd(input: CancelByEdInput, actor: StaffActor, now = clockNow()): Promise<{ versionId: number; taskIds: string[] }> {
  requirePatientAccess(actor);
  if (input.understood !== true) throw new InvalidInput("Confirm that someone will phone the patient", { understood: "Confirm that someone will phone the patient" });
  const result = await cancelAppointment(
    { appointmentId: input.bookingId, expectedVersion: input.expectedVersion, by: "ed", reason: input.reason, newResource: (current) => ({ ...current, status: "cancelled" }) },
    actor,
    now,
  );
  let taskIds: string[] = [];
  try {
    taskIds = await createContactTasks([input.bookingId], edCancellationTaskReason(input.reason), actor, undefined, now);
  } catch (e) {
    logger().error({ bookingId: input.bookingId, err: e instanceof Error ? e.message : String(e) }, "contact task after ED cancellation not made; the schedule will retry");
  }
  return { versionId: result.versionId, taskIds };
}
