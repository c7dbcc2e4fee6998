/**
 * Telling 111 back (README "Safeguarding feedback to 111"): the local safeguarding task made with every
 * did-not-attend of a patient with a safeguarding concern, and the durable outbox of BaRS feedback messages.
 *
 * A feedback message is written in the transaction that records the clinician's confirmation, whole (body,
 * X-Request-Id, X-Correlation-Id, target), and never changed after; a sender loop on every instance claims due
 * messages with a lease in the database (one deliverer at a time per message, on SQLite and PostgreSQL alike),
 * sends them, and records every attempt. A crash after the 111 system processed a message but before the answer was
 * recorded leaves it pending: the next claim resends it with the same X-Request-Id and its 409 duplicate counts as
 * delivered, so the message is processed once and never lost.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor, SystemActor } from "../auth/actor";
import { Forbidden } from "../errors";
import { now as clockNow } from "../time/clock";
import { barsSetId, type StoredBarsContent } from "../clinical/bars/stored-bars-summary";
import { dosIdOfEndpoint, hasSafeguardingConcernFlag, safeguardingDnaFeedback, type FeedbackParties } from "../referrals/feedback-message";

export const FEEDBACK_ACTOR: SystemActor = { type: "system", name: "Feedback to 111 (BaRS)" };
type Json = Record<string, unknown>;

/** What a booking's did-not-attend means for safeguarding: the local task, and whether BaRS feedback can be offered. */
export interface SafeguardingDnaCase {
  /** A safeguarding concern is recorded for this patient (BaRS SG Flag concern, or the CDA report's signals). */
  concern: boolean;
  door: "bars" | "stu3";
  referral: { id: string; reference: string; bundleId: string; correlationId: string; encounterId: string; sourceEndpoint: string | null; patientNhsNumber: string | null } | null;
  original: Json | null;
  /** The BaRS referral carries an SG Flag that is a concern (not "no safeguarding issues identified"). */
  barsConcern: boolean;
  /** The service's switch (HealthcareService.barsFeedback). */
  switchOn: boolean;
  /** The clinician is asked to confirm the send: BaRS concern, switch on, and nothing below stops it. */
  offer: boolean;
  /** Why feedback cannot be sent although the switch is on (shown; the local task still runs). */
  problem: string | null;
  targetDosId: string | null;
}

export async function safeguardingDnaCase(tx: Tx | ReturnType<typeof db>, appointmentId: string): Promise<SafeguardingDnaCase> {
  const a = await tx.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { id: true, service: { select: { barsFeedback: true } }, patient: { select: { nhsNumber: true } } } });
  const docs = await tx.clinicalDocument.findMany({ where: { appointmentId, state: { not: "superseded" } }, orderBy: { receivedAt: "desc" }, select: { summaryJson: true, source: true } });
  const summaryConcern = docs.some((d) => {
    try {
      return (JSON.parse(d.summaryJson ?? "{}") as { safeguarding?: string }).safeguarding === "possible-concern";
    } catch {
      return false;
    }
  });
  const r = await tx.referral.findFirst({ where: { appointmentId, status: "active" }, orderBy: { createdAt: "desc" } });
  let original: Json | null = null;
  if (r) {
    const doc = await tx.clinicalDocument.findFirst({ where: { setId: barsSetId(r.id) }, orderBy: { versionNumber: "desc" }, select: { content: true } });
    try {
      original = doc ? (JSON.parse(doc.content) as StoredBarsContent).bundle : null;
    } catch {
      original = null;
    }
  }
  const barsConcern = !!original && hasSafeguardingConcernFlag(original);
  const switchOn = a.service.barsFeedback;
  const targetDosId = dosIdOfEndpoint(r?.sourceEndpoint);
  let problem: string | null = null;
  if (r && barsConcern && switchOn) {
    if (!targetDosId) problem = "The referral gave no address for a response (MessageHeader.source.endpoint), so 111 cannot be told over BaRS";
    else if (!r.patientNhsNumber || !a.patient.nhsNumber || r.patientNhsNumber !== a.patient.nhsNumber) problem = "The referral's patient and this booking's patient do not have the same NHS number, so nothing is sent over BaRS";
  }
  return {
    concern: barsConcern || summaryConcern,
    door: r ? "bars" : "stu3",
    referral: r ? { id: r.id, reference: r.reference, bundleId: r.bundleId, correlationId: r.correlationId, encounterId: r.encounterId, sourceEndpoint: r.sourceEndpoint, patientNhsNumber: r.patientNhsNumber } : null,
    original,
    barsConcern,
    switchOn,
    offer: !!r && barsConcern && switchOn && !problem,
    problem,
    targetDosId,
  };
}

/** The local safeguarding process, in the did-not-attend transaction: one open task per booking. */
export async function openSafeguardingTask(tx: Tx, appointmentId: string, c: SafeguardingDnaCase, actor: StaffActor, now: Date): Promise<boolean> {
  if (!c.concern) return false;
  const existing = await tx.safeguardingTask.findUnique({ where: { appointmentId } });
  if (existing) return false;
  const reason = c.door === "bars"
    ? `Did not attend with a safeguarding concern in 111's referral ${c.referral?.reference ?? ""}`.trim()
    : "Did not attend with a possible safeguarding concern in 111's report";
  const t = await tx.safeguardingTask.create({ data: { appointmentId, referralId: c.referral?.id ?? null, door: c.door, reason, createdAt: now, createdById: actor.id } });
  await recordAudit(actor, { action: "safeguarding.task-opened", entityType: "SafeguardingTask", entityId: t.id, detail: { appointmentId, door: c.door } }, tx);
  return true;
}

export interface FeedbackSender extends Omit<FeedbackParties, "clinician"> {
  us: FeedbackParties["us"];
}

/** Our side of the message: the trust, the service and the DoS id the referral was addressed to. */
export async function feedbackParties(tx: Tx, appointmentId: string, referralId: string, software: { name: string; version: string }): Promise<FeedbackSender> {
  const a = await tx.appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { service: { select: { name: true, dosIds: { select: { value: true }, orderBy: { createdAt: "asc" } }, site: { select: { phone: true, organisation: { select: { odsCode: true, name: true } } } } } } } });
  const msg = await tx.barsMessage.findFirst({ where: { referralId, reason: "new" }, orderBy: { receivedAt: "asc" }, select: { serviceDosId: true } });
  const dosId = msg?.serviceDosId ?? a.service.dosIds[0]?.value ?? "unknown";
  const org = a.service.site.organisation;
  return { us: { odsCode: org.odsCode, orgName: org.name, serviceName: a.service.name, dosId, software: software.name, version: software.version, phone: a.service.site.phone ?? null } };
}

/** Writes the feedback message in the confirmation's transaction. One per referral (unique referralId+kind). */
export async function enqueueSafeguardingFeedback(tx: Tx, appointmentId: string, c: SafeguardingDnaCase, actor: StaffActor, now: Date, software: { name: string; version: string }): Promise<string> {
  if (!c.offer || !c.referral || !c.original || !c.targetDosId || !c.referral.sourceEndpoint) throw new Error("Feedback is not offered for this booking");
  const parties = await feedbackParties(tx, appointmentId, c.referral.id, software);
  const bundle = safeguardingDnaFeedback({ ...parties, clinician: { id: actor.id, name: actor.name }, original: c.original, referral: { id: c.referral.id, encounterId: c.referral.encounterId, sourceEndpoint: c.referral.sourceEndpoint }, appointmentId, now });
  const m = await tx.feedbackMessage.create({
    data: {
      appointmentId,
      referralId: c.referral.id,
      requestId: randomUUID(),
      correlationId: c.referral.correlationId,
      bundleId: String(bundle.id),
      responseToBundleId: c.referral.bundleId,
      targetEndpoint: c.referral.sourceEndpoint,
      targetDosId: c.targetDosId,
      patientNhsNumber: c.referral.patientNhsNumber,
      body: JSON.stringify(bundle),
      nextAttemptAt: now,
      confirmedById: actor.id,
      confirmedByName: actor.name,
      createdAt: now,
    },
  });
  await recordAudit(actor, { action: "feedback.queued", entityType: "FeedbackMessage", entityId: m.id, patientNhsNumber: c.referral.patientNhsNumber, detail: { appointmentId, referralId: c.referral.id, requestId: m.requestId, targetDosId: c.targetDosId } }, tx);
  return m.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery: claims, the retry schedule, and what each attempt's answer means
// ---------------------------------------------------------------------------------------------------------------

export interface FeedbackTiming {
  /** How long a claim holds: longer than a request can take, so a live deliverer is never overtaken. */
  leaseMs: number;
  /** First retry delay; doubled each attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retryable failures are given up on (failed, shown for action) after this many attempts. */
  maxAttempts: number;
}

export const DEFAULT_TIMING: FeedbackTiming = { leaseMs: 60_000, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, maxAttempts: 20 };

/** Backoff after the n-th failed attempt: base, 2×base, 4×base … at most maxDelayMs (5 s, 10 s, 20 s … 15 min by default). */
export function feedbackRetryDelayMs(attempts: number, t: FeedbackTiming = DEFAULT_TIMING): number {
  return Math.min(t.baseDelayMs * 2 ** Math.max(0, attempts - 1), t.maxDelayMs);
}

export interface ClaimedFeedback {
  id: string;
  requestId: string;
  correlationId: string;
  targetDosId: string;
  body: string;
  attempts: number;
  appointmentId: string | null;
  patientNhsNumber: string | null;
}

/**
 * Claims due messages for this instance: a conditional update on (state pending, due, attempts unchanged), so of
 * two instances racing for one message exactly one wins; the claim moves nextAttemptAt on by the lease, so a crashed
 * deliverer's message is picked up again when its lease ends.
 */
export async function claimDueFeedback(owner: string, t: FeedbackTiming = DEFAULT_TIMING, now = clockNow(), limit = 10): Promise<ClaimedFeedback[]> {
  const due = await db().feedbackMessage.findMany({ where: { state: "pending", nextAttemptAt: { lte: now } }, orderBy: { nextAttemptAt: "asc" }, take: limit, select: { id: true, attempts: true } });
  const claimed: ClaimedFeedback[] = [];
  for (const m of due) {
    const until = new Date(now.getTime() + t.leaseMs);
    // The claim and its audit commit together: an attempt cut short by a crash is still on record.
    const row = await db().$transaction(async (tx) => {
      const { count } = await tx.feedbackMessage.updateMany({ where: { id: m.id, state: "pending", attempts: m.attempts, nextAttemptAt: { lte: now } }, data: { attempts: { increment: 1 }, claimedBy: owner, claimedUntil: until, nextAttemptAt: until } });
      if (count !== 1) return null;
      const r = await tx.feedbackMessage.findUniqueOrThrow({ where: { id: m.id } });
      await recordAudit(FEEDBACK_ACTOR, { action: "feedback.attempt.started", entityType: "FeedbackMessage", entityId: r.id, patientNhsNumber: r.patientNhsNumber, detail: { attempt: r.attempts, requestId: r.requestId, targetDosId: r.targetDosId, owner } }, tx);
      return r;
    });
    if (!row) continue;
    claimed.push({ id: row.id, requestId: row.requestId, correlationId: row.correlationId, targetDosId: row.targetDosId, body: row.body, attempts: row.attempts, appointmentId: row.appointmentId, patientNhsNumber: row.patientNhsNumber });
  }
  return claimed;
}

/** One attempt's answer, as the sender classified it (lib/doors/bars-r4/outbound/send-feedback.ts). */
export type AttemptOutcome =
  | { kind: "delivered"; status: number; duplicate: boolean }
  | { kind: "retry"; status: number | null; error: string; retryAfterMs?: number | null }
  | { kind: "failed"; status: number | null; error: string };

/** Records an attempt (audited, every one) and what follows: delivered, retry later, or failed for action. Only the claim's owner may record. */
export async function recordFeedbackAttempt(m: ClaimedFeedback, owner: string, outcome: AttemptOutcome, t: FeedbackTiming = DEFAULT_TIMING, now = clockNow()): Promise<"delivered" | "pending" | "failed" | "lost-claim"> {
  const base = { id: m.id, state: "pending", claimedBy: owner, attempts: m.attempts };
  let state: "delivered" | "pending" | "failed";
  let data: Record<string, unknown>;
  if (outcome.kind === "delivered") {
    state = "delivered";
    data = { state, deliveredAt: now, lastStatus: outcome.status, lastError: null, claimedBy: null, claimedUntil: null };
  } else if (outcome.kind === "retry" && m.attempts < t.maxAttempts) {
    state = "pending";
    const delay = Math.max(feedbackRetryDelayMs(m.attempts, t), Math.min(outcome.retryAfterMs ?? 0, t.maxDelayMs));
    data = { state, lastStatus: outcome.status, lastError: outcome.error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + delay), claimedBy: null, claimedUntil: null };
  } else {
    state = "failed";
    data = { state, failedAt: now, lastStatus: outcome.status, lastError: (outcome.kind === "retry" ? `Gave up after ${m.attempts} attempts: ` : "") + outcome.error.slice(0, 480), claimedBy: null, claimedUntil: null };
  }
  // The outcome and its audit commit together.
  const count = await db().$transaction(async (tx) => {
    const { count } = await tx.feedbackMessage.updateMany({ where: base, data });
    await recordAudit(FEEDBACK_ACTOR, {
    action: `feedback.attempt.${outcome.kind}`,
    entityType: "FeedbackMessage",
    entityId: m.id,
    patientNhsNumber: m.patientNhsNumber,
    outcome: outcome.kind === "delivered" ? "success" : "failed",
    ...(outcome.kind === "delivered" ? {} : { reason: outcome.error.slice(0, 200) }),
      detail: { attempt: m.attempts, status: outcome.status, requestId: m.requestId, targetDosId: m.targetDosId, ...(outcome.kind === "delivered" ? { duplicate: outcome.duplicate } : {}), claimHeld: count === 1, next: count === 1 ? state : "lost-claim" },
    }, tx);
    return count;
  });
  return count === 1 ? state : "lost-claim";
}

// ---------------------------------------------------------------------------------------------------------------
// What staff see
// ---------------------------------------------------------------------------------------------------------------

export interface FeedbackStatus {
  state: "pending" | "delivered" | "failed" | "withdrawn";
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  confirmedByName: string | null;
}

export async function feedbackStatusOfBooking(appointmentId: string): Promise<FeedbackStatus | null> {
  const m = await db().feedbackMessage.findFirst({ where: { appointmentId }, orderBy: { createdAt: "desc" } });
  if (!m) return null;
  return { state: m.state as FeedbackStatus["state"], attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt, deliveredAt: m.deliveredAt, failedAt: m.failedAt, confirmedByName: m.confirmedByName };
}

function requireStaffForSafeguarding(actor: StaffActor) {
  if (!["clerk", "clinician", "admin", "manager"].includes(actor.role)) throw new Forbidden("You cannot see safeguarding tasks");
}

/** For clerks and the safeguarding lead: open safeguarding tasks and feedback 111 never accepted (phone 111 instead). */
export async function listSafeguardingFollowUps(actor: StaffActor) {
  requireStaffForSafeguarding(actor);
  const tasks = await db().safeguardingTask.findMany({ where: { status: "open" }, orderBy: { createdAt: "asc" }, take: 200 });
  const failed = await db().feedbackMessage.findMany({ where: { state: "failed" }, orderBy: { failedAt: "desc" }, take: 200 });
  const ids = [...new Set([...tasks.map((t) => t.appointmentId), ...failed.flatMap((f) => (f.appointmentId ? [f.appointmentId] : []))])];
  const bookings = await db().appointment.findMany({ where: { id: { in: ids } }, select: { id: true, start: true, patient: { select: { given: true, family: true, nhsNumber: true } } } });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  await recordAudit(actor, { action: "safeguarding.follow-ups-listed", entityType: "SafeguardingTask", detail: { tasks: tasks.length, failedFeedback: failed.length } });
  return {
    tasks: tasks.map((t) => ({ id: t.id, version: t.version, reason: t.reason, door: t.door, createdAt: t.createdAt, booking: byId.get(t.appointmentId) ?? null, feedback: failed.find((f) => f.appointmentId === t.appointmentId) ? ("failed" as const) : null })),
    failedFeedback: failed.map((f) => ({ id: f.id, attempts: f.attempts, lastStatus: f.lastStatus, lastError: f.lastError, failedAt: f.failedAt, booking: f.appointmentId ? (byId.get(f.appointmentId) ?? null) : null })),
  };
}

/** Closes the local task once 111 and the safeguarding lead have been told, saying how. */
export async function closeSafeguardingTask(input: z.infer<typeof closeSafeguardingTaskInput>, actor: StaffActor, now = clockNow()): Promise<void> {
  requireStaffForSafeguarding(actor);
  await db().$transaction(async (tx) => {
    const { count } = await tx.safeguardingTask.updateMany({ where: { id: input.taskId, version: input.version, status: "open" }, data: { status: "done", closedAt: now, closedById: actor.id, closedNote: input.note, version: { increment: 1 } } });
    if (count !== 1) throw new Forbidden("This task was already closed or changed by someone else");
    await recordAudit(actor, { action: "safeguarding.task-closed", entityType: "SafeguardingTask", entityId: input.taskId }, tx);
  });
}

/**
 * A late arrival after a did-not-attend: feedback not yet sent and not being sent now is withdrawn (111 must not be
 * told the patient did not come). A message already claimed by a deliverer may reach 111; the booking then shows it.
 */
export async function withdrawPendingFeedback(tx: Tx, appointmentId: string, now: Date): Promise<number> {
  const { count } = await tx.feedbackMessage.updateMany({
    where: { appointmentId, state: "pending", OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    data: { state: "withdrawn", lastError: "Withdrawn: the patient arrived", claimedBy: null, claimedUntil: null },
  });
  return count;
}

/** The per-service switch (clerks and admins). */
export async function setBarsFeedback(serviceId: string, on: boolean, actor: StaffActor): Promise<void> {
  if (actor.role !== "clerk" && actor.role !== "admin") throw new Forbidden("Only clerks and admins switch feedback to 111 on or off");
  await db().$transaction(async (tx) => {
    const before = await tx.healthcareService.findUniqueOrThrow({ where: { id: serviceId }, select: { barsFeedback: true } });
    await tx.healthcareService.update({ where: { id: serviceId }, data: { barsFeedback: on } });
    await recordAudit(actor, { action: "service.bars-feedback", entityType: "HealthcareService", entityId: serviceId, detail: { from: before.barsFeedback, to: on } }, tx);
  });
}

/** Whether any service has feedback switched on (a production start then needs the sender's key). */
export async function anyServiceSendsFeedback(): Promise<boolean> {
  return (await db().healthcareService.count({ where: { barsFeedback: true } })) > 0;
}

export const closeSafeguardingTaskInput = z.object({
  taskId: z.string().min(1),
  version: z.coerce.number().int().positive(),
  note: z.string().trim().min(1, "Say who was told (111, the safeguarding lead) and how").max(2000, "Keep the note to 2,000 characters or fewer"),
});

export const setBarsFeedbackInput = z.object({ serviceId: z.string().min(1), on: z.enum(["on", "off"]) });

export async function barsFeedbackOfService(serviceId: string): Promise<boolean> {
  return (await db().healthcareService.findUnique({ where: { id: serviceId }, select: { barsFeedback: true } }))?.barsFeedback ?? false;
}

/** The booking page's safeguarding panel: the local task, whether feedback will be asked for, and where it stands. */
export async function safeguardingOfBooking(appointmentId: string, actor: StaffActor) {
  requireStaffForSafeguarding(actor);
  const [c, status, task] = await Promise.all([safeguardingDnaCase(db(), appointmentId), feedbackStatusOfBooking(appointmentId), db().safeguardingTask.findUnique({ where: { appointmentId } })]);
  const to = c.referral ? (await db().referral.findUnique({ where: { id: c.referral.id }, select: { senderName: true } }))?.senderName ?? "the referring 111 service" : null;
  return {
    door: c.door,
    concern: c.concern,
    barsConcern: c.barsConcern,
    switchOn: c.switchOn,
    offer: c.offer && !status,
    problem: c.problem,
    to,
    feedback: status,
    task: task ? { id: task.id, version: task.version, status: task.status, reason: task.reason, createdAt: task.createdAt, closedAt: task.closedAt, closedNote: task.closedNote } : null,
  };
}
