import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, NotFound, VersionConflict } from "../errors";
import { now as clockNow } from "../time/clock";

/**
 * An expected walk-in (a 111 referral without a booking) stays on the board and the documents page until a
 * person resolves it: the patient arrived, or it is closed with a reason (111 confirmed they went elsewhere,
 * they were phoned and are not coming). Nothing unresolved leaves those lists because of its age. Audited,
 * guarded by the document's version.
 */
export const resolveWalkInInput = z
  .object({
    recordId: z.string().min(1),
    expectedVersion: z.coerce.number().int().positive(),
    outcome: z.enum(["arrived", "closed"], { message: "Choose what happened" }),
    note: z.string().trim().max(500, "Keep the note to 500 characters or fewer").optional().default(""),
  })
  .refine((v) => v.outcome !== "closed" || v.note.length > 0, { message: "Say why this walk-in is no longer expected", path: ["note"] });
export type ResolveWalkInInput = z.infer<typeof resolveWalkInInput>;

export const WALK_IN_RESOLUTION_TEXT = { arrived: "Arrived", closed: "Closed: no longer expected" } as const;

export async function resolveWalkIn(input: ResolveWalkInInput, actor: StaffActor, now = clockNow()): Promise<void> {
  if (actor.role !== "clerk" && actor.role !== "clinician") throw new Forbidden("Only clerks and clinicians can deal with expected walk-ins");
  if (input.outcome === "closed" && !input.note) throw new InvalidInput("Say why this walk-in is no longer expected", { note: "Say why this walk-in is no longer expected" });
  await db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: input.recordId }, select: { id: true, state: true, version: true, resolvedAt: true, nhsNumber: true } });
    if (!row) throw new NotFound("No clinical document with that reference");
    if (row.state !== "referral-without-booking") throw new InvalidInput("This report is not an expected walk-in");
    if (row.resolvedAt) throw new VersionConflict("Someone has already recorded what happened to this walk-in");
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: row.id, version: input.expectedVersion, resolvedAt: null },
      data: { resolution: input.outcome, resolutionNote: input.note || null, resolvedAt: now, resolvedById: actor.id, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else changed this report while you were looking at it. Check it again.");
    await recordAudit(
      actor,
      { action: `document.walk-in-${input.outcome}`, entityType: "ClinicalDocument", entityId: row.id, patientNhsNumber: row.nhsNumber, reason: input.note || null, detail: { outcome: input.outcome } },
      tx,
    );
  });
}
