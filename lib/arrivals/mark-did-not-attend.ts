import { z } from "zod";
import { db } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput } from "../errors";
import { formatLondonTime, formatLondonTimeOn, londonToday } from "../time/london";
import { arrivalsConfig, requirePatientAccess } from "./arrivals-config";
import { loadForWorkflow, updateWorkflow } from "./workflow-update";
import { now as clockNow } from "../time/clock";
import { enqueueSafeguardingFeedback, openSafeguardingTask, safeguardingDnaCase } from "../outbox/bars-feedback-outbox";

const SOFTWARE = { name: "ed-capacity", version: process.env.npm_package_version ?? "0.1.0" };

export const markDidNotAttendInput = z.object({
  bookingId: z.string().min(1),
  expectedWorkflowVersion: z.coerce.number().int().positive(),
});
export type MarkDidNotAttendInput = z.infer<typeof markDidNotAttendInput>;

/**
 * Did not attend, recorded only once the grace period after the arrival time has passed (DNA_GRACE_MINUTES,
 * default 60): patients booked by 111 are often a little late. The booking then waits for a clinician's review.
 * Not while the ED record's registration of a patient who may be this one waits on a clerk's check (the
 * "registrations to check" list names the booking): reception may have registered them (HAZ-146). A registration
 * that arrives after a did-not-attend still marks the patient arrived (record-arrival.ts).
 */
export async function markDidNotAttend(input: MarkDidNotAttendInput, actor: StaffActor, now = clockNow()): Promise<void> {
  requirePatientAccess(actor);
  const grace = arrivalsConfig().dnaGraceMinutes;
  await db().$transaction(async (tx) => {
    const a = await loadForWorkflow(tx, input.bookingId, input.expectedWorkflowVersion);
    if (a.status !== "booked") throw new InvalidInput("This booking was cancelled");
    if (a.edStatus !== "expected") throw new InvalidInput(a.edStatus === "arrived" ? "This patient is marked as arrived" : "This patient is already marked as did not attend");
    const allowedFrom = new Date(a.start.getTime() + grace * 60_000);
    if (now < allowedFrom) throw new InvalidInput(`Did not attend can be recorded from ${formatLondonTime(allowedFrom)}, ${grace} minutes after the arrival time`);
    const registration = await tx.registrationReview.findFirst({ where: { state: "open", bookingIdsJson: { contains: `"${a.id}"` } }, select: { registeredAt: true }, orderBy: { createdAt: "asc" } });
    if (registration)
      throw new InvalidInput(
        `The ED record registered a patient${registration.registeredAt ? ` at ${formatLondonTimeOn(registration.registeredAt, londonToday(now))}` : ""} who may be this one. Check it on "ED record: registrations to check" before recording did not attend`,
      );
    await updateWorkflow(tx, a.id, a.workflowVersion, { edStatus: "did-not-attend", dnaAt: now });
    // The local safeguarding process runs whatever is later sent over BaRS (and for STU3 bookings, which have no route back).
    const sg = await safeguardingDnaCase(tx, a.id);
    const taskOpened = await openSafeguardingTask(tx, a.id, sg, actor, now);
    await recordAudit(actor, { action: "booking.did-not-attend", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, detail: { graceMinutes: grace, safeguardingTask: taskOpened, feedbackOffered: sg.offer } }, tx);
  });
}

export const reviewDidNotAttendInput = z.object({
  bookingId: z.string().min(1),
  expectedWorkflowVersion: z.coerce.number().int().positive(),
  note: z.string().trim().min(1, "Say what was decided, for example who was contacted").max(2000, "Keep the note to 2,000 characters or fewer"),
  /** Asked only when safeguarding feedback to 111 is offered for this booking (a BaRS referral with a concern, the service's switch on). */
  sendFeedback: z.enum(["yes", "no"]).optional(),
});
export type ReviewDidNotAttendInput = z.infer<typeof reviewDidNotAttendInput>;

/** A clinician reviews a did-not-attend (for a child: a "was not brought"), recording what was decided. */
export async function reviewDidNotAttend(input: ReviewDidNotAttendInput, actor: StaffActor, now = clockNow()): Promise<void> {
  if (actor.role !== "clinician") throw new Forbidden("Only clinicians review patients who did not attend");
  await db().$transaction(async (tx) => {
    const a = await loadForWorkflow(tx, input.bookingId, input.expectedWorkflowVersion);
    if (a.edStatus !== "did-not-attend") throw new InvalidInput("This patient is not marked as did not attend");
    if (a.dnaReviewedAt) throw new InvalidInput("This did-not-attend has already been reviewed");
    const sg = await safeguardingDnaCase(tx, a.id);
    if (sg.offer && !input.sendFeedback) throw new InvalidInput("Say whether to tell 111 that the patient did not attend", { sendFeedback: "Select yes or no" });
    await updateWorkflow(tx, a.id, a.workflowVersion, { dnaReviewedAt: now, dnaReviewedById: actor.id, dnaReviewNote: input.note });
    // The feedback message is written in this transaction: confirmed means queued, and nothing is queued unconfirmed.
    const feedbackId = sg.offer && input.sendFeedback === "yes" ? await enqueueSafeguardingFeedback(tx, a.id, sg, actor, now, SOFTWARE) : null;
    await recordAudit(actor, { action: "booking.dna-review", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, detail: { feedbackOffered: sg.offer, feedback: sg.offer ? (input.sendFeedback ?? null) : null, feedbackId } }, tx);
  });
}
