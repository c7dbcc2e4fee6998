import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { LOOKALIKE_WINDOW } from "../clinical/store/find-booking-candidates";
import { requirePatientAccess } from "./arrivals-config";
import { boardStatus, type BoardStatus } from "./load-board";
import { classifyPair, EVIDENCE_FIELDS, lookAlikeKeys, orderedPair, type PairLink, type PairPatient } from "./same-patient-rules";
import { liveDecisions } from "./same-patient-decisions";
import { now as clockNow } from "../time/clock";

/**
 * One patient across the two 111 doors (HAZ-140): the bookings a booking's patient is, or may be, linked with, and a
 * person's decision on a possible match. The rules are in same-patient-rules.ts; nothing here merges two records.
 */

const PATIENT_SELECT = { nhsNumber: true, nhsNumberStatus: true, birthDate: true, family: true, given: true, gender: true } as const;

export interface SamePatientBooking {
  bookingId: string;
  start: Date;
  status: BoardStatus;
  /** Which door booked it: uec (STU3) or bars (R4). */
  door: "uec" | "bars";
  serviceName: string;
  bookingOrg: string | null;
  patient: PairPatient;
  /** Whether a 111 summary (CDA report or BaRS referral) is on it: its words are on its own booking page. */
  summaryReceived: boolean;
  link: PairLink;
}

/**
 * The other bookings this booking's patient is, or may be, linked with: open bookings in the matcher's look-alike
 * window (a day back to a week ahead) whose patient has the same usable NHS number or birth date and family name,
 * and any booking a person has decided about. Audited when anything is shown: it shows other bookings' details.
 */
export async function loadSamePatient(bookingId: string, actor: StaffActor, now = clockNow()): Promise<SamePatientBooking[]> {
  requirePatientAccess(actor);
  const me = await db().appointment.findUnique({ where: { id: bookingId }, select: { id: true, patient: { select: PATIENT_SELECT } } });
  if (!me) throw new NotFound("No booking with that reference");
  const decisions = await liveDecisions(db(), [me.id]);
  const decided = decisions.map((d) => (d.bookingAId === me.id ? d.bookingBId : d.bookingAId));
  const keys = lookAlikeKeys(me.patient);
  const nhs = keys.find((k) => k.startsWith("nhs:"))?.slice(4);
  const lookalike = keys.length
    ? {
        status: "booked",
        start: { gte: new Date(now.getTime() - LOOKALIKE_WINDOW.hoursBefore * 3600_000), lte: new Date(now.getTime() + LOOKALIKE_WINDOW.hoursAfter * 3600_000) },
        OR: [...(nhs ? [{ patient: { nhsNumber: nhs } }] : []), { patient: { birthDate: me.patient.birthDate } }],
      }
    : null;
  const rows = await db().appointment.findMany({
    where: { id: { not: me.id }, OR: [...(lookalike ? [lookalike] : []), { id: { in: decided } }] },
    orderBy: { start: "asc" },
    select: {
      id: true,
      start: true,
      status: true,
      edStatus: true,
      bookingOrgName: true,
      bookingOrgOds: true,
      service: { select: { name: true } },
      patient: { select: PATIENT_SELECT },
      versions: { where: { versionId: 1 }, select: { standard: true }, take: 1 },
      _count: { select: { documents: { where: { state: "linked" } } } },
    },
  });
  const out: SamePatientBooking[] = [];
  for (const r of rows) {
    const pair = orderedPair(me.id, r.id);
    const decision = decisions.find((d) => d.bookingAId === pair.bookingAId && d.bookingBId === pair.bookingBId) ?? null;
    const link = classifyPair(me.patient, r.patient, decision);
    if (!link) continue;
    out.push({
      bookingId: r.id,
      start: r.start,
      status: boardStatus(r),
      door: r.versions[0]?.standard === "r4" ? "bars" : "uec",
      serviceName: r.service.name,
      bookingOrg: r.bookingOrgName ?? r.bookingOrgOds,
      patient: r.patient,
      summaryReceived: r._count.documents > 0,
      link,
    });
  }
  if (out.length) {
    await recordAudit(actor, {
      action: "patient-match.view",
      entityType: "Appointment",
      entityId: me.id,
      patientNhsNumber: me.patient.nhsNumber,
      detail: { shown: out.map((o) => ({ bookingId: o.bookingId, state: o.link.state, nhsNumber: o.patient.nhsNumber })) },
    });
  }
  return out;
}

export const decideSamePatientInput = z.object({
  bookingId: z.string().min(1),
  otherBookingId: z.string().min(1),
  decision: z.enum(["same-patient", "different-patients"]),
  /** The person compared the two side by side: required for either answer. */
  compared: z.literal(true, { error: "Confirm that you have compared the two bookings' details" }),
  note: z.string().trim().max(500, "Keep the note to 500 characters or fewer").optional().transform((s) => s || null),
});
export type DecideSamePatientInput = z.infer<typeof decideSamePatientInput>;

/**
 * A person's answer to a possible match: the same patient, or two different patients. Refused when the two are not
 * a possible match (already one patient by verified NHS numbers, or not alike), or when someone has already
 * answered. Audited on both bookings, with what agreed and what did not.
 */
export async function decideSamePatient(input: DecideSamePatientInput, actor: StaffActor, now = clockNow()): Promise<string> {
  requirePatientAccess(actor);
  if (input.bookingId === input.otherBookingId) throw new InvalidInput("A booking cannot be compared with itself");
  return db().$transaction(async (tx) => {
    const both = await tx.appointment.findMany({ where: { id: { in: [input.bookingId, input.otherBookingId] } }, select: { id: true, patient: { select: PATIENT_SELECT } } });
    const me = both.find((b) => b.id === input.bookingId);
    const other = both.find((b) => b.id === input.otherBookingId);
    if (!me || !other) throw new NotFound("No booking with that reference");
    const pair = orderedPair(me.id, other.id);
    const live = await tx.patientMatchDecision.findFirst({ where: { ...pair, undoneAt: null } });
    if (live) throw new VersionConflict("Someone has already answered whether these are the same patient: reload the page to see their answer");
    const link = classifyPair(me.patient, other.patient, null);
    if (!link) throw new InvalidInput("These two bookings' patients do not look alike, so there is nothing to confirm");
    if (link.state === "same-patient") throw new InvalidInput("These bookings are already shown as one patient: their verified NHS numbers and details match");
    const decidedByName = actor.name;
    const row = await tx.patientMatchDecision.create({ data: { ...pair, decision: input.decision, note: input.note, decidedById: actor.id, decidedByName, decidedAt: now } });
    const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, link.evidence[f].agreement]));
    const action = input.decision === "same-patient" ? "patient-match.confirm" : "patient-match.reject";
    for (const [a, b] of [[me, other], [other, me]] as const) {
      await recordAudit(actor, { action, entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, reason: input.note, detail: { decisionId: row.id, otherBookingId: b.id, otherNhsNumber: b.patient.nhsNumber, evidence } }, tx);
    }
    return row.id;
  });
}

export const undoSamePatientInput = z.object({
  bookingId: z.string().min(1),
  decisionId: z.string().min(1),
  reason: z.string().trim().min(1, "Say why the answer is being undone").max(500, "Keep the reason to 500 characters or fewer"),
});
export type UndoSamePatientInput = z.infer<typeof undoSamePatientInput>;

/** Undoes an answer: the pair is a possible match again. The row is kept and the undo audited on both bookings. */
export async function undoSamePatientDecision(input: UndoSamePatientInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  await db().$transaction(async (tx) => {
    const d = await tx.patientMatchDecision.findUnique({ where: { id: input.decisionId } });
    if (!d || (d.bookingAId !== input.bookingId && d.bookingBId !== input.bookingId)) throw new NotFound("No such answer for this booking");
    const done = await tx.patientMatchDecision.updateMany({ where: { id: d.id, undoneAt: null }, data: { undoneAt: now, undoneById: actor.id, undoneByName: actor.name, undoneReason: input.reason } });
    if (done.count === 0) throw new VersionConflict("This answer has already been undone: reload the page");
    const both = await tx.appointment.findMany({ where: { id: { in: [d.bookingAId, d.bookingBId] } }, select: { id: true, patient: { select: { nhsNumber: true } } } });
    for (const a of both) {
      const otherId = a.id === d.bookingAId ? d.bookingBId : d.bookingAId;
      await recordAudit(actor, { action: "patient-match.undo", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, reason: input.reason, detail: { decisionId: d.id, otherBookingId: otherId, undid: d.decision } }, tx);
    }
  });
}
