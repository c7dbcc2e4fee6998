import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { testNhsNumber } from "../nhs/nhs-number";
import { seedDemo } from "../seed/demo";
import { cancelAppointment } from "../booking/cancel-appointment";
import { bookTestPatient, TEST_CONSUMER } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import type { StaffActor } from "../auth/actor";
import { InvalidInput } from "../errors";
import { loadBoard } from "../arrivals/load-board";
import { viewBooking } from "../arrivals/view-booking";
import { markArrived } from "../arrivals/mark-arrived";
import { cancelBookingByEd } from "../arrivals/cancel-booking-by-ed";
import { BOARD_STATUS_TEXT, summaryText } from "../arrivals/board-text";
import { receiveUploadedDocument } from "./receive-clinical-document";
import { listDocumentsNeedingAttention, listExpectedWalkIns } from "./list-documents";
import { sweepAwaitingDocuments } from "./sweep-awaiting-documents";
import { resolveWalkIn } from "./resolve-walk-in";
import { documentHistory } from "./document-history";

/**
 * Issue 12, point 1: a 111 summary never drops out of view (cancellation, rebooking, cancellation after arrival,
 * walk-ins that nobody resolved). Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL.
 */
const clinician: StaffActor = { type: "staff", id: "clin-siv", name: "Dr View", role: "clinician" };
const clerk: StaffActor = { type: "staff", id: "clerk-siv", name: "Sam Clerk", role: "clerk" };
const window72 = { kind: "hours" as const, hours: 72 };

const cancelBy111 = (appointmentId: string, expectedVersion = 1) =>
  cancelAppointment({ appointmentId, expectedVersion, by: "consumer", newResource: (c) => ({ ...c, status: "cancelled" }) }, TEST_CONSUMER);
const boardRow = async (id: string, actor: StaffActor = clinician) => (await loadBoard(window72, actor)).rows.find((r) => r.id === id)!;
const documentOf = (recordId: string) => db().clinicalDocument.findUniqueOrThrow({ where: { id: recordId } });

/** A patient of one's own per test, so "the same patient" means only the bookings the test made. */
const patientFor = (seed: number) => ({ nhsNumber: testNhsNumber(712_000 + seed), family: `Ashcombe${"abcdefghij"[seed]}`, given: "Robin", birthDate: "1961-04-09" });
const reportFor = (documentId: string, p: ReturnType<typeof patientFor>, extra: Record<string, unknown> = {}) =>
  testReportXml({ documentId, nhsNumber: p.nhsNumber, family: p.family, given: p.given, birthDate: p.birthDate, ...extra });

describe("a 111 summary never drops out of view", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("shows a cancelled booking's report on its page with what happened, and sends it to a person when no other booking takes it", async () => {
    const p = patientFor(1);
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId, patient: p });
    const r = await receiveUploadedDocument(reportFor(documentId, p), { actor: clerk });
    expect(r.state).toBe("linked");
    await cancelBy111(a.appointmentId);

    const doc = await documentOf(r.recordId);
    expect(doc).toMatchObject({ state: "needs-review", reviewReason: "booking-not-active", cancelledBookingId: a.appointmentId, appointmentId: null });
    expect(doc.reviewNote).toContain("was cancelled by 111");
    const { needsReview } = await listDocumentsNeedingAttention(clerk);
    expect(needsReview.find((d) => d.id === r.recordId)).toMatchObject({ cancelledBookingId: a.appointmentId });

    const view = await viewBooking(a.appointmentId, clinician);
    expect(view.documents.shown?.recordId).toBe(r.recordId);
    expect(view.documents.moved).toEqual([expect.objectContaining({ recordId: r.recordId, state: "needs-review", nowWith: null })]);
    expect(view.clinical).not.toBeNull();
    const row = await boardRow(a.appointmentId);
    expect(row.summary.state).toBe("with-cancelled-booking");
    expect(summaryText(row, null)).not.toBe("Not received yet");
    expect(await db().auditEvent.count({ where: { action: "document.rematch", entityId: r.recordId } })).toBe(1);
    const history = await documentHistory(r.recordId);
    expect(history.entries.at(-1)).toMatchObject({ what: "Matched again after the booking it came with was cancelled: sent for a person to check", fromBookingId: a.appointmentId });
  });

  it("re-matches the report to the patient's other booking when 111 rebooks with the same document reference and cancels the first", async () => {
    const p = patientFor(2);
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId, patient: p });
    const r = await receiveUploadedDocument(reportFor(documentId, p, { allergiesXml: "Penicillin: anaphylaxis" }), { actor: clerk });
    expect(r).toMatchObject({ state: "linked", bookingId: a.appointmentId });
    const b = await bookTestPatient({ documentRefId: documentId, patient: p });
    expect((await boardRow(b.appointmentId)).summary.state).toBe("not-received");

    await cancelBy111(a.appointmentId);
    expect(await documentOf(r.recordId)).toMatchObject({ state: "linked", appointmentId: b.appointmentId, cancelledBookingId: a.appointmentId });
    const rowB = await boardRow(b.appointmentId);
    expect(rowB.summary.state).toBe("received");
    expect(rowB.flags).toMatchObject({ allergies: "recorded" });
    const viewA = await viewBooking(a.appointmentId, clinician);
    expect(viewA.documents.moved[0].nowWith?.bookingId).toBe(b.appointmentId);
    expect((await documentHistory(r.recordId)).entries.at(-1)).toMatchObject({ fromBookingId: a.appointmentId, toBookingId: b.appointmentId, what: "Matched again after the booking it came with was cancelled: linked to a booking automatically" });
  });

  it("re-matches a report that was ambiguous between two bookings once one of them is cancelled", async () => {
    const p = patientFor(3);
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId, patient: p });
    const b = await bookTestPatient({ documentRefId: documentId, patient: p });
    const r = await receiveUploadedDocument(reportFor(documentId, p), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "multiple-candidates" });
    await cancelBy111(a.appointmentId);
    expect(await documentOf(r.recordId)).toMatchObject({ state: "linked", appointmentId: b.appointmentId, cancelledBookingId: a.appointmentId });
    expect((await viewBooking(a.appointmentId, clinician)).documents.moved[0].nowWith?.bookingId).toBe(b.appointmentId);
    expect((await boardRow(a.appointmentId)).summary.state).toBe("with-cancelled-booking");
  });

  it("attaches a report sent for checking after its booking was cancelled when 111 books again naming it", async () => {
    const p = patientFor(4);
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId, patient: p });
    const r = await receiveUploadedDocument(reportFor(documentId, p), { actor: clerk });
    await cancelBy111(a.appointmentId);
    expect((await documentOf(r.recordId)).state).toBe("needs-review");
    const c = await bookTestPatient({ documentRefId: documentId, patient: p });
    expect(await documentOf(r.recordId)).toMatchObject({ state: "linked", appointmentId: c.appointmentId });
  });

  it("keeps an arrived patient's summary when 111 cancels afterwards, says so on the board, and refuses an ED cancel of an arrived patient", async () => {
    const p = patientFor(5);
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId, patient: p });
    const r = await receiveUploadedDocument(reportFor(documentId, p, { allergiesXml: "Penicillin: anaphylaxis" }), { actor: clerk });
    await markArrived({ bookingId: a.appointmentId, expectedWorkflowVersion: 1 }, clerk);

    const refused = cancelBookingByEd({ bookingId: a.appointmentId, expectedVersion: 1, reason: "Left before being seen", understood: true }, clerk);
    await expect(refused).rejects.toBeInstanceOf(InvalidInput);
    await expect(refused).rejects.toThrow(/has arrived/);
    expect(await db().appointment.findUniqueOrThrow({ where: { id: a.appointmentId } })).toMatchObject({ status: "booked", fhirVersion: 1 });
    expect(await db().contactTask.count({ where: { appointmentId: a.appointmentId } })).toBe(0);

    await cancelBy111(a.appointmentId);
    expect(await documentOf(r.recordId)).toMatchObject({ state: "linked", appointmentId: a.appointmentId });
    const row = await boardRow(a.appointmentId);
    expect(row.status).toBe("arrived-then-cancelled");
    expect(BOARD_STATUS_TEXT[row.status]).toBe("Arrived, then cancelled by 111");
    expect(row.summary.state).toBe("received");
    expect(row.flags).toMatchObject({ allergies: "recorded" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "booking.cancel", entityId: a.appointmentId } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ afterArrival: true });
  });

  it("keeps an unresolved walk-in on the board and the documents page whatever its age, until a person resolves it", async () => {
    const p = patientFor(6);
    const t0 = new Date(Date.now() - 5 * 24 * 3600_000);
    const r = await receiveUploadedDocument(reportFor(randomUUID(), p), { actor: clerk, now: t0 });
    await sweepAwaitingDocuments(new Date(t0.getTime() + 61 * 60_000), 60);
    expect((await documentOf(r.recordId)).state).toBe("referral-without-booking");

    const at30h = new Date(t0.getTime() + 30 * 3600_000);
    const at50h = new Date(t0.getTime() + 50 * 3600_000);
    expect((await listExpectedWalkIns(clinician, at30h)).map((d) => d.id)).toContain(r.recordId);
    expect((await listDocumentsNeedingAttention(clerk, at50h)).walkIns.map((d) => d.id)).toContain(r.recordId);

    const version = (await documentOf(r.recordId)).version;
    await expect(resolveWalkIn({ recordId: r.recordId, expectedVersion: version, outcome: "closed", note: "" }, clerk)).rejects.toBeInstanceOf(InvalidInput);
    expect((await documentOf(r.recordId)).resolvedAt).toBeNull();
    await resolveWalkIn({ recordId: r.recordId, expectedVersion: version, outcome: "closed", note: "111 confirmed the patient went to their GP" }, clerk, at50h);
    const resolved = (await listExpectedWalkIns(clinician, new Date(at50h.getTime() + 3600_000))).find((d) => d.id === r.recordId);
    expect(resolved?.resolution).toMatchObject({ outcome: "closed", note: "111 confirmed the patient went to their GP" });
    expect((await listExpectedWalkIns(clinician, new Date(at50h.getTime() + 25 * 3600_000))).map((d) => d.id)).not.toContain(r.recordId);
    expect(await db().auditEvent.count({ where: { action: "document.walk-in-closed", entityId: r.recordId, actorId: clerk.id } })).toBe(1);
    expect((await documentHistory(r.recordId)).entries.at(-1)).toMatchObject({ what: "Expected walk-in closed: no longer expected", reason: "111 confirmed the patient went to their GP" });
  });
});
