import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { soapEnvelope } from "../testing/fixtures/cda/build-envelope";
import { handleItkRequest } from "../doors/itk/itk-http";
import { linkAwaitingDocuments } from "./link-awaiting-documents";
import { receiveUploadedDocument } from "./receive-clinical-document";
import { linkDocumentToBooking, markReferralWithoutBooking } from "./review-document";
import { sweepAwaitingDocuments } from "./sweep-awaiting-documents";
import { metrics } from "../observability/metrics";
import { cancelAppointment } from "../booking/cancel-appointment";
import { LINKABLE_STATES } from "./store/document-states";
import type { StaffActor } from "../auth/actor";
import { InvalidInput, VersionConflict } from "../errors";

const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Sam Clerk", role: "clerk" };
const itkActor = { type: "consumer" as const, odsCode: "NZZ01" };

async function postItk(xml: string) {
  const res = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", headers: { "Content-Type": "text/xml" }, body: xml }));
  return { status: res.status, text: await res.text() };
}

const envelope = (xml: string, base64 = false, messageId = randomUUID().toUpperCase()) =>
  soapEnvelope({ messageId, payloads: [{ id: "DOC1", xml: xml.replace(/^<\?xml[^>]*\?>\s*/, ""), base64 }] });

const documentCount = () => db().clinicalDocument.count();

describe("receiving NHS 111 reports", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("links a report to the one booking that names it (id compared without case), storing XML, hash, demographics and sender", async () => {
    const documentId = randomUUID();
    const booking = await bookTestPatient({ documentRefId: documentId.toLowerCase() });
    const before = (await metrics().documents.get()).values.find((v) => v.labels.state === "linked")?.value ?? 0;
    const res = await postItk(envelope(testReportXml({ documentId: documentId.toUpperCase() })));
    expect(res.status).toBe(200);
    expect(res.text).toContain("<itk:SimpleMessageResponse>OK</itk:SimpleMessageResponse>");
    const rows = await db().clinicalDocument.findMany({ where: { documentId: documentId.toUpperCase() } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "linked", appointmentId: booking.appointmentId, source: "itk", nhsNumber: "9999492304", birthDate: "1957-11-30", family: "Fenwick", senderOds: "NZZ01" });
    expect(rows[0].contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].content).toContain("<ClinicalDocument");
    expect(JSON.parse(rows[0].summaryJson!)).toMatchObject({ allergies: "not-sent", safeguarding: "possible-concern", disposition: { code: "Dx03", timeframeMinutes: 240 } });
    // The 111 call began 2026-07-14 09:10:44 BST; Dx03 asks for the patient to be seen within 4 hours.
    expect(rows[0].dispositionDueAt?.toISOString()).toBe("2026-07-14T12:10:44.000Z");
    expect(await db().auditEvent.count({ where: { action: "document.receive", entityId: rows[0].id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: "itk.receive", outcome: "success" } })).toBeGreaterThan(0);
    const after = (await metrics().documents.get()).values.find((v) => v.labels.state === "linked")?.value ?? 0;
    expect(after).toBe(before + 1);
  });

  it("decouples a report from its booking when the booking is cancelled: kept, not attached, not a referral, and sent to a person", async () => {
    const documentId = randomUUID();
    const booking = await bookTestPatient({ documentRefId: documentId });
    await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    const linked = await db().clinicalDocument.findFirstOrThrow({ where: { documentId: documentId.toUpperCase() } });
    expect(linked.state).toBe("linked");
    await cancelAppointment({ appointmentId: booking.appointmentId, expectedVersion: 1, by: "consumer", newResource: (c) => ({ ...c, status: "cancelled" }) }, itkActor);
    const after = await db().clinicalDocument.findUniqueOrThrow({ where: { id: linked.id } });
    // Decoupled by the cancellation, then matched again by the use case: no other booking names it, so a person decides.
    expect(after).toMatchObject({ state: "needs-review", reviewReason: "booking-not-active", appointmentId: null, cancelledBookingId: booking.appointmentId, version: linked.version + 2 });
    expect(after.stateChangedAt).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "booking.cancel", entityId: booking.appointmentId } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ documentsDecoupled: 1 });
    // Not counted as an expected walk-in, and a clerk can still attach it to another booking.
    expect(await db().clinicalDocument.count({ where: { id: linked.id, state: "referral-without-booking" } })).toBe(0);
    expect(LINKABLE_STATES).toContain("booking-cancelled");
  });

  it("sends a report to review when two bookings share its id", async () => {
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId });
    const b = await bookTestPatient({ documentRefId: documentId });
    const r = await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "multiple-candidates", bookingId: null });
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
    // Both bookings that name it come first; other open bookings of the same patient are listed after them.
    expect(row.candidateIds!.split(",").slice(0, 2).sort()).toEqual([a.appointmentId, b.appointmentId].sort());
    expect(row.appointmentId).toBeNull();
  });

  it("sends a report to review when the patient in it is not the patient in the booking", async () => {
    const documentId = randomUUID();
    await bookTestPatient({ documentRefId: documentId, patient: { family: "Fenwick", birthDate: "1957-11-30" } });
    const r = await receiveUploadedDocument(testReportXml({ documentId, family: "Marlowe" }), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "demographics-disagree", bookingId: null });
  });

  it("waits for a booking, becomes an expected walk-in after the wait, and still links when the booking comes later", async () => {
    const documentId = randomUUID();
    const t0 = new Date();
    const r = await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk, now: t0 });
    expect(r.state).toBe("awaiting-booking");
    expect(await sweepAwaitingDocuments(new Date(t0.getTime() + 30 * 60_000), 60)).toBe(0);
    expect(await sweepAwaitingDocuments(new Date(t0.getTime() + 61 * 60_000), 60)).toBeGreaterThanOrEqual(1);
    expect((await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } })).state).toBe("referral-without-booking");
    expect(await db().auditEvent.count({ where: { action: "document.referral-without-booking", entityId: r.recordId } })).toBe(1);

    // Making the booking links the waiting report (bookAppointment does, whichever door booked); linking again is a no-op.
    const booking = await bookTestPatient({ documentRefId: documentId.toLowerCase() });
    const doc = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
    expect({ state: doc.state, appointmentId: doc.appointmentId }).toEqual({ state: "linked", appointmentId: booking.appointmentId });
    expect(await linkAwaitingDocuments(booking.appointmentId)).toEqual([]);
  });

  it("links a waiting report when its booking is made (bookAppointment calls linkAwaitingDocuments)", async () => {
    const documentId = randomUUID();
    const r = await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    expect(r.state).toBe("awaiting-booking");
    const booking = await bookTestPatient({ documentRefId: documentId });
    await linkAwaitingDocuments(booking.appointmentId);
    expect(await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } })).toMatchObject({ state: "linked", appointmentId: booking.appointmentId });
  });

  it("treats a re-delivery as idempotent, inline or base64: nothing new is stored", async () => {
    const documentId = randomUUID();
    const booking = await bookTestPatient({ documentRefId: documentId });
    const xml = testReportXml({ documentId });
    expect((await postItk(envelope(xml))).status).toBe(200);
    const count = await documentCount();
    const again = await postItk(envelope(xml, true));
    expect(again.status).toBe(200);
    const upload = await receiveUploadedDocument(xml.replace(/>\s+</g, "><"), { actor: clerk });
    expect(upload).toMatchObject({ outcome: "duplicate", state: "linked", bookingId: booking.appointmentId });
    expect(await documentCount()).toBe(count);
    expect(await db().auditEvent.count({ where: { action: "document.receive-duplicate" } })).toBeGreaterThanOrEqual(2);
  });

  it("sends a replacement of a linked report that says something different to a person, keeping the earlier one attached until it is confirmed", async () => {
    const documentId = randomUUID();
    const setId = randomUUID();
    const booking = await bookTestPatient({ documentRefId: documentId });
    const v1 = await receiveUploadedDocument(testReportXml({ documentId, setId, versionNumber: 1 }), { actor: clerk });
    expect(v1.state).toBe("linked");
    const v2 = await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), setId, versionNumber: 2, allergiesXml: "Penicillin: rash" }), { actor: clerk });
    // Not linked by itself (UEC Booking: a linked document must not simply be replaced), and the earlier one is untouched.
    expect(v2).toMatchObject({ outcome: "stored", redelivery: "replacement", state: "needs-review", reviewReason: "replaces-linked-report", bookingId: null });
    expect(await db().clinicalDocument.findUniqueOrThrow({ where: { id: v1.recordId } })).toMatchObject({ state: "linked", appointmentId: booking.appointmentId, supersededById: null });
    const pending = await db().clinicalDocument.findUniqueOrThrow({ where: { id: v2.recordId } });
    await linkDocumentToBooking({ recordId: v2.recordId, bookingId: booking.appointmentId, expectedVersion: pending.version, confirmed: true, note: "" }, clerk);
    const old = await db().clinicalDocument.findUniqueOrThrow({ where: { id: v1.recordId } });
    expect(old).toMatchObject({ state: "superseded", supersededById: v2.recordId, appointmentId: booking.appointmentId });
    expect(old.content).toContain("<ClinicalDocument");
    expect(await db().clinicalDocument.findUniqueOrThrow({ where: { id: v2.recordId } })).toMatchObject({ state: "linked", appointmentId: booking.appointmentId });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "document.link", entityId: v2.recordId } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ supersedes: [v1.recordId] });
  });

  it("sends the same id with different content (and no higher version) to review as a conflict", async () => {
    const documentId = randomUUID();
    await bookTestPatient({ documentRefId: documentId });
    await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    const r = await receiveUploadedDocument(testReportXml({ documentId, allergiesXml: "Latex" }), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "conflicting-redelivery" });
  });

  it("refuses malformed XML and an XXE attempt with a clear error, storing nothing", async () => {
    const count = await documentCount();
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ClinicalDocument xmlns="urn:hl7-org:v3"><id root="&xxe;"/></ClinicalDocument>`;
    await expect(receiveUploadedDocument(xxe, { actor: clerk })).rejects.toThrow(/DOCTYPE/);
    await expect(receiveUploadedDocument("<ClinicalDocument xmlns='urn:hl7-org:v3'><id root='x'>", { actor: clerk })).rejects.toBeInstanceOf(InvalidInput);
    const soapXxe = await postItk(`<?xml version="1.0"?><!DOCTYPE soap [<!ENTITY e SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&e;</soap:Body></soap:Envelope>`);
    expect(soapXxe.status).toBe(500);
    expect(soapXxe.text).toContain("<faultcode>soap:Client</faultcode>");
    expect(soapXxe.text).toContain("XML with a DOCTYPE is not accepted");
    expect(soapXxe.text).not.toContain("root:");
    const malformed = await postItk("<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>");
    expect(malformed.status).toBe(500);
    expect(malformed.text).toContain("ToolkitErrorInfo");
    // One good and one unreadable payload: the message is refused as a whole.
    const good = testReportXml({ documentId: randomUUID() }).replace(/^<\?xml[^>]*\?>\s*/, "");
    const noId = good.replace(/<id root="[^"]+" \/>/, "");
    const mixed = await postItk(soapEnvelope({ messageId: randomUUID(), payloads: [{ id: "A", xml: good }, { id: "B", xml: noId }] }));
    expect(mixed.status).toBe(500);
    expect(mixed.text).toContain("The clinical document could not be read");
    expect(await documentCount()).toBe(count);
    expect(await db().auditEvent.count({ where: { action: "itk.receive", outcome: "refused" } })).toBeGreaterThanOrEqual(3);
  });

  it("lets a clerk link a report after review (audited, versioned) or record it as a referral without a booking", async () => {
    const documentId = randomUUID();
    const a = await bookTestPatient({ documentRefId: documentId });
    await bookTestPatient({ documentRefId: documentId });
    const r = await receiveUploadedDocument(testReportXml({ documentId }), { actor: clerk });
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
    await expect(linkDocumentToBooking({ recordId: r.recordId, bookingId: a.appointmentId, expectedVersion: row.version, confirmed: false, note: "" }, clerk)).rejects.toBeInstanceOf(InvalidInput);
    await linkDocumentToBooking({ recordId: r.recordId, bookingId: a.appointmentId, expectedVersion: row.version, confirmed: true, note: "Checked with 111" }, clerk);
    expect(await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } })).toMatchObject({ state: "linked", appointmentId: a.appointmentId, linkedById: clerk.id });
    await expect(linkDocumentToBooking({ recordId: r.recordId, bookingId: a.appointmentId, expectedVersion: row.version, confirmed: true, note: "" }, clerk)).rejects.toBeInstanceOf(VersionConflict);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "document.link", entityId: r.recordId } });
    expect(audit).toMatchObject({ actorId: clerk.id, reason: "Checked with 111" });

    const other = await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), family: "Ashdown" }), { actor: clerk });
    const otherRow = await db().clinicalDocument.findUniqueOrThrow({ where: { id: other.recordId } });
    await markReferralWithoutBooking({ recordId: other.recordId, expectedVersion: otherRow.version, note: "111 confirmed no booking" }, clerk);
    expect((await db().clinicalDocument.findUniqueOrThrow({ where: { id: other.recordId } })).state).toBe("referral-without-booking");
  });

  it("links by the appointment reference the report carries when the booking does not name the report", async () => {
    const booking = await bookTestPatient({ documentRefId: null });
    const r = await receiveUploadedDocument(testReportXml({ documentId: randomUUID(), appointmentUrl: `https://ed.example.org/STU3/1/Appointment/${booking.appointmentId}` }), {
      actor: itkActor,
      fhirBaseUrl: "https://ed.example.org/STU3/1",
    });
    expect(r).toMatchObject({ state: "linked", bookingId: booking.appointmentId });
  });
});
