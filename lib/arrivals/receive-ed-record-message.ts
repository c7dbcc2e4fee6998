import { randomUUID } from "node:crypto";
import { db, type Tx } from "../db/client";
import { insertSql, updateByIdSql } from "../db/raw-write";
import { recordAudit } from "../audit/record-audit";
import type { SystemActor } from "../auth/actor";
import { isUniqueViolation } from "../db/unique-violation";
import { InvalidInput } from "../errors";
import { matchRegistration } from "../clinical/match-registration";
import { now as clockNow } from "../time/clock";
import { asMatchPatient, type EdRecordEvent } from "./ed-record-event";
import { findRegistrationCandidates } from "./find-registration-candidates";
import { recordArrival, undoArrival, type ArrivalBooking } from "./record-arrival";

/** The ED's own patient record, as an actor in the audit log. */
export const ED_RECORD: SystemActor = { type: "system", name: "ED patient record (HL7v2)" };

export interface StoreInput {
  /** MSH-3^MSH-4|MSH-10 */
  controlKey: string;
  controlId: string;
  messageType: string;
  body: string;
  peer: string | null;
}

export type StoreResult = { stored: true; id: string } | { stored: false; id: string; state: string; ackCode: string | null; outcome: string | null };

/**
 * Keeps a received message before anything acknowledges it. Its control key is unique, so a redelivery (to this
 * instance or another) finds the first copy instead of being stored or processed again.
 */
export async function storeEdRecordMessage(input: StoreInput): Promise<StoreResult> {
  try {
    const row = await db().hl7InboundMessage.create({ data: { ...input, body: input.body.replace(/\u0000/g, "\uFFFD"), receivedAt: clockNow() }, select: { id: true } });
    return { stored: true, id: row.id };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const first = await db().hl7InboundMessage.findUniqueOrThrow({ where: { controlKey: input.controlKey } });
    await recordAudit(ED_RECORD, { action: "hl7.redelivered", entityType: "Hl7InboundMessage", entityId: first.id, detail: { controlId: input.controlId, messageType: input.messageType, state: first.state } });
    return { stored: false, id: first.id, state: first.state, ackCode: first.ackCode, outcome: first.outcome };
  }
}

export type ReceiveResult =
  | { duplicate: false; ackCode: "AA" | "AE" | "AR"; state: string; outcome: string; appointmentId?: string | null }
  | { duplicate: true; ackCode: string | null; state: string; outcome: string | null };

export type ReadOutcome = { ok: true; event: EdRecordEvent } | { ok: false; code: "AE" | "AR"; text: string };


async function receiveInTx(tx: Tx, input: StoreInput, read: ReadOutcome, now: Date): Promise<ReceiveResult> {
  const body = input.body.replace(/\u0000/g, "\uFFFD");
  const row = { id: randomUUID() };
  await tx.$executeRaw(insertSql("Hl7InboundMessage", { ...row, ...input, body, state: "received", receivedAt: now }));
  if (!read.ok) {
    await tx.$executeRaw(updateByIdSql("Hl7InboundMessage", row.id, { state: "failed", ackCode: read.code, outcome: read.text, processedAt: now }));
    await recordAudit(ED_RECORD, { action: "hl7.received", entityType: "Hl7InboundMessage", entityId: row.id, outcome: "refused", reason: read.text.slice(0, 200), detail: { ackCode: read.code, controlId: input.controlId, messageType: input.messageType } }, tx);
    return { duplicate: false, ackCode: read.code, state: "failed", outcome: read.text };
  }
  const r = await apply(tx, row.id, read.event, now);
  await tx.$executeRaw(updateByIdSql("Hl7InboundMessage", row.id, { state: r.state, ackCode: r.ackCode, outcome: r.outcome, appointmentId: r.appointmentId ?? null, processedAt: now, eventJson: JSON.stringify(read.event) }));
  await recordAudit(
    ED_RECORD,
    {
      action: "hl7.received",
      entityType: "Hl7InboundMessage",
      entityId: row.id,
      patientNhsNumber: read.event.patient.nhsNumber?.value ?? null,
      outcome: r.ackCode === "AA" ? "success" : "failed",
      detail: { event: read.event.type, controlId: read.event.controlId, state: r.state, outcome: r.outcome, appointmentId: r.appointmentId ?? null },
    },
    tx,
  );
  return { duplicate: false, ...r };
}

/**
 * Stores and acts on a message in one transaction (one commit, so the ACK waits for one disk write): the row with its
 * unique control key, what it changed, and the audit. When acting on it fails, the message is stored alone instead
 * ("received", for a redelivery to act on), so an acknowledged message is never lost. A redelivery changes nothing
 * and gets the first copy's answer.
 */
export async function receiveEdRecordMessage(input: StoreInput, read: ReadOutcome): Promise<ReceiveResult> {
  try {
    return await db().$transaction((tx) => receiveInTx(tx, input, read, clockNow()));
  } catch (e) {
    if (isUniqueViolation(e)) {
      const first = await storeEdRecordMessage(input);
      if (first.stored) throw new Error("control key vanished");
      if (first.state === "received" && read.ok) return { duplicate: false, ...(await processEdRecordMessage(first.id, read.event)) };
      return { duplicate: true, ackCode: first.ackCode, state: first.state, outcome: first.outcome };
    }
    // Acting on it failed: keep the message (a redelivery acts on it), and say it was not processed.
    const stored = await storeEdRecordMessage(input);
    if (stored.stored && read.ok) await db().hl7InboundMessage.update({ where: { id: stored.id }, data: { eventJson: JSON.stringify(read.event) } });
    throw e;
  }
}

/**
 * Several messages that queued on one connection, in their order, in one transaction (group commit: one disk write
 * for all of them, so a burst does not wait a write per message). If any fails (a redelivery among them, an error),
 * nothing of the batch is kept and each is received on its own, exactly as if it had come alone.
 */
export async function receiveEdRecordMessages(items: { input: StoreInput; read: ReadOutcome }[]): Promise<(ReceiveResult | Error)[]> {
  const out: (ReceiveResult | Error | undefined)[] = new Array(items.length);
  const one = (k: number) => receiveEdRecordMessage(items[k].input, items[k].read).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  // Redeliveries (already stored, or twice in this batch) are answered on their own, after the batch.
  const stored = items.length > 1 ? new Set((await db().hl7InboundMessage.findMany({ where: { controlKey: { in: items.map((it) => it.input.controlKey) } }, select: { controlKey: true } })).map((r) => r.controlKey)) : new Set<string>();
  const seen = new Set<string>();
  const fresh: number[] = [];
  items.forEach((it, k) => {
    if (!stored.has(it.input.controlKey) && !seen.has(it.input.controlKey)) fresh.push(k);
    seen.add(it.input.controlKey);
  });
  let batched = false;
  if (fresh.length > 1) {
    try {
      const results = await db().$transaction(async (tx) => {
        const now = clockNow();
        const r: ReceiveResult[] = [];
        for (const k of fresh) r.push(await receiveInTx(tx, items[k].input, items[k].read, now));
        return r;
      });
      fresh.forEach((k, n) => (out[k] = results[n]));
      batched = true;
    } catch {
      // each on its own below
    }
  }
  for (let k = 0; k < items.length; k++) if (out[k] === undefined && (!batched || !fresh.includes(k))) out[k] = await one(k);
  return out as (ReceiveResult | Error)[];
}

/** Whether a message with this control key is stored (after a failure, to choose between "send again" answers). */
export async function messageWasKept(controlKey: string): Promise<boolean> {
  return (await db().hl7InboundMessage.count({ where: { controlKey } })) > 0;
}

/** A stored message the door could not accept (AR/AE before processing): kept, with why. */
export async function refuseEdRecordMessage(id: string, ackCode: "AE" | "AR", outcome: string): Promise<void> {
  await db().hl7InboundMessage.update({ where: { id }, data: { state: "failed", ackCode, outcome, processedAt: clockNow() } });
  await recordAudit(ED_RECORD, { action: "hl7.received", entityType: "Hl7InboundMessage", entityId: id, outcome: "refused", reason: outcome.slice(0, 200), detail: { ackCode } });
}

export interface ProcessResult {
  ackCode: "AA" | "AE";
  /** processed | review | no-booking | failed */
  state: string;
  outcome: string;
  appointmentId?: string | null;
}

/**
 * Acts on one stored message, once: the claim (received → done) and every change it makes commit together, so a
 * crash leaves it "received" for the next attempt and a second attempt finds it done.
 */
export async function processEdRecordMessage(id: string, event: EdRecordEvent): Promise<ProcessResult> {
  try {
    return await processOnce(id, event);
  } catch (e) {
    // Another instance processed it at the same moment: its result stands (ours rolled back).
    if (!(e instanceof ProcessedElsewhere)) throw e;
    const row = await db().hl7InboundMessage.findUniqueOrThrow({ where: { id } });
    return { ackCode: (row.ackCode as "AA" | "AE") ?? "AA", state: row.state, outcome: row.outcome ?? "Already processed", appointmentId: row.appointmentId };
  }
}

class ProcessedElsewhere extends Error {}

/** A message refused before it could be stored (not HL7, no control id, too large, unreadable bytes): audited. */
export async function auditRefusedEdRecordMessage(o: { reason: string; controlId: string | null; peer: string | null; bytes: number }): Promise<void> {
  await recordAudit(ED_RECORD, { action: "hl7.refused", entityType: "Hl7InboundMessage", outcome: "refused", reason: o.reason.slice(0, 200), detail: { controlId: o.controlId, peer: o.peer, bytes: o.bytes } });
}

async function processOnce(id: string, event: EdRecordEvent): Promise<ProcessResult> {
  const now = clockNow();
  const result = await db().$transaction(async (tx) => {
    const row = await tx.hl7InboundMessage.findUniqueOrThrow({ where: { id } });
    if (row.state !== "received") return { ackCode: (row.ackCode as "AA" | "AE") ?? "AA", state: row.state, outcome: row.outcome ?? "Already processed", appointmentId: row.appointmentId, again: true };
    const r = await apply(tx, id, event, now);
    const { count } = await tx.hl7InboundMessage.updateMany({
      where: { id, state: "received" },
      data: { state: r.state, ackCode: r.ackCode, outcome: r.outcome, appointmentId: r.appointmentId ?? null, processedAt: now, eventJson: JSON.stringify(event) },
    });
    if (count !== 1) throw new ProcessedElsewhere();
    await recordAudit(
      ED_RECORD,
      {
        action: "hl7.received",
        entityType: "Hl7InboundMessage",
        entityId: id,
        patientNhsNumber: event.patient.nhsNumber?.value ?? null,
        outcome: r.ackCode === "AA" ? "success" : "failed",
        detail: { event: event.type, controlId: event.controlId, state: r.state, outcome: r.outcome, appointmentId: r.appointmentId ?? null },
      },
      tx,
    );
    return { ...r, again: false };
  });
  return { ackCode: result.ackCode, state: result.state, outcome: result.outcome, appointmentId: result.appointmentId };
}

type Applied = Omit<ProcessResult, "ackCode"> & { ackCode: "AA" | "AE" };

const BOOKING_SELECT = { id: true, status: true, edStatus: true, start: true, arrivedAt: true, dnaAt: true, arrivalSource: true, registeredAt: true, workflowVersion: true, patient: { select: { nhsNumber: true } } } as const;

async function loadBooking(tx: Tx, id: string): Promise<ArrivalBooking | null> {
  return tx.appointment.findUnique({ where: { id }, select: BOOKING_SELECT });
}

/** The visit an A11/A03/A08 is about: by visit number, else the patient's latest registration that stands. */
async function findVisit(tx: Tx, event: EdRecordEvent) {
  if (event.visitNumber) {
    const v = await tx.eprVisit.findFirst({ where: { visitNumber: event.visitNumber, cancelledAt: null }, orderBy: { createdAt: "desc" } });
    if (v) return v;
  }
  if (!event.patient.localId) return null;
  return tx.eprVisit.findFirst({ where: { eprPatientId: event.patient.localId, cancelledAt: null }, orderBy: { createdAt: "desc" } });
}

async function apply(tx: Tx, messageId: string, event: EdRecordEvent, now: Date): Promise<Applied> {
  const ok = (state: string, outcome: string, appointmentId?: string | null): Applied => ({ ackCode: "AA", state, outcome, appointmentId });
  if (event.notEmergency) return ok("processed", "Not an emergency department registration: nothing to do");
  switch (event.type) {
    case "A01":
    case "A04":
      return register(tx, messageId, event);
    case "A08": {
      const visit = await findVisit(tx, event);
      if (!visit) return ok("processed", "No registration of ours to update");
      const booking = await loadBooking(tx, visit.appointmentId);
      if (booking && event.at && booking.registeredAt && booking.registeredAt.getTime() !== event.at.getTime() && booking.arrivalSource !== null) {
        await tx.eprVisit.update({ where: { id: visit.id }, data: { registeredAt: event.at } });
        await recordArrival(tx, booking, { source: "ed-record", at: event.at, actor: ED_RECORD, detail: { event: "A08", controlId: event.controlId } });
        return ok("processed", "Registration time updated", booking.id);
      }
      return ok("processed", "Nothing to change", visit.appointmentId);
    }
    case "A11": {
      const visit = await findVisit(tx, event);
      if (!visit) {
        const closed = await tx.registrationReview.updateMany({ where: { state: "open", patientNhsNumber: event.patient.nhsNumber?.value ?? "-", event: { in: ["A04", "A01"] } }, data: { state: "resolved", resolvedAt: now, resolvedById: "ed-record-a11" } });
        return ok("processed", closed.count ? "Registration cancelled: its review closed" : "No registration of ours to cancel");
      }
      await tx.eprVisit.update({ where: { id: visit.id }, data: { cancelledAt: now } });
      const booking = await loadBooking(tx, visit.appointmentId);
      if (!booking) return ok("processed", "The booking no longer exists");
      const change = await undoArrival(tx, booking, { source: "ed-record", actor: ED_RECORD, detail: { event: "A11", controlId: event.controlId } });
      return ok("processed", change === "undone" ? "Arrival undone" : change === "kept-by-other-source" ? "Registration cancelled; staff also marked the patient arrived, so they stay arrived" : "Nothing to undo", booking.id);
    }
    case "A03": {
      const visit = await findVisit(tx, event);
      if (!visit) return ok("processed", "No registration of ours to discharge");
      await tx.eprVisit.update({ where: { id: visit.id }, data: { departedAt: event.at } });
      await tx.appointment.update({ where: { id: visit.appointmentId }, data: { departedAt: event.at, workflowVersion: { increment: 1 } } });
      const booking = await loadBooking(tx, visit.appointmentId);
      await recordAudit(ED_RECORD, { action: "booking.departed", entityType: "Appointment", entityId: visit.appointmentId, patientNhsNumber: booking?.patient.nhsNumber, detail: { departedAt: event.at?.toISOString(), controlId: event.controlId } }, tx);
      return ok("processed", "Departure recorded", visit.appointmentId);
    }
    case "A40": {
      const { count } = await tx.eprVisit.updateMany({ where: { eprPatientId: event.priorPatientId }, data: { eprPatientId: event.patient.localId } });
      return ok("processed", count ? `Merged: ${count} registration${count === 1 ? "" : "s"} moved to the surviving record` : "No registration of ours under the merged identifier");
    }
  }
}

async function register(tx: Tx, messageId: string, event: EdRecordEvent): Promise<Applied> {
  const at = event.at!;
  const candidates = await findRegistrationCandidates(tx, event.patient, at);
  const decision = matchRegistration({ ...asMatchPatient(event.patient), postcode: event.patient.postcode }, candidates);
  if (decision.state === "no-booking") return { ackCode: "AA", state: "no-booking", outcome: "No booking today for this patient (a walk-in, or the booking has not arrived yet)" };
  if (decision.state === "needs-review") {
    await tx.$executeRaw(
      insertSql("RegistrationReview", {
        id: randomUUID(),
        state: "open",
        createdAt: clockNow(),
        messageId,
        event: event.type,
        reason: decision.reason,
        message: decision.message,
        patientNhsNumber: event.patient.nhsNumber?.value ?? null,
        patientFamily: event.patient.family,
        patientGiven: event.patient.given.join(" ") || null,
        patientBirthDate: event.patient.birthDate,
        registeredAt: at,
        bookingIdsJson: JSON.stringify(decision.bookingIds),
      }),
    );
    return { ackCode: "AA", state: "review", outcome: `For a clerk to check: ${decision.message}` };
  }
  const booking = (await loadBooking(tx, decision.bookingId))!;
  try {
    const change = await recordArrival(tx, booking, { source: "ed-record", at, actor: ED_RECORD, detail: { event: event.type, controlId: event.controlId } });
    await tx.$executeRaw(insertSql("EprVisit", { id: randomUUID(), appointmentId: booking.id, eprPatientId: event.patient.localId ?? null, visitNumber: event.visitNumber ?? null, registeredAt: at, messageId, createdAt: clockNow() }));
    return { ackCode: "AA", state: "processed", outcome: change === "arrived" ? "Marked arrived" : "Registration recorded beside the arrival already marked", appointmentId: booking.id };
  } catch (e) {
    if (e instanceof InvalidInput) return { ackCode: "AE", state: "failed", outcome: e.message, appointmentId: booking.id };
    throw e;
  }
}

/**
 * Registrations that found no booking (an A04 can reach us before 111's booking does) are matched again, with the
 * same rules, once bookings may have arrived. Those older than a day are left: they were walk-ins.
 */
export async function rematchWaitingRegistrations(now = clockNow()): Promise<{ matched: number; review: number }> {
  const waiting = await db().hl7InboundMessage.findMany({ where: { state: "no-booking", receivedAt: { gte: new Date(now.getTime() - 24 * 3600_000) } }, orderBy: { receivedAt: "asc" }, take: 200 });
  let matched = 0;
  let review = 0;
  for (const m of waiting) {
    const event = JSON.parse(m.eventJson ?? "null", (k, v) => (k === "at" && typeof v === "string" ? new Date(v) : v)) as EdRecordEvent | null;
    if (!event) continue;
    const r = await db().$transaction(async (tx) => {
      const { count } = await tx.hl7InboundMessage.updateMany({ where: { id: m.id, state: "no-booking" }, data: { state: "received" } });
      if (count !== 1) return null;
      const applied = await register(tx, m.id, event);
      if (applied.state === "no-booking") {
        await tx.hl7InboundMessage.update({ where: { id: m.id }, data: { state: "no-booking" } });
        return applied;
      }
      await tx.hl7InboundMessage.update({ where: { id: m.id }, data: { state: applied.state, outcome: applied.outcome, appointmentId: applied.appointmentId ?? null, processedAt: now } });
      await recordAudit(ED_RECORD, { action: "hl7.rematched", entityType: "Hl7InboundMessage", entityId: m.id, patientNhsNumber: event.patient.nhsNumber?.value ?? null, detail: { state: applied.state, appointmentId: applied.appointmentId ?? null } }, tx);
      return applied;
    });
    if (r?.state === "processed") matched++;
    if (r?.state === "review") review++;
  }
  return { matched, review };
}
