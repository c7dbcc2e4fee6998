import { readStoredDocument } from "../clinical/stored-document";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, NotFound } from "../errors";
import type { ClinicalDocument } from "../clinical/cda/types";
import { reportsTakenOffBooking, type ReportTakenOff } from "../clinical/document-history";
import { arrivalsConfig, seesClinicalContent } from "./arrivals-config";
import { changedParts, parseDigest, type ChangedPart } from "../clinical/content-digest";
import { parseSummary } from "../clinical/document-summary";
import { bookingDeadline, boardStatus, changeSince, type BoardStatus, type BookingDeadline, type SummaryChange } from "./load-board";
import { communicationNeeds, contactLines, type CommunicationNeed, type ContactLine } from "./patient-contacts";
import { summaryChaseFor, type SummaryChase } from "./summary-chase";
import type { OtherRouteSummaryRow, OtherRouteType } from "./other-route-summary";
import { now as clockNow } from "../time/clock";
import { CROSS_ORG_ACTION } from "../booking/cross-org-access";

export interface BookingDocumentVersion {
  recordId: string;
  receivedAt: Date;
  state: string;
  supersededAt: Date | null;
  source: string;
}

/** A report that came with this booking and was moved off it when the booking was cancelled: where it is now. */
export interface MovedDocument extends BookingDocumentVersion {
  reviewReason: string | null;
  /** The booking it is attached to now (another booking of the patient), with its arrival time. */
  nowWith: { bookingId: string; start: Date } | null;
}

export interface BookingView {
  id: string;
  start: Date;
  end: Date;
  status: string;
  boardStatus: BoardStatus;
  edStatus: string;
  fhirVersion: number;
  workflowVersion: number;
  arrivedAt: Date | null;
  /** Who marked the arrival: staff | ed-record | both. */
  arrivalSource: string | null;
  /** The ED record's registration and departure times (HL7v2), where it sent them. */
  registeredAt: Date | null;
  departedAt: Date | null;
  dnaAt: Date | null;
  dnaAllowedFrom: Date;
  dnaReview: { at: Date; by: string; note: string | null } | null;
  /** 111's reason for the call: clinicians only (HAZ-074). */
  description: string | null;
  bookingOrg: string | null;
  bookingOrgOds: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  /** When another organisation than the one that booked cancelled it (UEC Booking allows it): who. */
  cancelledByOtherOrg: string | null;
  /** Reads and cancels of this booking by organisations other than the one that booked it (audited). */
  otherOrgAccess: { at: Date; org: string; interaction: string; refused: boolean }[];
  cancelReason: string | null;
  service: { name: string; site: { name: string; addressLine1: string; addressLine2: string | null; town: string; postcode: string } };
  patient: {
    given: string;
    family: string;
    prefix: string | null;
    birthDate: string;
    gender: string;
    nhsNumber: string | null;
    nhsNumberStatus: string | null;
    postcode: string | null;
    address: string | null;
    /** Legacy shape kept for callers that only need numbers. */
    telecom: { system?: string; value?: string; use?: string; rank?: number }[];
    contacts: ContactLine[];
    communication: CommunicationNeed[];
    gpPracticeName: string | null;
    gpPracticeOds: string | null;
  };
  history: { versionId: number; status: string; at: Date; changedBy: string; changedByName: string }[];
  notes: { id: string; text: string; at: Date; author: string }[];
  tasks: { id: string; status: string; reason: string; createdAt: Date; outcome: string | null; closedAt: Date | null }[];
  documents: {
    /** The report shown: the current one, else the latest earlier version. */
    shown: BookingDocumentVersion | null;
    /** Set when the shown report replaced an earlier one (its arrival time). */
    replacedAt: Date | null;
    versions: BookingDocumentVersion[];
    /** A report for this booking is waiting for someone to check it. */
    pendingReview: number;
    /** Summaries a member of staff attached because they came another way (HAZ-072), newest first. */
    otherRoute: OtherRouteSummaryRow[];
    /** Set when no summary has come SUMMARY_MISSING_MINUTES after booking: whom to phone for it. */
    chase: SummaryChase | null;
    /** Reports that came with this booking and that its cancellation moved off it (see MovedDocument). */
    moved: MovedDocument[];
    /** A changed version from 111 waiting for a person to confirm it; the earlier one is shown until then. */
    pendingReplacement: { recordId: string; receivedAt: Date; parts: ChangedPart[] } | null;
    /** Reports a person took off this booking as another patient's. */
    takenOff: ReportTakenOff[];
  };
  /** What changed in the report since this person last opened the booking (before this opening). */
  summaryChange: SummaryChange | null;
  /** Clinicians only: the report read from the stored XML, for ClinicalSummary. */
  clinical: ClinicalDocument | null;
  /** 111's deadline from the current report, as the board shows it. */
  deadline: BookingDeadline;
}

/**
 * Opens one patient's booking. Every opening is audited with who opened it, and recorded as opened by
 * that person at the booking's current version (the board stops highlighting it for them). Clinical
 * content is read only for clinicians. `documentRecordId` shows an earlier version of the report.
 */
export async function viewBooking(id: string, actor: StaffActor, options: { documentRecordId?: string | null; now?: Date } = {}): Promise<BookingView> {
  const now = options.now ?? clockNow();
  if (actor.role !== "clinician" && actor.role !== "clerk") {
    await recordAudit(actor, { action: "booking.view", entityType: "Appointment", entityId: id, outcome: "refused" });
    throw new Forbidden("Only clinicians and clerks can open a patient's booking");
  }
  const a = await db().appointment.findUnique({
    where: { id },
    include: {
      patient: true,
      service: { include: { site: true } },
      versions: { orderBy: { versionId: "asc" } },
      notes: { orderBy: { createdAt: "asc" } },
      contactTasks: { orderBy: { createdAt: "asc" } },
      documents: { where: { state: { in: ["linked", "superseded"] } }, orderBy: { receivedAt: "desc" }, omit: { content: true } },
      otherRouteSummaries: { orderBy: { uploadedAt: "desc" }, omit: { content: true } },
    },
  });
  if (!a) throw new NotFound("No booking with that reference");
  const clinical = seesClinicalContent(actor);
  const versions: BookingDocumentVersion[] = a.documents.map((d) => ({ recordId: d.id, receivedAt: d.receivedAt, state: d.state, supersededAt: d.supersededAt, source: d.source }));
  const current = versions.find((v) => v.state === "linked") ?? null;
  const moved = await movedOff(a.id);
  const asked = options.documentRecordId ? (versions.find((v) => v.recordId === options.documentRecordId) ?? moved.find((v) => v.recordId === options.documentRecordId) ?? null) : null;
  // A cancelled booking still shows the report it came with, for the record, wherever that report went.
  const shown = asked ?? current ?? versions[0] ?? moved[0] ?? null;
  const [pendingReview, replacement, prior, takenOff] = await Promise.all([
    db().clinicalDocument.count({ where: { state: "needs-review", candidateIds: { contains: a.id } } }),
    db().clinicalDocument.findFirst({ where: { state: "needs-review", reviewReason: "replaces-linked-report", candidateIds: { contains: a.id } }, orderBy: { receivedAt: "desc" }, select: { id: true, receivedAt: true, contentDigest: true } }),
    db().bookingOpen.findUnique({ where: { appointmentId_staffUserId: { appointmentId: a.id, staffUserId: actor.id } }, select: { documentRecordId: true } }),
    reportsTakenOffBooking(a.id),
  ]);
  const currentRow = current ? a.documents.find((d) => d.id === current.recordId) : undefined;
  const summaryChange = changeSince(prior ?? undefined, currentRow, a.documents, null, clinical);
  const seenDigest = parseDigest(currentRow?.contentDigest);
  const pendingDigest = parseDigest(replacement?.contentDigest);
  const pendingReplacement = replacement ? { recordId: replacement.id, receivedAt: replacement.receivedAt, parts: clinical && seenDigest && pendingDigest ? changedParts(seenDigest, pendingDigest) : [] } : null;

  await recordAudit(actor, {
    action: "booking.view",
    entityType: "Appointment",
    entityId: a.id,
    patientNhsNumber: a.patient.nhsNumber,
    detail: { clinicalContent: clinical && shown !== null, documentRecordId: clinical ? (shown?.recordId ?? null) : null },
  });
  // The report counts as seen only when the current one was on screen; opening an earlier version does not clear the alert.
  const seenRecordId = shown === null || shown.recordId === current?.recordId ? (current?.recordId ?? null) : (prior?.documentRecordId ?? null);
  await db().bookingOpen.upsert({
    where: { appointmentId_staffUserId: { appointmentId: a.id, staffUserId: actor.id } },
    create: { appointmentId: a.id, staffUserId: actor.id, fhirVersion: a.fhirVersion, openedAt: now, documentRecordId: seenRecordId },
    update: { fhirVersion: a.fhirVersion, openedAt: now, documentRecordId: seenRecordId },
  });
  if (!a.firstSeenAt) await db().appointment.updateMany({ where: { id: a.id, firstSeenAt: null }, data: { firstSeenAt: now } });

  let content: ClinicalDocument | null = null;
  if (clinical && shown) {
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: shown.recordId }, select: { content: true, source: true, receivedAt: true } });
    content = readStoredDocument(row);
  }

  const staffIds = [...new Set([...a.notes.map((n) => n.authorId), ...a.versions.filter((v) => v.changedBy === "staff" && v.changedById).map((v) => v.changedById!), ...(a.dnaReviewedById ? [a.dnaReviewedById] : [])])];
  const staff = staffIds.length ? await db().staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [];
  const staffName = (sid: string | null | undefined) => staff.find((s) => s.id === sid)?.name ?? "A member of ED staff";
  const bookingOrg = a.bookingOrgName ?? a.bookingOrgOds;
  const otherOrgAccess = await otherOrganisationAccess(a.id);
  const cancelledByOtherOrg = a.cancelledBy === "consumer" ? ([...otherOrgAccess].reverse().find((o) => o.interaction === "cancel" && !o.refused)?.org ?? null) : null;
  let telecom: BookingView["patient"]["telecom"] = [];
  try {
    telecom = JSON.parse(a.patient.telecomJson);
  } catch {
    telecom = [];
  }
  const address = firstAddress(a.patient.addressJson);
  const cfg = arrivalsConfig();
  const linked = a.documents.find((d) => d.state === "linked") ?? null;
  const deadline = bookingDeadline(
    { start: a.start, status: boardStatus(a), dispositionDueAt: linked?.dispositionDueAt ?? null, timeframeMinutes: parseSummary(linked?.summaryJson ?? null)?.disposition?.timeframeMinutes ?? null },
    now,
  );
  return {
    id: a.id,
    start: a.start,
    end: a.end,
    status: a.status,
    boardStatus: boardStatus(a),
    edStatus: a.edStatus,
    fhirVersion: a.fhirVersion,
    workflowVersion: a.workflowVersion,
    arrivedAt: a.arrivedAt,
    arrivalSource: a.arrivalSource,
    registeredAt: a.registeredAt,
    departedAt: a.departedAt,
    dnaAt: a.dnaAt,
    dnaAllowedFrom: new Date(a.start.getTime() + cfg.dnaGraceMinutes * 60_000),
    dnaReview: a.dnaReviewedAt ? { at: a.dnaReviewedAt, by: staffName(a.dnaReviewedById), note: a.dnaReviewNote } : null,
    description: clinical ? a.description : null,
    bookingOrg,
    bookingOrgOds: a.bookingOrgOds,
    createdAt: a.createdAt,
    cancelledAt: a.cancelledAt,
    cancelledBy: a.cancelledBy,
    cancelledByOtherOrg,
    otherOrgAccess,
    cancelReason: a.cancelReason,
    service: { name: a.service.name, site: a.service.site },
    patient: {
      given: a.patient.given,
      family: a.patient.family,
      prefix: a.patient.prefix,
      birthDate: a.patient.birthDate,
      gender: a.patient.gender,
      nhsNumber: a.patient.nhsNumber,
      nhsNumberStatus: a.patient.nhsNumberStatus,
      postcode: a.patient.postcode,
      address,
      telecom,
      contacts: contactLines(a.patient.telecomJson, a.patient.contactJson),
      communication: communicationNeeds(a.patient.communicationJson),
      gpPracticeName: a.patient.gpPracticeName,
      gpPracticeOds: a.patient.gpPracticeOds,
    },
    history: a.versions.map((v) => ({
      versionId: v.versionId,
      status: v.status,
      at: v.createdAt,
      changedBy: v.changedBy,
      changedByName: v.changedBy === "consumer" ? (bookingOrg ?? `111 system ${v.changedById ?? ""}`.trim()) : v.changedBy === "staff" ? staffName(v.changedById) : "This system",
    })),
    notes: a.notes.map((n) => ({ id: n.id, text: n.text, at: n.createdAt, author: staffName(n.authorId) })),
    tasks: a.contactTasks.map((t) => ({ id: t.id, status: t.status, reason: t.reason, createdAt: t.createdAt, outcome: t.outcome, closedAt: t.closedAt })),
    documents: {
      shown,
      replacedAt: shown && shown.state === "linked" && versions.some((v) => v.state === "superseded") ? shown.receivedAt : null,
      versions,
      pendingReview,
      otherRoute: a.otherRouteSummaries.map((o) => ({ id: o.id, mediaType: o.mediaType as OtherRouteType, filename: o.filename, sizeBytes: o.sizeBytes, receivedHow: o.receivedHow, uploadedByName: o.uploadedByName, uploadedAt: o.uploadedAt })),
      chase: summaryChaseFor(a, { summary: versions.length > 0 || a.otherRouteSummaries.length > 0, beingChecked: pendingReview > 0 }, now, cfg),
      moved,
      pendingReplacement,
      takenOff,
    },
    summaryChange,
    clinical: content,
    deadline,
  };
}

function firstAddress(json: string): string | null {
  try {
    // FHIR Address (line, postalCode) or the booking door's shape (lines, postcode).
    const list = JSON.parse(json) as { use?: string; line?: string[]; lines?: string[]; city?: string; postalCode?: string; postcode?: string; text?: string }[];
    const a = list.find((x) => x.use === "home") ?? list[0];
    if (!a) return null;
    return a.text ?? ([...(a.line ?? a.lines ?? []), a.city, a.postalCode ?? a.postcode].filter(Boolean).join(", ") || null);
  } catch {
    return null;
  }
}

async function movedOff(bookingId: string): Promise<MovedDocument[]> {
  const rows = await db().clinicalDocument.findMany({
    where: { cancelledBookingId: bookingId },
    orderBy: { receivedAt: "desc" },
    select: { id: true, receivedAt: true, state: true, supersededAt: true, source: true, reviewReason: true, appointmentId: true, appointment: { select: { id: true, start: true } } },
  });
  return rows.map((d) => ({
    recordId: d.id,
    receivedAt: d.receivedAt,
    state: d.state,
    supersededAt: d.supersededAt,
    source: d.source,
    reviewReason: d.reviewReason,
    nowWith: d.appointment && d.appointment.id !== bookingId && (d.state === "linked" || d.state === "superseded") ? { bookingId: d.appointment.id, start: d.appointment.start } : null,
  }));
}

/** The audited cross-organisation reads and cancels of one booking (lib/booking/cross-org-access.ts), oldest first. */
async function otherOrganisationAccess(appointmentId: string): Promise<BookingView["otherOrgAccess"]> {
  const rows = await db().auditEvent.findMany({
    where: { action: CROSS_ORG_ACTION, entityType: "Appointment", entityId: appointmentId },
    orderBy: { at: "asc" },
    take: 50,
    select: { at: true, outcome: true, consumerOds: true, actorName: true, detail: true },
  });
  return rows.map((r) => {
    let detail: { interaction?: string; accessingOrgName?: string | null; accessingOrgOds?: string } = {};
    try {
      detail = r.detail ? JSON.parse(r.detail) : {};
    } catch {
      detail = {};
    }
    const ods = detail.accessingOrgOds ?? r.consumerOds ?? "";
    const name = detail.accessingOrgName ?? r.actorName ?? null;
    return { at: r.at, org: name && name !== ods ? `${name} (${ods})` : ods || "Another organisation", interaction: detail.interaction ?? "read", refused: r.outcome !== "success" };
  });
}
