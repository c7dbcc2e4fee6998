import type { Tx } from "../db/client";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { updateWorkflow } from "./workflow-update";
import { withdrawPendingFeedback } from "../outbox/bars-feedback-outbox";
import { now as clockNow } from "../time/clock";

/**
 * Marking a patient arrived, and undoing it: one operation whether a member of staff presses "Arrived" or the ED's
 * own patient record registers the patient (HL7v2 A04/A01) or cancels that registration (A11).
 *
 * Both may mark the same arrival; both are recorded (arrivalSource "both", the ED record's time in registeredAt)
 * and the first arrival time stands, so the board never flip-flops. A cancel takes back only its own source's mark:
 * the ED record's A11 does not undo a clinician's arrival, and the patient stays arrived while either still says so.
 */
export type ArrivalSource = "staff" | "ed-record";

export interface ArrivalBooking {
  id: string;
  status: string;
  edStatus: string;
  start: Date;
  arrivedAt: Date | null;
  dnaAt: Date | null;
  arrivalSource: string | null;
  registeredAt: Date | null;
  workflowVersion: number;
  patient: { nhsNumber: string | null };
}

/** The sources that currently say the patient arrived. An arrival from before sources were kept is a staff one. */
export function arrivalSources(a: Pick<ArrivalBooking, "edStatus" | "arrivalSource">): Set<ArrivalSource> {
  if (a.edStatus !== "arrived") return new Set();
  if (a.arrivalSource === "both") return new Set(["staff", "ed-record"]);
  return new Set([a.arrivalSource === "ed-record" ? "ed-record" : "staff"]);
}

const sourceOf = (s: Set<ArrivalSource>) => (s.size === 2 ? "both" : s.size === 1 ? [...s][0] : null);

export type ArrivalChange = "arrived" | "also-recorded" | "time-updated" | "undone" | "kept-by-other-source" | "nothing-to-undo";

export async function recordArrival(tx: Tx, a: ArrivalBooking, o: { source: ArrivalSource; at: Date; actor: Actor; detail?: Record<string, unknown> }): Promise<ArrivalChange> {
  if (a.status !== "booked") throw new InvalidInput("This booking was cancelled. Register the patient as a walk-in.");
  const sources = arrivalSources(a);
  const registeredAt = o.source === "ed-record" ? o.at : a.registeredAt;
  let change: ArrivalChange;
  let withdrawn = 0;
  if (sources.has(o.source)) {
    if (o.source === "staff") throw new InvalidInput("This patient is already marked as arrived");
    change = "time-updated";
    await updateWorkflow(tx, a.id, a.workflowVersion, { registeredAt, ...(sources.size === 1 ? { arrivedAt: o.at } : {}) });
  } else if (sources.size) {
    change = "also-recorded";
    sources.add(o.source);
    await updateWorkflow(tx, a.id, a.workflowVersion, { arrivalSource: sourceOf(sources), registeredAt });
  } else {
    if (o.at.getTime() < a.start.getTime() - 24 * 3600_000) throw new InvalidInput("The arrival time is more than a day before the booked time", { arrivedAt: "Check the arrival time" });
    change = "arrived";
    await updateWorkflow(tx, a.id, a.workflowVersion, { edStatus: "arrived", arrivedAt: o.at, arrivalSource: o.source, registeredAt });
    // A late arrival after a did-not-attend: did-not-attend feedback to 111 not yet sent is withdrawn.
    if (a.edStatus === "did-not-attend") withdrawn = await withdrawPendingFeedback(tx, a.id, clockNow());
  }
  await recordAudit(
    o.actor,
    {
      action: "booking.arrived",
      entityType: "Appointment",
      entityId: a.id,
      patientNhsNumber: a.patient.nhsNumber,
      detail: { arrivedAt: o.at.toISOString(), from: a.edStatus, source: o.source, change, ...(withdrawn ? { feedbackWithdrawn: withdrawn } : {}), ...o.detail },
    },
    tx,
  );
  return change;
}

export async function undoArrival(tx: Tx, a: ArrivalBooking, o: { source: ArrivalSource; actor: Actor; detail?: Record<string, unknown> }): Promise<ArrivalChange> {
  const sources = arrivalSources(a);
  let change: ArrivalChange;
  if (!sources.has(o.source)) {
    change = "nothing-to-undo";
  } else if (sources.size === 2) {
    change = "kept-by-other-source";
    sources.delete(o.source);
    await updateWorkflow(tx, a.id, a.workflowVersion, { arrivalSource: sourceOf(sources), ...(o.source === "ed-record" ? { registeredAt: null } : {}) });
  } else {
    change = "undone";
    await updateWorkflow(tx, a.id, a.workflowVersion, { edStatus: a.dnaAt ? "did-not-attend" : "expected", arrivedAt: null, arrivalSource: null, registeredAt: null });
  }
  await recordAudit(o.actor, { action: "booking.arrival-undone", entityType: "Appointment", entityId: a.id, patientNhsNumber: a.patient.nhsNumber, detail: { source: o.source, change, ...o.detail } }, tx);
  return change;
}
