import { z } from "zod";
import { db, type Db, type Tx } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor, StaffActor } from "../auth/actor";
import { InvalidInput, NotFound, VersionConflict } from "../errors";
import { requirePatientAccess } from "./arrivals-config";
import { contactLines, rankOnePhone } from "./patient-contacts";
import { now as clockNow } from "../time/clock";

/**
 * "Phone the patient" tasks: made when the ED cancels a booking, and when a capacity cut takes bookings
 * away (createContactTasks is the one door for both). A task records every call that reached nobody and
 * is closed only with who called, the outcome and the advice given, so no cancellation goes untold.
 */
export const CLOSING_OUTCOMES = ["spoke-to-patient", "spoke-to-contact", "spoke-to-111"] as const;
export const ATTEMPT_OUTCOMES = ["no-answer", "left-message", "wrong-number"] as const;
export const OUTCOME_TEXT: Record<string, string> = {
  "spoke-to-patient": "Spoke to the patient",
  "spoke-to-contact": "Spoke to the patient's contact",
  "spoke-to-111": "Spoke to NHS 111",
  "summary-received": "The 111 summary arrived",
  "no-answer": "No answer",
  "left-message": "Left a message",
  "wrong-number": "Wrong or unobtainable number",
};

/**
 * Creates one open contact task per booking (skipped when the booking already has an open task for the
 * same reason), with the rank-1 number as it stands now. Pass the transaction to commit it with the change
 * that made it necessary. Returns the ids of the tasks created.
 */
export async function createContactTasks(bookingIds: string[], reason: string, actor: Actor, client: Db | Tx = db(), now = clockNow()): Promise<string[]> {
  if (!reason.trim()) throw new InvalidInput("A contact task needs a reason");
  const created: string[] = [];
  const bookings = await client.appointment.findMany({ where: { id: { in: bookingIds } }, include: { patient: true, contactTasks: { where: { status: "open" } } } });
  for (const b of bookings) {
    if (b.contactTasks.some((t) => t.reason === reason)) continue;
    const phone = rankOnePhone(contactLines(b.patient.telecomJson, b.patient.contactJson));
    const task = await client.contactTask.create({
      data: {
        appointmentId: b.id,
        reason,
        phone: phone?.value ?? null,
        phoneOwner: phone ? (phone.isPatient ? "Patient" : `${phone.who}${phone.relationship ? ` (${phone.relationship})` : ""}`) : null,
        createdAt: now,
        createdById: actor.type === "staff" ? actor.id : null,
      },
    });
    await recordAudit(actor, { action: "task.create", entityType: "ContactTask", entityId: task.id, patientNhsNumber: b.patient.nhsNumber, reason, detail: { bookingId: b.id, hasPhone: !!phone } }, client);
    created.push(task.id);
  }
  return created;
}

export const contactAttemptInput = z.object({
  taskId: z.string().min(1),
  expectedVersion: z.coerce.number().int().positive(),
  outcome: z.enum(ATTEMPT_OUTCOMES, { message: "Choose what happened" }),
});
export type ContactAttemptInput = z.infer<typeof contactAttemptInput>;

export const closeContactTaskInput = z.object({
  taskId: z.string().min(1),
  expectedVersion: z.coerce.number().int().positive(),
  calledBy: z.string().trim().min(1, "Enter who made the call").max(200),
  outcome: z.enum(CLOSING_OUTCOMES, { message: "Choose who you spoke to" }),
  advice: z.string().trim().min(1, "Enter the advice given").max(2000, "Keep the advice to 2,000 characters or fewer"),
});
export type CloseContactTaskInput = z.infer<typeof closeContactTaskInput>;

async function openTask(tx: Tx, taskId: string, expectedVersion: number) {
  const t = await tx.contactTask.findUnique({ where: { id: taskId }, include: { appointment: { include: { patient: { select: { nhsNumber: true } } } } } });
  if (!t) throw new NotFound("No task with that reference");
  if (t.status !== "open") throw new InvalidInput("This task is already closed");
  if (t.version !== expectedVersion) throw new VersionConflict("Someone else updated this task. Check it again.");
  return t;
}

/** A call that reached nobody: counted, the task stays open. */
export async function recordContactAttempt(input: ContactAttemptInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  await db().$transaction(async (tx) => {
    const t = await openTask(tx, input.taskId, input.expectedVersion);
    const { count } = await tx.contactTask.updateMany({
      where: { id: t.id, version: t.version },
      data: { attempts: { increment: 1 }, lastAttemptAt: now, lastAttemptOutcome: input.outcome, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else updated this task. Check it again.");
    await recordAudit(actor, { action: "task.attempt", entityType: "ContactTask", entityId: t.id, patientNhsNumber: t.appointment.patient.nhsNumber, detail: { outcome: input.outcome } }, tx);
  });
}

/** Closes a task: who called, who they spoke to, and the advice given are all required. */
export async function closeContactTask(input: CloseContactTaskInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  await db().$transaction(async (tx) => {
    const t = await openTask(tx, input.taskId, input.expectedVersion);
    const { count } = await tx.contactTask.updateMany({
      where: { id: t.id, version: t.version, status: "open" },
      data: { status: "done", calledById: actor.id, calledByName: input.calledBy, calledAt: now, outcome: input.outcome, advice: input.advice, closedAt: now, version: { increment: 1 } },
    });
    if (count !== 1) throw new VersionConflict("Someone else updated this task. Check it again.");
    await recordAudit(actor, { action: "task.close", entityType: "ContactTask", entityId: t.id, patientNhsNumber: t.appointment.patient.nhsNumber, detail: { outcome: input.outcome, calledBy: input.calledBy } }, tx);
  });
}

export interface ContactTaskRow {
  id: string;
  /** contact-patient | chase-111-summary */
  kind: string;
  status: string;
  reason: string;
  phone: string | null;
  phoneOwner: string | null;
  createdAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastAttemptOutcome: string | null;
  calledByName: string | null;
  calledAt: Date | null;
  outcome: string | null;
  advice: string | null;
  version: number;
  booking: { id: string; start: Date; serviceName: string; patientName: string; nhsNumber: string | null; nhsNumberStatus: string | null; birthDate: string };
}

export async function listContactTasks(actor: StaffActor, status: "open" | "done"): Promise<ContactTaskRow[]> {
  requirePatientAccess(actor);
  return queryContactTasks(status);
}

/** The same list without a person behind it: for the downtime snapshot, which the system writes. */
export async function queryContactTasks(status: "open" | "done"): Promise<ContactTaskRow[]> {
  const tasks = await db().contactTask.findMany({
    where: { status },
    orderBy: status === "open" ? { createdAt: "asc" } : { closedAt: "desc" },
    take: status === "done" ? 100 : undefined,
    include: { appointment: { include: { patient: true, service: { select: { name: true } } } } },
  });
  return tasks.map((t) => ({
    id: t.id,
    kind: t.kind,
    status: t.status,
    reason: t.reason,
    phone: t.phone,
    phoneOwner: t.phoneOwner,
    createdAt: t.createdAt,
    attempts: t.attempts,
    lastAttemptAt: t.lastAttemptAt,
    lastAttemptOutcome: t.lastAttemptOutcome,
    calledByName: t.calledByName,
    calledAt: t.calledAt,
    outcome: t.outcome,
    advice: t.advice,
    version: t.version,
    booking: {
      id: t.appointment.id,
      start: t.appointment.start,
      serviceName: t.appointment.service.name,
      patientName: `${t.appointment.patient.given} ${t.appointment.patient.family.toUpperCase()}`,
      nhsNumber: t.appointment.patient.nhsNumber,
      nhsNumberStatus: t.appointment.patient.nhsNumberStatus,
      birthDate: t.appointment.patient.birthDate,
    },
  }));
}

export async function countOpenContactTasks(): Promise<number> {
  return db().contactTask.count({ where: { status: "open" } });
}

/**
 * Safety net: every booking the ED cancelled has a contact task, even if making it failed after the
 * cancellation committed. Run on the arrivals schedule.
 */
export async function ensureContactTasksForEdCancellations(actor: Actor, now = clockNow()): Promise<number> {
  const missing = await db().appointment.findMany({
    where: { status: "cancelled", cancelledBy: "ed", cancelledAt: { gte: new Date(now.getTime() - 7 * 24 * 3600_000) }, contactTasks: { none: {} } },
    select: { id: true, cancelReason: true },
  });
  let made = 0;
  for (const m of missing) made += (await createContactTasks([m.id], edCancellationTaskReason(m.cancelReason), actor, db(), now)).length;
  return made;
}

export function edCancellationTaskReason(reason: string | null): string {
  return `The ED cancelled this booking: ${reason?.trim() || "no reason recorded"}. Tell the patient and give advice.`;
}
