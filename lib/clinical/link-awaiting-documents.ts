import { readStoredDocument } from "./stored-document";
import { db } from "../db/client";
import { databaseKind, databaseUrl } from "../db/url";
import { waitingDocumentsPostgres, waitingDocumentsSqlite } from "../db/waiting-documents-sqlite";
import { recordAudit } from "../audit/record-audit";
import { SYSTEM, type Actor } from "../auth/actor";
import { deploymentConfig } from "../config/deployment";
import { logger } from "../observability/logger";
import { metrics } from "../observability/metrics";
import { documentIdKey } from "./cda/parse-clinical-document";
import { matchDocument } from "./match-document";
import type { DocumentState } from "./store/document-states";
import { findBookingCandidates } from "./store/find-booking-candidates";
import { supersedeEarlierVersions } from "./store/supersede-earlier-versions";
import { now as clockNow } from "../time/clock";

export interface RematchResult {
  recordId: string;
  state: DocumentState;
  bookingId: string | null;
}

/** Documents still without a booking: they may match one made later (a report for information too, if a booking names it). */
const WAITING_STATES: DocumentState[] = ["awaiting-booking", "referral-without-booking", "information"];

/**
 * A report sent for checking only because the one booking that named it is no longer active (111 cancelled it)
 * is waiting too: when 111 books again naming it, the same match attaches it.
 */
const WAITING_FOR_REVIEW = { state: "needs-review", reviewReason: "booking-not-active" } as const;

export interface RematchOptions {
  /** The states the document may be in for the match to run again (default: still waiting for a booking). */
  states?: DocumentState[];
  /** Only needs-review documents with one of these reasons are matched again. */
  reviewReasons?: string[];
  /** Bookings the document was attached to before (a cancelled one): found again, as on arrival. */
  previouslyLinkedIds?: string[];
  /** Said on the review list when the match sends it to a person. */
  reviewNote?: string;
  /** The cancelled booking that named it, remembered so that booking can say where its report went. */
  cancelledBookingId?: string;
}

/**
 * Bookings and 111 reports arrive in either order. Call this after a booking has committed (the FHIR
 * booking door does): any waiting report naming this booking, by its DocumentReference id or by an
 * appointment reference, goes through the same safe match as on arrival and is linked, or sent for
 * review. Idempotent. It never throws: a failure here must not turn a made booking into an error for
 * 111; the report stays waiting and is still shown to staff.
 */
export async function linkAwaitingDocuments(appointmentId: string, actor: Actor = SYSTEM, now = clockNow(), known?: { documentRefId: string | null }): Promise<RematchResult[]> {
  try {
    let documentRefId: string | null;
    if (known) documentRefId = known.documentRefId;
    else {
      const appt = await db().appointment.findUnique({ where: { id: appointmentId }, select: { id: true, documentRefId: true } });
      if (!appt) return [];
      documentRefId = appt.documentRefId;
    }
    const waiting = await waitingDocuments(appointmentId, documentRefId);
    const out: RematchResult[] = [];
    for (const w of waiting) {
      const r = await rematchDocument(w.id, actor, now, {
        states: [...WAITING_STATES, "needs-review"],
        reviewReasons: [WAITING_FOR_REVIEW.reviewReason],
        previouslyLinkedIds: w.cancelledBookingId ? [w.cancelledBookingId] : [],
      });
      if (r) out.push(r);
    }
    return out;
  } catch (e) {
    logger().error({ appointmentId, err: e instanceof Error ? e.message : String(e) }, "linking waiting clinical documents failed");
    return [];
  }
}

async function waitingDocuments(appointmentId: string, documentRefId: string | null): Promise<{ id: string; cancelledBookingId: string | null }[]> {
  const url = databaseUrl();
  if (databaseKind(url) === "sqlite") {
    return waitingDocumentsSqlite(url, {
      states: WAITING_STATES,
      reviewState: WAITING_FOR_REVIEW.state,
      reviewReason: WAITING_FOR_REVIEW.reviewReason,
      documentId: documentRefId ? documentIdKey(documentRefId) : null,
      appointmentId,
    });
  }
  return waitingDocumentsPostgres(url, {
    states: WAITING_STATES,
    reviewState: WAITING_FOR_REVIEW.state,
    reviewReason: WAITING_FOR_REVIEW.reviewReason,
    documentId: documentRefId ? documentIdKey(documentRefId) : null,
    appointmentId,
  });
}

/**
 * Runs the booking match again for one document and records the new state, conditionally on the document not
 * having changed meanwhile (a clerk may be acting on it at the same moment). A document that must not stay where
 * it is (decoupled from a cancelled booking) and that the match cannot place goes to a person.
 */
export async function rematchDocument(recordId: string, actor: Actor, now = clockNow(), options: RematchOptions = {}): Promise<RematchResult | null> {
  const states = options.states ?? WAITING_STATES;
  return db().$transaction(async (tx) => {
    const row = await tx.clinicalDocument.findUnique({ where: { id: recordId } });
    if (!row || !states.includes(row.state as DocumentState)) return null;
    if (row.state === "needs-review" && options.reviewReasons && !options.reviewReasons.includes(row.reviewReason ?? "")) return null;
    const doc = readStoredDocument(row);
    const { candidates } = await findBookingCandidates(tx, doc, { fhirBaseUrl: deploymentConfig().fhirBaseUrl, now, previouslyLinkedIds: options.previouslyLinkedIds });
    const match = matchDocument(doc, candidates);
    const mustMove = row.state === "booking-cancelled";
    if (match.state === "awaiting-booking" && !mustMove) return { recordId, state: row.state as DocumentState, bookingId: null };
    const data =
      match.state === "linked"
        ? { state: "linked", appointmentId: match.bookingId, linkedAt: now, linkedById: null, candidateIds: match.bookingId, reviewReason: null, reviewNote: null }
        : match.state === "needs-review"
          ? { state: "needs-review", appointmentId: null, reviewReason: match.reason, reviewNote: options.reviewNote ?? match.message, candidateIds: match.bookingIds.join(",") }
          : { state: "needs-review", appointmentId: null, reviewReason: "booking-not-active", reviewNote: options.reviewNote ?? "No active booking names this report", candidateIds: (options.previouslyLinkedIds ?? []).join(",") || null };
    if (data.state === row.state && data.reviewReason === row.reviewReason && data.candidateIds === row.candidateIds) return { recordId, state: row.state as DocumentState, bookingId: null };
    const remember = options.cancelledBookingId && !row.cancelledBookingId ? { cancelledBookingId: options.cancelledBookingId } : {};
    const { count } = await tx.clinicalDocument.updateMany({
      where: { id: recordId, version: row.version },
      data: { ...data, ...remember, stateChangedAt: now, version: { increment: 1 } },
    });
    if (count !== 1) return null;
    const superseded = match.state === "linked" ? await supersedeEarlierVersions(tx, row, match.bookingId, now) : [];
    await recordAudit(
      actor,
      {
        action: "document.rematch",
        entityType: "ClinicalDocument",
        entityId: recordId,
        patientNhsNumber: row.nhsNumber,
        detail: {
          from: row.state,
          to: data.state,
          bookingId: match.state === "linked" ? match.bookingId : null,
          reviewReason: data.reviewReason,
          ...(row.cancelledBookingId ? { cancelledBookingId: row.cancelledBookingId } : {}),
          // The report's history says why it moved: a booking made, or the one it came with cancelled.
          ...(options.cancelledBookingId ? { after: "cancellation", cancelledBookingId: options.cancelledBookingId } : {}),
          ...(superseded.length ? { supersedes: superseded } : {}),
        },
      },
      tx,
    );
    metrics().documents.inc({ state: data.state });
    return { recordId, state: data.state as DocumentState, bookingId: match.state === "linked" ? match.bookingId : null };
  });
}
