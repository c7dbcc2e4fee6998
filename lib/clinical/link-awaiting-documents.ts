import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type Actor } from "../auth/actor";
import { deploymentConfig } from "../config/deployment";
import { logger } from "../observability/logger";
import { metrics } from "../observability/metrics";
import { documentIdKey, parseClinicalDocument } from "./cda/parse-clinical-document";
import { matchDocument } from "./match-document";
import type { DocumentState } from "./store/document-states";
import { findBookingCandidates } from "./store/find-booking-candidates";
import { now as clockNow } from "../time/clock";

export interface RematchResult {
  recordId: string;
  state: DocumentState;
  bookingId: string | null;
}

/** Documents still without a booking: they may match one made later (a report for information too, if a booking names it). */
const WAITING_STATES: DocumentState[] = ["awaiting-booking", "referral-without-booking", "information"];

/**
 * Bookings and 111 reports arrive in either order. Call this after a booking has committed (the FHIR
 * booking door does): any waiting report naming this booking, by its DocumentReference id or by an
 * appointment reference, goes through the same safe match as on arrival and is linked, or sent for
 * review. Idempotent. It never throws: a failure here must not turn a made booking into an error for
 * 111; the report stays waiting and is still shown to staff.
 */
export async function linkAwaitingDocuments(appointmentId: string, actor: Actor = SYSTEM, now = clockNow()): Promise<RematchResult[]> {
  try {
    const appt = await db().appointment.findUnique({ where: { id: appointmentId }, select: { id: true, documentRefId: true } });
    if (!appt) return [];
    const byRef = appt.documentRefId ? [{ documentId: documentIdKey(appt.documentRefId) }] : [];
    const waiting = await db().clinicalDocument.findMany({
      where: { state: { in: WAITING_STATES }, OR: [...byRef, { appointmentRefs: { contains: appointmentId } }] },
      select: { id: true },
    });
    const out: RematchResult[] = [];
    for (const w of waiting) {
      const r = await rematchDocument(w.id, actor, now);
      if (r) out.push(r);
    }
    return out;
  } catch (e) {
    logger().error({ appointmentId, err: e instanceof Error ? e.message : String(e) }, "linking waiting clinical documents failed");
    return [];
  }
}

/**
 * Runs the booking match again for one waiting document and records the new state, conditionally on
 * the document not having changed meanwhile (a clerk may be acting on it at the same moment).
 */
export async function rematchDocument(recordId: string, actor: Actor, now = clockNow()): Promise<RematchResult | null> {
  return db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: recordId } });
    if (!row || !WAITING_STATES.includes(row.state as DocumentState)) return null;
    const doc = parseClinicalDocument(row.content);
    const { candidates } = await findBookingCandidates(tx, doc, { fhirBaseUrl: deploymentConfig().fhirBaseUrl, now });
    const match = matchDocument(doc, candidates);
    if (match.state === "awaiting-booking") return { recordId, state: row.state as DocumentState, bookingId: null };
    const data =
      match.state === "linked"
        ? { state: "linked", appointmentId: match.bookingId, linkedAt: now, candidateIds: match.bookingId, reviewReason: null, reviewNote: null }
        : { state: "needs-review", appointmentId: null, reviewReason: match.reason, reviewNote: match.message, candidateIds: match.bookingIds.join(",") };
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: recordId, version: row.version },
      data: { ...data, stateChangedAt: now, version: { increment: 1 } },
    });
    if (count !== 1) return null;
    await recordAudit(
      actor,
      {
        action: "document.rematch",
        entityType: "ClinicalDocument",
        entityId: recordId,
        patientNhsNumber: row.nhsNumber,
        detail: { from: row.state, to: data.state, bookingId: match.state === "linked" ? match.bookingId : null, reviewReason: match.state === "needs-review" ? match.reason : null },
      },
      tx,
    );
    metrics().documents.inc({ state: data.state });
    return { recordId, state: data.state as DocumentState, bookingId: match.state === "linked" ? match.bookingId : null };
  });
}
