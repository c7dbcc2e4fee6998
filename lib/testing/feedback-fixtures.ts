/**
 * A BaRS booking and its referral through the real door, then did-not-attend and the clinician's review: what the
 * feedback tests and the crash test start from. The referral carries a safeguarding concern Flag, or only
 * "no safeguarding issues identified" (861931000000100).
 */
import { randomUUID } from "node:crypto";
import { processMessageRoute, searchSlotsRoute } from "../doors/bars-r4";
import { db } from "../db/client";
import type { StaffActor } from "../auth/actor";
import { barsHeaders, bookingMessage, findForBooking, referralMessage } from "./bars-messages";
import { FIXTURE_PATIENT, NO_SAFEGUARDING, SAFEGUARDING_CONCERN, addEntries } from "./fixtures/bars/referral-fixtures";
import { markDidNotAttend, reviewDidNotAttend } from "../arrivals/mark-did-not-attend";

type Json = Record<string, unknown>;
const BASE = "http://localhost:3000/R4";
const INC = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");

async function send(message: Json, headers: Record<string, string>): Promise<Json> {
  const res = await processMessageRoute(new Request(`${BASE}/$process-message`, { method: "POST", headers, body: JSON.stringify(message) }));
  const body = (await res.json()) as Json;
  if (res.status !== 200) throw new Error(`The door answered ${res.status}: ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

const resources = (b: Json) => (b.entry as Json[]).map((e) => e.resource as Json);
const idOf = (b: Json, type: string) => String(resources(b).find((r) => r.resourceType === type)!.id);

export interface ReferredBooking {
  appointmentId: string;
  referralId: string;
  referralBundleId: string;
  correlationId: string;
  sourceEndpoint: string;
}

/** Books a free slot in `from`..`to` (slot `index` of the answer) and sends a referral linked to it. */
export async function referredBooking(o: { from: Date; to: Date; index: number; flag: "concern" | "none"; patient?: typeof FIXTURE_PATIENT }): Promise<ReferredBooking> {
  const window = `start=ge${encodeURIComponent(o.from.toISOString().slice(0, 19) + "Z")}&start=le${encodeURIComponent(o.to.toISOString().slice(0, 19) + "Z")}`;
  const res = await searchSlotsRoute(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${window}&status=free&${INC}`, { headers: barsHeaders() }));
  if (res.status !== 200) throw new Error(`Slot search answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const found = findForBooking((await res.json()) as Json, o.index);
  const patient = o.patient ?? FIXTURE_PATIENT;
  const booked = await send(bookingMessage(found, { patient }), barsHeaders());
  const appointmentId = idOf(booked, "Appointment");
  const referral = referralMessage({ patient, appointmentId });
  addEntries(referral, o.flag === "concern" ? SAFEGUARDING_CONCERN : NO_SAFEGUARDING);
  const correlationId = randomUUID();
  const answer = await send(referral, barsHeaders({ "X-Correlation-ID": correlationId }));
  const header = resources(referral).find((r) => r.resourceType === "MessageHeader") as { source: { endpoint: string } };
  return { appointmentId, referralId: idOf(answer, "ServiceRequest"), referralBundleId: String(referral.id), correlationId, sourceEndpoint: header.source.endpoint };
}

/** Did not attend, recorded after the grace period (a no-op when it already is). */
export async function markDna(appointmentId: string, actor: StaffActor): Promise<Date> {
  const a = await db().appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { start: true, workflowVersion: true, edStatus: true } });
  const dnaAt = new Date(a.start.getTime() + 65 * 60_000);
  if (a.edStatus !== "did-not-attend") await markDidNotAttend({ bookingId: appointmentId, expectedWorkflowVersion: a.workflowVersion }, actor, dnaAt);
  return dnaAt;
}

/** The clinician's review of the did-not-attend; `confirm` answers the feedback question. */
export async function reviewDna(appointmentId: string, clinician: StaffActor, o: { confirm?: "yes" | "no"; reviewAt: Date }): Promise<void> {
  const after = await db().appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { workflowVersion: true } });
  await reviewDidNotAttend({ bookingId: appointmentId, expectedWorkflowVersion: after.workflowVersion, note: "Not attended; 111 and the safeguarding lead to be told", ...(o.confirm ? { sendFeedback: o.confirm } : {}) }, clinician, o.reviewAt);
}

/** Did not attend (after the grace period), then the clinician's review; `confirm` answers the feedback question. */
export async function dnaAndReview(appointmentId: string, clinician: StaffActor, o: { confirm?: "yes" | "no"; reviewAt?: Date } = {}): Promise<void> {
  const dnaAt = await markDna(appointmentId, clinician);
  await reviewDna(appointmentId, clinician, { confirm: o.confirm, reviewAt: o.reviewAt ?? new Date(dnaAt.getTime() + 5 * 60_000) });
}
