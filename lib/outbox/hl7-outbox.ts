import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { SystemActor } from "../auth/actor";
import type { StaffActor } from "../auth/actor";
import { isUniqueViolation } from "../db/unique-violation";
import { requirePatientAccess } from "../arrivals/arrivals-config";
import { now as clockNow } from "../time/clock";

/**
 * The durable outbox of expected-patient messages to the ED's own patient record. Every booking change is already
 * written, in the booking's own transaction, as an AppointmentVersion; the outbox captures each version once
 * (its changeKey is unique) as one message, and delivers a patient's messages one at a time in the order of the
 * changes, retrying until the ED record acknowledges it, or until it is marked undeliverable for clerks to see.
 */
export const OUTBOX_ACTOR: SystemActor = { type: "system", name: "Expected patients to the ED record (HL7v2)" };
const WATERMARK_KEY = "hl7-outbox-watermark";
/** Versions written within this long before the watermark are looked at again (a commit can land late); the unique changeKey keeps them once. */
const OVERLAP_MS = 60_000;

export interface BookingChange {
  changeKey: string;
  appointmentId: string;
  versionId: number;
  status: string;
  changedAt: Date;
  start: Date;
  end: Date;
  description: string;
  bookingOrgOds: string | null;
  bookingOrgName: string | null;
  serviceName: string;
  disposition: { code: string | null; text: string | null } | null;
  patient: { id: string; localId: string; nhsNumber: string | null; family: string; given: string; birthDate: string; gender: string; postcode: string | null };
}

/** Booking changes not yet captured, oldest first. The first call starts from now: history is not replayed. */
export async function bookingChangesToCapture(now = clockNow(), limit = 200): Promise<BookingChange[]> {
  const mark = await db().appState.findUnique({ where: { key: WATERMARK_KEY } });
  if (!mark) {
    // The overlap is counted back from the watermark, so the first one is set ahead of now by it.
    const start = new Date(now.getTime() + OVERLAP_MS).toISOString();
    await db().appState.upsert({ where: { key: WATERMARK_KEY }, create: { key: WATERMARK_KEY, value: start }, update: {} });
    return [];
  }
  const since = new Date(new Date(mark.value).getTime() - OVERLAP_MS);
  const versions = await db().appointmentVersion.findMany({
    where: { createdAt: { gte: since } },
    orderBy: [{ createdAt: "asc" }, { versionId: "asc" }],
    take: limit * 2,
    select: { appointmentId: true, versionId: true, status: true, createdAt: true },
  });
  const keys = versions.map((v) => `${v.appointmentId}:${v.versionId}`);
  const done = new Set((await db().hl7OutboxMessage.findMany({ where: { changeKey: { in: keys } }, select: { changeKey: true } })).map((r) => r.changeKey));
  const todo = versions.filter((v) => !done.has(`${v.appointmentId}:${v.versionId}`)).slice(0, limit);
  if (!todo.length) return [];
  const ids = [...new Set(todo.map((v) => v.appointmentId))];
  const rows = await db().appointment.findMany({
    where: { id: { in: ids } },
    select: {
      id: true, start: true, end: true, description: true, bookingOrgOds: true, bookingOrgName: true,
      service: { select: { name: true } },
      documents: { select: { summaryJson: true }, orderBy: { receivedAt: "desc" }, take: 1 },
      patient: { select: { id: true, localId: true, nhsNumber: true, family: true, given: true, birthDate: true, gender: true, postcode: true } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return todo.flatMap((v) => {
    const a = byId.get(v.appointmentId);
    if (!a) return [];
    const summary = a.documents[0]?.summaryJson ? (JSON.parse(a.documents[0].summaryJson) as { disposition?: { code?: string; text?: string } | null }) : null;
    return [{
      changeKey: `${v.appointmentId}:${v.versionId}`,
      appointmentId: a.id,
      versionId: v.versionId,
      status: v.status,
      changedAt: v.createdAt,
      start: a.start,
      end: a.end,
      description: a.description,
      bookingOrgOds: a.bookingOrgOds,
      bookingOrgName: a.bookingOrgName,
      serviceName: a.service.name,
      disposition: summary?.disposition ? { code: summary.disposition.code ?? null, text: summary.disposition.text ?? null } : null,
      patient: a.patient,
    }];
  });
}

export interface OutboxEntry {
  changeKey: string;
  appointmentId: string;
  patientKey: string;
  messageType: string;
  controlId: string;
  body: string;
  changedAt: Date;
}

/** One message per change, in change order per patient. Returns false when the change was already captured. */
export async function enqueueOutboxMessage(e: OutboxEntry): Promise<boolean> {
  try {
    await db().$transaction(async (tx) => {
      const last = await tx.hl7OutboxMessage.findFirst({ where: { patientKey: e.patientKey }, orderBy: { sequence: "desc" }, select: { sequence: true } });
      const { changedAt, ...data } = e;
      await tx.hl7OutboxMessage.create({ data: { ...data, sequence: (last?.sequence ?? 0) + 1, nextAttemptAt: clockNow(), createdAt: clockNow() } });
      const mark = await tx.appState.findUnique({ where: { key: WATERMARK_KEY } });
      if (!mark || new Date(mark.value) < changedAt) await tx.appState.upsert({ where: { key: WATERMARK_KEY }, create: { key: WATERMARK_KEY, value: changedAt.toISOString() }, update: { value: changedAt.toISOString() } });
    });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** How long a claimed message is left to its sender before another instance may try it. */
const LEASE_MS = 30_000;

/**
 * Claims the next due message of each patient whose earlier messages are all delivered or given up on, so a
 * patient's messages never overtake each other. Claiming moves nextAttemptAt on by the lease, conditionally.
 */
export async function claimDueMessages(now = clockNow(), limit = 20) {
  const pending = await db().hl7OutboxMessage.findMany({ where: { state: "pending" }, orderBy: [{ patientKey: "asc" }, { sequence: "asc" }], take: 500 });
  const heads = new Map<string, (typeof pending)[number]>();
  for (const m of pending) if (!heads.has(m.patientKey)) heads.set(m.patientKey, m);
  const due = [...heads.values()].filter((m) => m.nextAttemptAt <= now).slice(0, limit);
  const claimed = [];
  for (const m of due) {
    const { count } = await db().hl7OutboxMessage.updateMany({ where: { id: m.id, state: "pending", attempts: m.attempts }, data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
    if (count === 1) claimed.push({ ...m, attempts: m.attempts + 1 });
  }
  return claimed;
}

export const MAX_ATTEMPTS = 12;

/** Backoff after a failed attempt: 15 s, 30 s, 1 min … at most 15 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export async function recordDelivery(id: string, outcome: { ok: true; ackCode: string } | { ok: false; error: string; ackCode?: string | null; final?: boolean }, now = clockNow()): Promise<void> {
  const m = await db().hl7OutboxMessage.findUniqueOrThrow({ where: { id } });
  if (outcome.ok) {
    await db().hl7OutboxMessage.update({ where: { id }, data: { state: "sent", sentAt: now, ackCode: outcome.ackCode, lastError: null } });
    await recordAudit(OUTBOX_ACTOR, { action: "hl7.expected-patient.sent", entityType: "Appointment", entityId: m.appointmentId, detail: { controlId: m.controlId, messageType: m.messageType, ackCode: outcome.ackCode, attempts: m.attempts } });
    return;
  }
  const giveUp = outcome.final || m.attempts >= MAX_ATTEMPTS;
  await db().hl7OutboxMessage.update({
    where: { id },
    data: { state: giveUp ? "undeliverable" : "pending", lastError: outcome.error.slice(0, 500), ackCode: outcome.ackCode ?? null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(m.attempts)) },
  });
  if (giveUp) await recordAudit(OUTBOX_ACTOR, { action: "hl7.expected-patient.undeliverable", entityType: "Appointment", entityId: m.appointmentId, outcome: "failed", reason: outcome.error.slice(0, 200), detail: { controlId: m.controlId, attempts: m.attempts } });
}

/** For clerks: expected-patient messages the ED record never accepted, so its board may not show these patients. */
export async function listUndeliverableExpectedPatients(actor: StaffActor) {
  requirePatientAccess(actor);
  const rows = await db().hl7OutboxMessage.findMany({ where: { state: "undeliverable" }, orderBy: { createdAt: "desc" }, take: 200 });
  const bookings = await db().appointment.findMany({ where: { id: { in: rows.map((r) => r.appointmentId) } }, select: { id: true, start: true, patient: { select: { given: true, family: true, nhsNumber: true } } } });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  await recordAudit(actor, { action: "hl7.expected-patient.listed-undeliverable", entityType: "Hl7OutboxMessage", detail: { count: rows.length } });
  return rows.map((r) => ({ id: r.id, messageType: r.messageType, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt, booking: byId.get(r.appointmentId) ?? null }));
}

/** A clerk sends an undeliverable message again (after the ED record's interface is fixed). */
export async function retryUndeliverable(id: string, actor: StaffActor): Promise<void> {
  requirePatientAccess(actor);
  const { count } = await db().hl7OutboxMessage.updateMany({ where: { id, state: "undeliverable" }, data: { state: "pending", attempts: 0, nextAttemptAt: clockNow() } });
  if (count === 1) await recordAudit(actor, { action: "hl7.expected-patient.retried", entityType: "Hl7OutboxMessage", entityId: id });
}
