import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, NotFound } from "../errors";
import { parseClinicalDocument } from "../clinical/cda/parse-clinical-document";
import type { ClinicalDocument } from "../clinical/cda/types";
import { reportsTakenOffBooking, type ReportTakenOff } from "../clinical/document-history";
import { arrivalsConfig, seesClinicalContent } from "./arrivals-config";
import { parseSummary } from "../clinical/document-summary";
import { bookingDeadline, boardStatus, type BoardStatus, type BookingDeadline } from "./load-board";
import { communicationNeeds, contactLines, type CommunicationNeed, type ContactLine } from "./patient-contacts";
import { now as clockNow } from "../time/clock";

export interface BookingDocumentVersion {
  recordId: string;
  receivedAt: Date;
  state: string;
  supersededAt: Date | null;
  source: string;
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
  dnaAt: Date | null;
  dnaAllowedFrom: Date;
  dnaReview: { at: Date; by: string; note: string | null } | null;
  description: string;
  bookingOrg: string | null;
  bookingOrgOds: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
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
    /** Reports a person took off this booking as another patient's. */
    takenOff: ReportTakenOff[];
  };
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
    },
  });
  if (!a) throw new NotFound("No booking with that reference");
  const clinical = seesClinicalContent(actor);
  const versions: BookingDocumentVersion[] = a.documents.map((d) => ({ recordId: d.id, receivedAt: d.receivedAt, state: d.state, supersededAt: d.supersededAt, source: d.source }));
  const current = versions.find((v) => v.state === "linked") ?? null;
  const asked = options.documentRecordId ? (versions.find((v) => v.recordId === options.documentRecordId) ?? null) : null;
  const shown = asked ?? current ?? versions[0] ?? null;
  const pendingReview = await db().clinicalDocument.count({ where: { state: "needs-review", candidateIds: { contains: a.id } } });
  const takenOff = await reportsTakenOffBooking(a.id);

  await recordAudit(actor, {
    action: "booking.view",
    entityType: "Appointment",
    entityId: a.id,
    patientNhsNumber: a.patient.nhsNumber,
    detail: { clinicalContent: clinical && shown !== null, documentRecordId: clinical ? (shown?.recordId ?? null) : null },
  });
  await db().bookingOpen.upsert({
    where: { appointmentId_staffUserId: { appointmentId: a.id, staffUserId: actor.id } },
    create: { appointmentId: a.id, staffUserId: actor.id, fhirVersion: a.fhirVersion, openedAt: now },
    update: { fhirVersion: a.fhirVersion, openedAt: now },
  });
  if (!a.firstSeenAt) await db().appointment.updateMany({ where: { id: a.id, firstSeenAt: null }, data: { firstSeenAt: now } });

  let content: ClinicalDocument | null = null;
  if (clinical && shown) {
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: shown.recordId }, select: { content: true } });
    content = parseClinicalDocument(row.content);
  }

  const staffIds = [...new Set([...a.notes.map((n) => n.authorId), ...a.versions.filter((v) => v.changedBy === "staff" && v.changedById).map((v) => v.changedById!), ...(a.dnaReviewedById ? [a.dnaReviewedById] : [])])];
  const staff = staffIds.length ? await db().staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [];
  const staffName = (sid: string | null | undefined) => staff.find((s) => s.id === sid)?.name ?? "A member of ED staff";
  const bookingOrg = a.bookingOrgName ?? a.bookingOrgOds;
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
    dnaAt: a.dnaAt,
    dnaAllowedFrom: new Date(a.start.getTime() + cfg.dnaGraceMinutes * 60_000),
    dnaReview: a.dnaReviewedAt ? { at: a.dnaReviewedAt, by: staffName(a.dnaReviewedById), note: a.dnaReviewNote } : null,
    description: a.description,
    bookingOrg,
    bookingOrgOds: a.bookingOrgOds,
    createdAt: a.createdAt,
    cancelledAt: a.cancelledAt,
    cancelledBy: a.cancelledBy,
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
    documents: { shown, replacedAt: shown && shown.state === "linked" && versions.some((v) => v.state === "superseded") ? shown.receivedAt : null, versions, pendingReview, takenOff },
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
