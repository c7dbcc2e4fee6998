import type { Tx } from "../db/client";
import { NotFound, VersionConflict } from "../errors";

/**
 * The ED's own workflow on a booking (arrived, did not attend, their review) is versioned by
 * workflowVersion and never touches the FHIR Appointment or its version, so a 111 consumer's later
 * cancel with the ETag it holds still works.
 */
export async function loadForWorkflow(tx: Tx, bookingId: string, expectedWorkflowVersion: number) {
  const a = await tx.appointment.findUnique({ where: { id: bookingId }, include: { patient: { select: { nhsNumber: true, birthDate: true } } } });
  if (!a) throw new NotFound("No booking with that reference");
  if (a.workflowVersion !== expectedWorkflowVersion) throw new VersionConflict("Someone else updated this booking while you were looking at it. Check it again.");
  return a;
}

export async function updateWorkflow(tx: Tx, bookingId: string, expectedWorkflowVersion: number, data: Record<string, unknown>) {
  const { count } = await tx.appointment.updateMany({ where: { id: bookingId, workflowVersion: expectedWorkflowVersion }, data: { ...data, workflowVersion: { increment: 1 } } });
  if (count !== 1) throw new VersionConflict("Someone else updated this booking while you were looking at it. Check it again.");
}
