/**
 * A BaRS referral through the real door onto the ED's pages, on a real database with the assurance data: a
 * referral with its booking is one board row with its summary and flags; a referral without a booking is an
 * expected walk-in with 111's deadline, and moves onto the booking that names it; a booking without a referral
 * says "referral not received" and is chased like a missing CDA report; a revoked referral stays in view saying
 * what happened and when, and re-alerts whoever read it; clerks see what they see of a CDA report; every view
 * is audited. Tuesday 15 June 2027, 08:30 BST.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { POST as processMessage } from "@/app/R4/$process-message/route";
import { GET as slot } from "@/app/R4/Slot/route";
import { db } from "../../db/client";
import { seedAssurance } from "../../seed/assurance";
import { barsHeaders, cancelBookingMessage, findForBooking, bookingMessage, revokeReferralMessage } from "../../testing/bars-messages";
import { FIXTURE_PATIENT, igFullReferral, tkwTemplate04 } from "../../testing/fixtures/bars/referral-fixtures";
import { setClockForTests } from "../../time/clock";
import type { StaffActor } from "../../auth/actor";
import { loadBoard, type BoardRow } from "../../arrivals/load-board";
import { viewBooking } from "../../arrivals/view-booking";
import { listExpectedWalkIns, viewDocumentForReview } from "../list-documents";
import { summaryText } from "../../arrivals/board-text";

type Json = Record<string, unknown>;
const NOW = new Date("2027-06-15T07:30:00Z");
const BASE = "http://localhost:3000/R4";
const WINDOW = "start=ge2027-06-16T00:00:00%2B01:00&start=le2027-06-19T00:00:00%2B01:00";
const INC = ["Slot:schedule", "Schedule:actor:Practitioner", "Schedule:actor:PractitionerRole", "Schedule:actor:HealthcareService", "HealthcareService:location", "HealthcareService:providedBy"].map((i) => `_include=${encodeURIComponent(i)}`).join("&");

let clinician: StaffActor;
let clerk: StaffActor;

async function send(message: Json): Promise<Json> {
  const res = await processMessage(new Request(`${BASE}/$process-message`, { method: "POST", headers: barsHeaders(), body: JSON.stringify(message) }));
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify((body.issue as Json[] | undefined)?.[0]?.diagnostics ?? body).slice(0, 400)).toBe(200);
  return body;
}

const resources = (b: Json) => (b.entry as Json[]).map((e) => e.resource as Json);
const idOf = (b: Json, type: string) => String(resources(b).find((r) => r.resourceType === type)!.id);

let slotIndex = 0;
async function bookOne(options: { basedOn?: string } = {}): Promise<{ answer: Json; appointmentId: string }> {
  const res = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
  const found = findForBooking((await res.json()) as Json, slotIndex++);
  const answer = await send(bookingMessage(found, { patient: FIXTURE_PATIENT, basedOn: options.basedOn }));
  return { answer, appointmentId: idOf(answer, "Appointment") };
}

async function boardRow(appointmentId: string, actor: StaffActor): Promise<BoardRow> {
  const a = await db().appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { start: true } });
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(a.start);
  const board = await loadBoard({ kind: "date", date }, actor, NOW);
  return board.rows.find((r) => r.id === appointmentId)!;
}

beforeAll(async () => {
  setClockForTests(NOW);
  await seedAssurance(db(), NOW);
  const staff = await db().staffUser.findMany({ where: { role: { in: ["clinician", "clerk"] } } });
  const as = (role: "clinician" | "clerk"): StaffActor => {
    const s = staff.find((x) => x.role === role)!;
    return { type: "staff", id: s.id, name: s.name, role };
  };
  clinician = as("clinician");
  clerk = as("clerk");
});

describe("BaRS referral on the ED's pages", () => {
  it("a referral with its booking is one board row with its summary, safeguarding flag and adjustments; the booking page shows the summary", async () => {
    const { appointmentId } = await bookOne();
    await send(igFullReferral({ appointmentId }));
    const row = await boardRow(appointmentId, clinician);
    expect(row.summary.state).toBe("received");
    expect(row.door).toBe("bars");
    expect(summaryText(row, null)).toMatch(/^Referral received/);
    expect(row.flags).toMatchObject({ allergies: "recorded", safeguarding: "possible-concern", adjustments: ["Adjust for hearing impairment: speak facing the patient"] });
    expect(row.disposition).toMatchObject({ code: "DX02", timeframeMinutes: 60 });
    expect(row.due.dueAt).toBe("2027-06-15T09:00:00.000Z");

    const view = await viewBooking(appointmentId, clinician, { now: NOW });
    expect(view.clinical?.origin).toBe("bars");
    expect(view.clinical?.encounter?.caseReference).toBe("NSH-2027-0615-0042");
    expect(view.clinical?.flags?.some((f) => f.kind === "safeguarding-concern")).toBe(true);
    expect(view.clinical?.sections.map((s) => s.title)).toEqual(expect.arrayContaining(["Special patient notes (Special Patient Notes)", "Allergies", "Next of kin"]));
    const audit = await db().auditEvent.findFirst({ where: { action: "booking.view", entityId: appointmentId, actorId: clinician.id }, orderBy: { at: "desc" } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ clinicalContent: true });
  });

  it("clerks see what they see of a CDA report: the summary has arrived, but not its content, disposition or flags", async () => {
    const { appointmentId } = await bookOne();
    await send(igFullReferral({ appointmentId }));
    const row = await boardRow(appointmentId, clerk);
    expect(row.summary.state).toBe("received");
    expect(row.flags).toBeNull();
    expect(row.disposition).toBeNull();
    const view = await viewBooking(appointmentId, clerk, { now: NOW });
    expect(view.clinical).toBeNull();
    const audit = await db().auditEvent.findFirst({ where: { action: "booking.view", entityId: appointmentId, actorId: clerk.id }, orderBy: { at: "desc" } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ clinicalContent: false });
  });

  it("a referral without a booking is an expected walk-in at once, with 111's deadline; the booking that names it takes it onto its row", async () => {
    const answer = await send(tkwTemplate04());
    const referralId = idOf(answer, "ServiceRequest");
    const walkIns = await listExpectedWalkIns(clinician, NOW);
    const w = walkIns.find((d) => d.source === "bars" && d.patientName === "Lou Tennant");
    expect(w).toBeDefined();
    expect(w!.dueAt).not.toBeNull();
    expect(w!.safeguarding).toBe("none-recorded");
    // The document page (the walk-in's) reads the referral for a clinician, audited.
    const review = await viewDocumentForReview(w!.id, clinician, NOW);
    expect(review.clinical?.flags?.map((f) => f.kind)).toEqual(["other", "no-safeguarding-concern"]);
    expect(await db().auditEvent.count({ where: { action: "document.view", entityId: w!.id } })).toBe(1);

    // 111 then books against it (Appointment.basedOn): one row, the walk-in gone.
    const slotRes = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
    const booked = await send(bookingMessage(findForBooking((await slotRes.json()) as Json, slotIndex++), { patient: { nhsNumber: "9996876969", family: "Tennant", given: "Lou", birthDate: "1961-04-12" }, basedOn: referralId }));
    const appointmentId = idOf(booked, "Appointment");
    expect((await listExpectedWalkIns(clinician, NOW)).some((d) => d.id === w!.id)).toBe(false);
    const row = await boardRow(appointmentId, clinician);
    expect(row.summary.state).toBe("received");
    expect(row.flags?.otherFlags).toEqual(["Scene Safety: The Scene is unsafe; Dog loose in the garden"]);
  });

  it("a BaRS booking without a referral says 'referral not received' and is chased like a missing CDA report", async () => {
    const { appointmentId } = await bookOne();
    const row = await boardRow(appointmentId, clinician);
    expect(row.summary.state).toBe("not-received");
    expect(summaryText(row, null)).toBe("Referral not received yet");
    const later = new Date(NOW.getTime() + 6 * 3600_000);
    const a = await db().appointment.findUniqueOrThrow({ where: { id: appointmentId }, select: { start: true } });
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(a.start);
    const chased = (await loadBoard({ kind: "date", date }, clinician, later)).rows.find((r) => r.id === appointmentId)!;
    expect(chased.summary.chase).not.toBeNull();
    expect(summaryText(chased, null)).toMatch(/^Referral not received: phone/);
  });

  it("a revoked referral stays on its booking's row saying what happened and when, re-alerts whoever read it, and keeps every version", async () => {
    const { appointmentId } = await bookOne();
    const referral = await send(igFullReferral({ appointmentId }));
    await viewBooking(appointmentId, clinician, { now: NOW });
    expect((await boardRow(appointmentId, clinician)).unseen).toBeNull();
    const at = new Date(NOW.getTime() + 10 * 60_000);
    setClockForTests(at);
    try {
      await send(revokeReferralMessage(referral));
    } finally {
      setClockForTests(NOW);
    }
    const row = await boardRow(appointmentId, clinician);
    expect(row.summary.state).toBe("received");
    expect(row.referral).toEqual({ status: "revoked", endedAt: at.toISOString() });
    expect(summaryText(row, null)).toMatch(/^111 revoked the referral at .*: shown for the record$/);
    expect(row.unseen).toBe("changed");
    const view = await viewBooking(appointmentId, clinician, { now: NOW });
    expect(view.clinical?.referral).toEqual({ status: "revoked", endedAt: at.toISOString() });
    const versions = await db().clinicalDocument.findMany({ where: { setId: `bars:${idOf(referral, "ServiceRequest")}` }, orderBy: { versionNumber: "asc" } });
    expect(versions.map((v) => [v.versionNumber, v.state])).toEqual([
      [1, "superseded"],
      [2, "linked"],
    ]);
  });

  it("a revoked walk-in leaves the expected list closed with 111's reason and when, not silently", async () => {
    const answer = await send(tkwTemplate04());
    await send(revokeReferralMessage(answer, "entered-in-error"));
    const w = (await listExpectedWalkIns(clinician, NOW)).filter((d) => d.source === "bars" && d.patientName === "Lou Tennant" && d.resolution);
    expect(w.at(-1)?.resolution).toMatchObject({ outcome: "closed", note: "Referral entered in error by 111" });
  });

  it("a referral's whole message is kept with its summary, and the summary row is written in the referral's own transaction", async () => {
    const answer = await send(tkwTemplate04());
    const id = idOf(answer, "ServiceRequest");
    const row = await db().clinicalDocument.findFirstOrThrow({ where: { setId: `bars:${id}` } });
    expect(row.source).toBe("bars");
    expect(JSON.parse(row.content).bundle.entry.length).toBe((tkwTemplate04().entry as Json[]).length);
    const created = await db().auditEvent.findFirstOrThrow({ where: { action: "referral.create", entityId: id } });
    expect(JSON.parse(created.detail!)).toMatchObject({ summaryRecordId: row.id, summaryState: "referral-without-booking" });
  });

  it("a referral is never put on another booking by look-alike details: the same patient booked without naming it stays two records for a person to join", async () => {
    const patient = { nhsNumber: "9998263646", family: "Oduya", given: "Femi", birthDate: "1975-02-02" };
    const msg = igFullReferral({ patient });
    const answer = await send(msg);
    const referralId = idOf(answer, "ServiceRequest");
    const slotRes = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
    const booked = await send(bookingMessage(findForBooking((await slotRes.json()) as Json, slotIndex++), { patient }));
    const appointmentId = idOf(booked, "Appointment");
    const summary = await db().clinicalDocument.findFirstOrThrow({ where: { setId: `bars:${referralId}` } });
    expect(summary.state).toBe("referral-without-booking");
    expect(summary.appointmentId).toBeNull();
    expect((await db().referral.findUniqueOrThrow({ where: { id: referralId } })).appointmentId).toBeNull();
    expect(summaryText(await boardRow(appointmentId, clinician), null)).toBe("Referral not received yet");
    // The walk-in says the booking is the same patient (both NHS numbers verified), for a person to act on.
    const walkIn = (await listExpectedWalkIns(clinician, NOW)).find((d) => d.id === summary.id)!;
    expect(walkIn.samePatient).toEqual([{ bookingId: appointmentId, start: expect.any(String), match: "same", evidence: "the same verified NHS number" }]);
  });

  it("a walk-in and a booking with the same name and birth date but no matching NHS number are a possible match, with the evidence", async () => {
    const answer = await send(igFullReferral({ patient: { nhsNumber: "9999697925", family: "Penhallow", given: "Tamsin", birthDate: "1983-07-19" } }));
    const referralId = idOf(answer, "ServiceRequest");
    const slotRes = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
    const booked = await send(bookingMessage(findForBooking((await slotRes.json()) as Json, slotIndex++), { patient: { nhsNumber: null, family: "Penhallow", given: "Tamsin", birthDate: "1983-07-19" } }));
    const summary = await db().clinicalDocument.findFirstOrThrow({ where: { setId: `bars:${referralId}` } });
    const walkIn = (await listExpectedWalkIns(clinician, NOW)).find((d) => d.id === summary.id)!;
    expect(walkIn.samePatient).toEqual([{ bookingId: idOf(booked, "Appointment"), start: expect.any(String), match: "possible", evidence: "the same family name and birth date, no matching NHS number" }]);
    expect(summary.state).toBe("referral-without-booking");
  });

  it("111 rebooks (cancels the booking, books again naming the referral): the referral and its summary move to the new booking, the cancelled row says where it went", async () => {
    const first = await bookOne();
    const referral = await send(igFullReferral({ appointmentId: first.appointmentId }));
    const referralId = idOf(referral, "ServiceRequest");
    await send(cancelBookingMessage(first.answer));
    // Between the two, the summary is listed for a person, never dropped.
    const between = await db().clinicalDocument.findFirstOrThrow({ where: { setId: `bars:${referralId}`, state: { not: "superseded" } } });
    expect(between.state).toBe("needs-review");
    const second = await bookOne({ basedOn: referralId });
    expect((await db().referral.findUniqueOrThrow({ where: { id: referralId } })).appointmentId).toBe(second.appointmentId);
    const row = await boardRow(second.appointmentId, clinician);
    expect(row.summary.state).toBe("received");
    expect(row.flags?.safeguarding).toBe("possible-concern");
    expect((await boardRow(first.appointmentId, clinician)).summary.state).toBe("with-cancelled-booking");
    const link = await db().auditEvent.findFirstOrThrow({ where: { action: "referral.link-booking", entityId: referralId } });
    expect(JSON.parse(link.detail!)).toMatchObject({ appointmentId: second.appointmentId, rebookedFrom: first.appointmentId });
  });

  it("a second booking naming a referral whose booking is still active is refused (409): a referral is on one booking", async () => {
    const first = await bookOne();
    const referral = await send(igFullReferral({ appointmentId: first.appointmentId }));
    const res = await slot(new Request(`${BASE}/Slot?Schedule.actor%3AHealthcareService=999999999&${WINDOW}&status=free&${INC}`, { headers: barsHeaders() }));
    const message = bookingMessage(findForBooking((await res.json()) as Json, slotIndex++), { patient: FIXTURE_PATIENT, basedOn: idOf(referral, "ServiceRequest") });
    const refused = await processMessage(new Request(`${BASE}/$process-message`, { method: "POST", headers: barsHeaders(), body: JSON.stringify(message) }));
    expect(refused.status).toBe(409);
  });
});
