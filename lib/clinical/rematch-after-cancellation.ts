import { db } from "../db/client";
import { preparedRead } from "../db/prepared-read";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type Actor } from "../auth/actor";
import { logger } from "../observability/logger";
import { formatLondonDateTime } from "../time/london";
import { now as clockNow } from "../time/clock";
import { rematchDocument, type RematchResult } from "./link-awaiting-documents";

/**
 * After a booking is cancelled (cancelAppointment calls this once the cancellation has committed), its 111
 * reports must not drop out of view. Each report decoupled from it goes through the same match as on arrival,
 * with the cancelled booking among the candidates: another active booking of the patient that names the report
 * (111 rebooked) gets it; otherwise a person is asked. A report that was waiting for a person only because this
 * booking made the match ambiguous is matched again too. A changed version waiting to be confirmed follows the
 * version it would replace. Never throws: the cancellation stands whatever happens here, and anything left
 * `booking-cancelled` is on the documents list for a person.
 */
export async function rematchAfterCancellation(appointmentId: string, actor: Actor = SYSTEM, now = clockNow()): Promise<RematchResult[]> {
  try {
    // Most cancellations leave nothing to match: one prepared read says so, before any of the reads below.
    if (!(await anyToRematch(appointmentId))) return [];
    const appt = await db().appointment.findUnique({ where: { id: appointmentId }, select: { start: true, cancelledBy: true } });
    if (!appt) return [];
    const by = appt.cancelledBy === "ed" ? "the ED" : "111";
    const reviewNote = `The booking for ${formatLondonDateTime(appt.start)} that this report came with was cancelled by ${by}, and no other active booking names it. Check whether the patient is still coming.`;
    const docs = await db().clinicalDocument.findMany({
      where: {
        OR: [
          { state: "booking-cancelled", cancelledBookingId: appointmentId },
          { state: "needs-review", reviewReason: "multiple-candidates", candidateIds: { contains: appointmentId } },
        ],
      },
      orderBy: [{ versionNumber: "asc" }, { receivedAt: "asc" }],
      select: { id: true },
    });
    const out: RematchResult[] = [];
    for (const d of docs) {
      const r = await rematchDocument(d.id, actor, now, { states: ["booking-cancelled", "needs-review"], reviewReasons: ["multiple-candidates"], previouslyLinkedIds: [appointmentId], reviewNote, cancelledBookingId: appointmentId });
      if (r) out.push(r);
    }
    out.push(...(await followPendingReplacements(appointmentId, actor, now, reviewNote)));
    return out;
  } catch (e) {
    logger().error({ appointmentId, err: e instanceof Error ? e.message : String(e) }, "matching the reports of a cancelled booking again failed; they are listed for a person");
    return [];
  }
}

/** A changed version waiting for confirmation against the cancelled booking now waits against wherever the earlier version went. */
async function followPendingReplacements(appointmentId: string, actor: Actor, now: Date, reviewNote: string): Promise<RematchResult[]> {
  const pending = await db().clinicalDocument.findMany({
    where: { state: "needs-review", reviewReason: "replaces-linked-report", candidateIds: { contains: appointmentId } },
    select: { id: true, setId: true, version: true, candidateIds: true, nhsNumber: true },
  });
  const out: RematchResult[] = [];
  for (const p of pending) {
    const earlier = p.setId ? await db().clinicalDocument.findMany({ where: { setId: p.setId, state: "linked", id: { not: p.id } }, select: { appointmentId: true } }) : [];
    const linkedTo = [...new Set(earlier.map((e) => e.appointmentId).filter((id): id is string => !!id))];
    const data = linkedTo.length
      ? { candidateIds: linkedTo.join(",") }
      : { reviewReason: "booking-not-active", reviewNote, candidateIds: appointmentId };
    await db().$transaction(async (tx) => {
      const { count } = await tx.clinicalDocument.updateMany({ where: { id: p.id, version: p.version }, data: { ...data, stateChangedAt: now, version: { increment: 1 } } });
      if (count !== 1) return;
      await recordAudit(actor, { action: "document.rematch", entityType: "ClinicalDocument", entityId: p.id, patientNhsNumber: p.nhsNumber, detail: { from: "needs-review", to: "needs-review", after: "cancellation", cancelledBookingId: appointmentId, candidateIds: data.candidateIds, reviewReason: "reviewReason" in data ? data.reviewReason : "replaces-linked-report" } }, tx);
      out.push({ recordId: p.id, state: "needs-review", bookingId: null });
    });
  }
  return out;
}

/** Whether any report is among those rematchAfterCancellation and followPendingReplacements would look at. */
const ANY_TO_REMATCH_SQL = `SELECT 1 AS "found" FROM "ClinicalDocument"
  WHERE ("state" = 'booking-cancelled' AND "cancelledBookingId" = ?)
     OR ("state" = 'needs-review' AND "reviewReason" IN ('multiple-candidates', 'replaces-linked-report') AND "candidateIds" LIKE ? ESCAPE '\\')
  LIMIT 1`;

async function anyToRematch(appointmentId: string): Promise<boolean> {
  const pattern = `%${appointmentId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (await preparedRead({ name: "rematch.any", sql: ANY_TO_REMATCH_SQL }, [appointmentId, pattern])).length > 0;
}
