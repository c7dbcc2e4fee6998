import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, NotFound, VersionConflict } from "../errors";
import { now as clockNow } from "../time/clock";

/**
 * A report that needs checking which belongs to no booking and no expected walk-in (a test message from 111, a
 * patient already seen and discharged, a duplicate sent by another route): a clinician closes it with "no further
 * action" and a reason. It is a clinical decision, so clerks cannot make it. Nothing vanishes: the report moves to
 * the "Closed: no further action" list on the documents page, its history says who closed it, when and why, and it
 * can still be attached to a booking if the decision was wrong. Audited, guarded by the document's version.
 */
export const CLOSABLE_STATES = ["needs-review", "booking-cancelled"] as const;

export const closeDocumentInput = z.object({
  recordId: z.string().min(1),
  expectedVersion: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, "Say why no further action is needed").max(500, "Keep the reason to 500 characters or fewer"),
});
export type CloseDocumentInput = z.infer<typeof closeDocumentInput>;

export async function closeDocumentNoFurtherAction(input: CloseDocumentInput, actor: StaffActor, now = clockNow()): Promise<void> {
  if (actor.role !== "clinician") throw new Forbidden("Only a clinician can close a report with no further action");
  const reason = input.reason?.trim() ?? "";
  if (!reason) throw new InvalidInput("Say why no further action is needed", { reason: "Say why no further action is needed" });
  await db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: input.recordId }, select: { id: true, state: true, version: true, nhsNumber: true, reviewReason: true } });
    if (!row) throw new NotFound("No clinical document with that reference");
    if (!(CLOSABLE_STATES as readonly string[]).includes(row.state)) throw new VersionConflict("This report has already been dealt with");
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: input.expectedVersion, state: row.state },
      data: { state: "closed-no-action", resolution: "no-further-action", resolutionNote: reason, resolvedAt: now, resolvedById: actor.id, stateChangedAt: now, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this report while you were looking at it. Check it again.");
    await recordAudit(
      actor,
      { action: "document.close-no-action", entityType: "ClinicalDocument", entityId: row.id, patientNhsNumber: row.nhsNumber, reason, detail: { from: row.state, reviewReason: row.reviewReason } },
      tx,
    );
  });
}
