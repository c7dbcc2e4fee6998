import { readStoredDocument } from "./stored-document";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, NotFound } from "../errors";
import type { ClinicalDocument } from "./cda/types";
import { parseSummary, type DocumentSummary, type SafeguardingFlag } from "./document-summary";
import { changedParts, parseDigest, type ChangedPart } from "./content-digest";
import { bookingPatient, compareDemographics, type DemographicsComparison } from "./match-document";
import { documentHistory } from "./document-history";
import { findLookalikeBookings } from "./store/find-booking-candidates";
import type { DocumentState, ReviewReason } from "./store/document-states";
import { now as clockNow } from "../time/clock";
import { isVerifiedStatus } from "../nhs/nhs-number";

/** A received report as lists show it: who it is about and where it stands, never its clinical text. */
export interface DocumentListRow {
  id: string;
  state: DocumentState;
  reviewReason: ReviewReason | null;
  reviewNote: string | null;
  receivedAt: string;
  source: string;
  patientName: string | null;
  nhsNumber: string | null;
  birthDate: string | null;
  gender: string | null;
  sender: string | null;
  bookingId: string | null;
  /** Clinicians only (HAZ-074): null for clerks. */
  disposition: DocumentSummary["disposition"];
  /** Why it is kept for information rather than expected as a walk-in; null when it is for action. */
  informationReason: string | null;
  /** The report has no readable clinical content (it may have been cut off). */
  noClinicalContent: boolean;
  /** Clinicians only (null for clerks): a sign of a possible safeguarding concern. */
  safeguarding: SafeguardingFlag | null;
  version: number;
  /** The booking it came with, when 111 cancelled that booking. */
  cancelledBookingId: string | null;
  /** An expected walk-in a person resolved: arrived, or closed with a reason. */
  resolution: { outcome: "arrived" | "closed"; note: string | null; at: string } | null;
  /** Closed by a clinician with no further action: why and when. */
  closedNoAction: { reason: string | null; at: string } | null;
  /** When 111 said the patient should be seen by (a BaRS referral's deadline, or the call plus the timeframe). */
  dueAt: string | null;
  /**
   * Expected walk-ins only: active bookings that may be the same patient, whichever door booked them. "same": both
   * NHS numbers verified and equal; "possible": an unverified NHS number, or the same family name and birth date,
   * for a person to confirm. Never merged: the walk-in and the booking stay two records.
   */
  samePatient?: { bookingId: string; start: string; match: "same" | "possible"; evidence: string }[];
}

function requireStaffWithPatientAccess(actor: StaffActor) {
  if (actor.role !== "clerk" && actor.role !== "clinician") throw new Forbidden("Only clerks and clinicians can see clinical documents");
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["clinicalDocument"]["findFirstOrThrow"]>>;

/**
 * What a clerk needs of a report is who it is about, where it stands and who sent it, to match it and to phone
 * the patient; its disposition ("Refer to Mental Health/Crisis Service", "Child protection…"), with whether it is
 * usually for an ED, and its safeguarding signs are clinical content, included only for clinicians (HAZ-074).
 */
export function toListRow(r: Omit<Row, "content">, viewer: Pick<StaffActor, "role">): DocumentListRow {
  const summary = parseSummary(r.summaryJson);
  const clinical = viewer.role === "clinician";
  return {
    id: r.id,
    state: r.state as DocumentState,
    reviewReason: (r.reviewReason as ReviewReason | null) ?? null,
    reviewNote: r.reviewNote,
    receivedAt: r.receivedAt.toISOString(),
    source: r.source,
    patientName: r.patientName,
    nhsNumber: r.nhsNumber,
    birthDate: r.birthDate,
    gender: r.gender,
    sender: r.senderName ?? r.senderOds,
    bookingId: r.appointmentId,
    disposition: clinical ? (summary?.disposition ?? null) : null,
    informationReason: summary?.route?.kind === "information" ? summary.route.detail : null,
    noClinicalContent: summary?.noClinicalContent ?? false,
    safeguarding: clinical ? (summary?.safeguarding ?? null) : null,
    version: r.version,
    cancelledBookingId: r.cancelledBookingId,
    resolution: r.resolvedAt && (r.resolution === "arrived" || r.resolution === "closed") ? { outcome: r.resolution, note: r.resolutionNote, at: r.resolvedAt.toISOString() } : null,
    closedNoAction: r.state === "closed-no-action" && r.resolvedAt ? { reason: r.resolutionNote, at: r.resolvedAt.toISOString() } : null,
    dueAt: r.dispositionDueAt?.toISOString() ?? null,
  };
}

const LIST_SELECT = { content: false } as const;

/**
 * Expected walk-ins: every one nobody has resolved yet, however old (an unresolved referral never ages out of
 * view), and those resolved in the last `hours`, so the list still says what happened to them.
 */
function walkInsWhere(now: Date, hours: number) {
  return { state: "referral-without-booking", OR: [{ resolvedAt: null }, { resolvedAt: { gte: new Date(now.getTime() - hours * 3600_000) } }] };
}

/** How far back the documents page lists reports kept for information. */
export const INFORMATION_LIST_DAYS = 7;

/**
 * Reports a person must look at (oldest first): those sent for checking, and any a cancellation decoupled that
 * could not yet be matched again; expected walk-ins and those still waiting for a booking (newest first); and
 * reports kept for information (copies, repeat-caller history, old calls: newest first).
 */
export async function listDocumentsNeedingAttention(actor: StaffActor, now = clockNow()) {
  requireStaffWithPatientAccess(actor);
  const [review, walkIns, waiting, information, closed] = await Promise.all([
    db().clinicalDocument.findMany({ where: { state: { in: ["needs-review", "booking-cancelled"] } }, orderBy: { receivedAt: "asc" }, omit: LIST_SELECT }),
    db().clinicalDocument.findMany({ where: walkInsWhere(now, 48), orderBy: { receivedAt: "desc" }, omit: LIST_SELECT }),
    db().clinicalDocument.findMany({ where: { state: "awaiting-booking" }, orderBy: { receivedAt: "desc" }, omit: LIST_SELECT }),
    db().clinicalDocument.findMany({ where: { state: "information", receivedAt: { gte: new Date(now.getTime() - INFORMATION_LIST_DAYS * 24 * 3600_000) } }, orderBy: { receivedAt: "desc" }, omit: LIST_SELECT }),
    // Every report closed with no further action, however old: a closed report never vanishes from view.
    db().clinicalDocument.findMany({ where: { state: "closed-no-action" }, orderBy: [{ resolvedAt: "desc" }, { receivedAt: "desc" }], omit: LIST_SELECT }),
  ]);
  const row = (r: Omit<Row, "content">) => toListRow(r, actor);
  return { needsReview: review.map(row), walkIns: walkIns.map(row), awaiting: waiting.map(row), information: information.map(row), closedNoAction: closed.map(row) };
}

/** Expected walk-ins for the arrivals board: unresolved 111 referrals without a booking, and those resolved in the last `hours`. */
export async function listExpectedWalkIns(actor: StaffActor, now = clockNow(), hours = 24): Promise<DocumentListRow[]> {
  requireStaffWithPatientAccess(actor);
  return queryExpectedWalkIns(now, hours, actor);
}

/**
 * The same list without a person behind it: for the downtime snapshot, which the system writes for the clinicians
 * who will read it on paper (so with what a clinician sees), and for `listExpectedWalkIns` with its viewer.
 */
export async function queryExpectedWalkIns(now = clockNow(), hours = 24, viewer: Pick<StaffActor, "role"> = { role: "clinician" }): Promise<DocumentListRow[]> {
  const rows = await db().clinicalDocument.findMany({
    where: walkInsWhere(now, hours),
    orderBy: { receivedAt: "desc" },
    omit: LIST_SELECT,
  });
  const list = rows.map((r) => toListRow(r, viewer));
  const open = list.filter((r) => !r.resolution);
  if (!open.length) return list;
  const nhs = [...new Set(open.map((r) => r.nhsNumber).filter((n): n is string => !!n))];
  const births = [...new Set(open.map((r) => r.birthDate).filter((b): b is string => !!b))];
  const bookings = await db().appointment.findMany({
    where: { status: "booked", edStatus: "expected", start: { gte: new Date(now.getTime() - 12 * 3600_000), lt: new Date(now.getTime() + 7 * 24 * 3600_000) }, patient: { OR: [{ nhsNumber: { in: nhs } }, { birthDate: { in: births } }] } },
    select: { id: true, start: true, patient: { select: { nhsNumber: true, nhsNumberStatus: true, family: true, birthDate: true } } },
    orderBy: { start: "asc" },
    take: 200,
  });
  const family = new Map(rows.map((r) => [r.id, (r.family ?? "").trim().toLowerCase()]));
  for (const w of open) {
    const verified = parseSummary(rows.find((r) => r.id === w.id)?.summaryJson ?? null)?.bars?.nhsNumberVerified === true;
    w.samePatient = bookings.flatMap((b) => {
      const sameNhs = !!w.nhsNumber && b.patient.nhsNumber === w.nhsNumber;
      const sameDetails = !!w.birthDate && b.patient.birthDate === w.birthDate && b.patient.family.trim().toLowerCase() === family.get(w.id);
      if (!sameNhs && !sameDetails) return [];
      const both = sameNhs && verified && isVerifiedStatus(b.patient.nhsNumberStatus);
      const evidence = both ? "the same verified NHS number" : sameNhs ? `the same NHS number, not verified on both${sameDetails ? ", and the same family name and birth date" : ""}` : "the same family name and birth date, no matching NHS number";
      return [{ bookingId: b.id, start: b.start.toISOString(), match: both ? ("same" as const) : ("possible" as const), evidence }];
    });
  }
  return list;
}

export interface ReviewCandidate {
  bookingId: string;
  start: Date;
  status: string;
  serviceName: string;
  patient: { given: string; family: string; birthDate: string; gender: string; nhsNumber: string | null; nhsNumberStatus: string | null; postcode: string | null };
  documentRefId: string | null;
  comparison: DemographicsComparison;
  /** The booking the report is attached to now. */
  attached: boolean;
  /** Why it is offered: the system found it, or it is the same patient by NHS number or name and birth date. */
  offeredBecause: "found-by-match" | "same-nhs-number" | "same-name-and-birth-date";
}

export interface DocumentReview {
  row: DocumentListRow;
  /** Demographics read from the report, for the side-by-side comparison. */
  reportPatient: {
    name: string | null;
    nhsNumber: string | null;
    nhsNumberVerification: "verified" | "unverified" | null;
    nhsNumberProblem: string | null;
    birthDate: string | null;
    gender: string | null;
    postcode: string | null;
    gp: string | null;
  };
  candidates: ReviewCandidate[];
  /** What happened to the report, oldest first, including links since undone. */
  history: Awaited<ReturnType<typeof documentHistory>>;
  supersededBy: string | null;
  /** A changed version of a report attached to a booking: the version it would replace, and what differs (clinicians only). */
  replaces: { recordId: string; bookingId: string | null; parts: ChangedPart[] } | null;
  /** The report as a clinician reads it; null for clerks (no clinical content). */
  clinical: ClinicalDocument | null;
}

/** One report for review with the bookings it might belong to. Audited. */
export async function viewDocumentForReview(recordId: string, actor: StaffActor, now = clockNow()): Promise<DocumentReview> {
  requireStaffWithPatientAccess(actor);
  const row = await db().clinicalDocument.findUnique({ where: { id: recordId } });
  if (!row) throw new NotFound("No clinical document with that reference");
  const doc = readStoredDocument(row);
  await recordAudit(actor, { action: "document.view", entityType: "ClinicalDocument", entityId: row.id, patientNhsNumber: row.nhsNumber, detail: { state: row.state, clinicalContent: actor.role === "clinician" } });

  const found = (row.candidateIds ?? "").split(",").filter(Boolean);
  const p = doc.patient;
  const usableNhs = p?.nhsNumber && !p.nhsNumber.problem ? p.nhsNumber.value : null;
  // The same look-alikes the matcher weighed as rivals, so the reviewer sees what it saw.
  const similar = p ? await findLookalikeBookings(db(), p, now, found) : [];
  const ids = [...new Set([...(row.appointmentId ? [row.appointmentId] : []), ...found, ...similar.map((s) => s.bookingId)])];
  const bookings = ids.length ? await db().appointment.findMany({ where: { id: { in: ids } }, include: { patient: true, service: true }, orderBy: { start: "asc" } }) : [];
  const candidates = bookings.map((b): ReviewCandidate => {
    const comparison = compareDemographics(doc, bookingPatient(b.patient));
    return {
      bookingId: b.id,
      start: b.start,
      status: b.status,
      serviceName: b.service.name,
      patient: { given: b.patient.given, family: b.patient.family, birthDate: b.patient.birthDate, gender: b.patient.gender, nhsNumber: b.patient.nhsNumber, nhsNumberStatus: b.patient.nhsNumberStatus, postcode: b.patient.postcode },
      documentRefId: b.documentRefId,
      comparison,
      attached: row.state === "linked" && b.id === row.appointmentId,
      offeredBecause: found.includes(b.id) || b.id === row.appointmentId ? "found-by-match" : usableNhs && b.patient.nhsNumber === usableNhs ? "same-nhs-number" : "same-name-and-birth-date",
    };
  });
  const history = await documentHistory(row.id);
  const gp = doc.registeredGp;
  let replaces: DocumentReview["replaces"] = null;
  if (row.state === "needs-review" && row.reviewReason === "replaces-linked-report" && row.setId) {
    const earlier = await db().clinicalDocument.findFirst({ where: { setId: row.setId, state: "linked", id: { not: row.id } }, orderBy: { receivedAt: "desc" }, select: { id: true, appointmentId: true, contentDigest: true } });
    const [was, is] = [parseDigest(earlier?.contentDigest), parseDigest(row.contentDigest)];
    if (earlier) replaces = { recordId: earlier.id, bookingId: earlier.appointmentId, parts: actor.role === "clinician" && was && is ? changedParts(was, is) : [] };
  }
  return {
    row: toListRow(row, actor),
    reportPatient: {
      name: p?.name?.text ?? null,
      nhsNumber: p?.nhsNumber?.value ?? null,
      nhsNumberVerification: p?.nhsNumber?.verification ?? null,
      nhsNumberProblem: p?.nhsNumber?.problem ?? null,
      birthDate: p?.birthDate ?? null,
      gender: p?.gender.display ?? p?.gender.value ?? null,
      postcode: p?.addresses.find((a) => a.postalCode)?.postalCode ?? null,
      gp: gp ? (gp.unknown ? "Not known to 111" : [gp.name, gp.odsCode].filter(Boolean).join(", ")) : null,
    },
    candidates,
    history,
    supersededBy: row.supersededById,
    replaces,
    clinical: actor.role === "clinician" ? doc : null,
  };
}
