import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { seedDemo } from "../seed/demo";
import { bookTestPatient } from "../testing/book-test-patient";
import { testReportXml } from "../testing/test-report";
import { soapEnvelope } from "../testing/fixtures/cda/build-envelope";
import { handleItkRequest } from "../doors/itk/itk-http";
import { queryBoard } from "../arrivals/load-board";
import { viewBooking } from "../arrivals/view-booking";
import { cancelAppointment } from "../booking/cancel-appointment";
import type { StaffActor } from "../auth/actor";
import { Forbidden, InvalidInput, VersionConflict } from "../errors";
import { documentHistory } from "./document-history";
import { linkAwaitingDocuments } from "./link-awaiting-documents";
import { receiveUploadedDocument } from "./receive-clinical-document";
import { relinkDocument, relinkDocumentInput, unlinkDocument, unlinkDocumentInput } from "./relink-document";
import { linkDocumentToBooking } from "./review-document";
import { viewDocumentForReview } from "./list-documents";

const clerk: StaffActor = { type: "staff", id: "clerk-1", name: "Sam Clerk", role: "clerk" };
const clinician: StaffActor = { type: "staff", id: "clin-1", name: "Dr Rhea Okafor", role: "clinician" };
const manager: StaffActor = { type: "staff", id: "mgr-1", name: "Max Manager", role: "manager" };
const PENICILLIN = "<content>Penicillin: anaphylaxis</content>";

async function postItk(xml: string) {
  const body = soapEnvelope({ messageId: randomUUID().toUpperCase(), payloads: [{ id: "DOC1", xml: xml.replace(/^<\?xml[^>]*\?>\s*/, "") }] });
  const res = await handleItkRequest(new Request("http://localhost/itk/nhs111", { method: "POST", headers: { "Content-Type": "text/xml" }, body }));
  return { status: res.status, text: await res.text() };
}

/** Twin girls without NHS numbers: same family name and birth date, as 111 books them. */
async function bookTwins(o: { amyDocumentId: string; bethDocumentId: string | null }) {
  const family = `Twinley${randomUUID().slice(0, 6).replace(/\d/g, "q")}`;
  const patient = { nhsNumber: null, family, birthDate: "2019-05-01", gender: "female" };
  const amy = await bookTestPatient({ documentRefId: o.amyDocumentId, patient: { ...patient, given: "Amy" } });
  const beth = await bookTestPatient({ documentRefId: o.bethDocumentId, patient: { ...patient, given: "Beth" } });
  return { family, amy: amy.appointmentId, beth: beth.appointmentId };
}

const bethsReport = (documentId: string, family: string, over: Partial<Parameters<typeof testReportXml>[0]> = {}) =>
  testReportXml({ documentId, nhsNumber: null, given: "Beth", family, birthDate: "2019-05-01", sex: "2", allergiesXml: PENICILLIN, ...over });

async function boardRow(bookingId: string) {
  const board = await queryBoard({ kind: "hours", hours: 24 * 7 }, { staffUserId: clinician.id, clinical: true });
  const row = board.rows.find((r) => r.id === bookingId);
  if (!row) throw new Error(`booking ${bookingId} not on the board`);
  return row;
}

beforeAll(async () => {
  await seedDemo(db());
});

describe("a report never lands on the wrong patient", () => {
  it("twins without NHS numbers: Beth's report, named by Amy's booking, goes to review with both listed; Amy's allergy flag is unchanged", async () => {
    // 111 put Beth's report id on Amy's booking.
    const bethDoc = randomUUID();
    const twins = await bookTwins({ amyDocumentId: bethDoc, bethDocumentId: randomUUID() });
    const before = await boardRow(twins.amy);
    expect(before.flags?.allergies).toBe("no-summary");

    const res = await postItk(bethsReport(bethDoc.toUpperCase(), twins.family));
    expect(res.status).toBe(200);
    const row = await db().clinicalDocument.findFirstOrThrow({ where: { documentId: bethDoc.toUpperCase() } });
    expect(row).toMatchObject({ state: "needs-review", reviewReason: "demographics-disagree", appointmentId: null });
    expect(row.reviewNote).toMatch(/given name/);
    expect(row.candidateIds!.split(",")).toEqual([twins.amy, twins.beth]);

    const after = await boardRow(twins.amy);
    expect(after.flags?.allergies).toBe("no-summary");
    expect(after.summary.state).not.toBe("received");

    // The reviewer sees both twins, and which of them the report's details fit.
    const review = await viewDocumentForReview(row.id, clerk);
    const byId = Object.fromEntries(review.candidates.map((c) => [c.bookingId, c.comparison]));
    expect(byId[twins.amy]).toMatchObject({ agree: false, givenName: { agreement: "mismatch" } });
    expect(byId[twins.beth]).toMatchObject({ agree: true, strength: "exact", givenName: { agreement: "match", level: "exact" }, sex: { agreement: "match" } });
  });

  it("twins: a report given only an initial links to the one twin it fits, and the re-match after a booking uses the same rules", async () => {
    const bethDoc = randomUUID();
    const twins = await bookTwins({ amyDocumentId: randomUUID(), bethDocumentId: bethDoc });
    const r = await receiveUploadedDocument(bethsReport(bethDoc, twins.family, { given: "B" }), { actor: clerk });
    expect(r).toMatchObject({ state: "linked", bookingId: twins.beth });
    expect((await boardRow(twins.beth)).flags?.allergies).toBe("recorded");
    expect((await boardRow(twins.amy)).flags?.allergies).toBe("no-summary");

    // The report arrives first, then 111 books Amy naming Beth's report by mistake: the re-match sends it to review.
    const lateDoc = randomUUID();
    const family = `Lateley${randomUUID().slice(0, 6).replace(/\d/g, "q")}`;
    const early = await receiveUploadedDocument(bethsReport(lateDoc, family), { actor: clerk });
    expect(early.state).toBe("awaiting-booking");
    const beth = await bookTestPatient({ documentRefId: randomUUID(), patient: { nhsNumber: null, family, given: "Beth", birthDate: "2019-05-01", gender: "female" } });
    const amy = await bookTestPatient({ documentRefId: lateDoc, patient: { nhsNumber: null, family, given: "Amy", birthDate: "2019-05-01", gender: "female" } });
    // The booking use case re-matched the waiting report (linkAwaitingDocuments) as it committed.
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: early.recordId } });
    expect(row).toMatchObject({ state: "needs-review", reviewReason: "demographics-disagree", appointmentId: null });
    expect(row.candidateIds!.split(",")).toEqual([amy.appointmentId, beth.appointmentId]);
    expect(await db().auditEvent.count({ where: { action: "document.rematch", entityId: early.recordId } })).toBe(1);
    expect(await linkAwaitingDocuments(amy.appointmentId)).toEqual([]);
  });

  it("twins with the same initial: a report given only that initial goes to review with both", async () => {
    const doc = randomUUID();
    const family = `Initially${randomUUID().slice(0, 6).replace(/\d/g, "q")}`;
    const patient = { nhsNumber: null, family, birthDate: "2019-05-01", gender: "female" };
    const amy = await bookTestPatient({ documentRefId: doc, patient: { ...patient, given: "Amy" } });
    const anna = await bookTestPatient({ documentRefId: randomUUID(), patient: { ...patient, given: "Anna" } });
    const r = await receiveUploadedDocument(testReportXml({ documentId: doc, nhsNumber: null, given: "A", family, birthDate: "2019-05-01", sex: "2" }), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "multiple-candidates", bookingId: null });
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
    expect(row.candidateIds!.split(",")).toEqual([amy.appointmentId, anna.appointmentId]);
  });

  it("a report without an NHS number does not link on name and birth date to a booking that has one", async () => {
    const doc = randomUUID();
    const booking = await bookTestPatient({ documentRefId: doc });
    const r = await receiveUploadedDocument(testReportXml({ documentId: doc, nhsNumber: null }), { actor: clerk });
    expect(r).toMatchObject({ state: "needs-review", reviewReason: "demographics-incomplete", bookingId: null });
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: r.recordId } });
    expect(row.reviewNote).toMatch(/no usable NHS number/);
    expect(row.candidateIds!.split(",")[0]).toBe(booking.appointmentId);
  });
});

describe("unlink and relink", () => {
  /** A clerk's slip: Beth's report, sent for review, attached to Amy. */
  async function linkedToTheWrongTwin() {
    const bethDoc = randomUUID();
    const twins = await bookTwins({ amyDocumentId: bethDoc, bethDocumentId: randomUUID() });
    const received = await receiveUploadedDocument(bethsReport(bethDoc, twins.family), { actor: clerk });
    expect(received.state).toBe("needs-review");
    await linkDocumentToBooking({ recordId: received.recordId, bookingId: twins.amy, expectedVersion: 1, confirmed: true, note: "" }, clerk);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: received.recordId } });
    expect(row).toMatchObject({ state: "linked", appointmentId: twins.amy });
    expect((await boardRow(twins.amy)).flags?.allergies).toBe("recorded");
    return { ...twins, recordId: row.id, version: row.version };
  }

  it("a clinician moves a report to the right booking with a reason: audited with both bookings, the old link kept in its history", async () => {
    const t = await linkedToTheWrongTwin();
    await relinkDocument({ recordId: t.recordId, bookingId: t.beth, expectedVersion: t.version, confirmed: true, reason: "Report is about Beth, Amy's twin" }, clinician);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: t.recordId } });
    expect(row).toMatchObject({ state: "linked", appointmentId: t.beth, linkedById: clinician.id, version: t.version + 1 });
    expect((await boardRow(t.amy)).flags?.allergies).toBe("no-summary");
    expect((await boardRow(t.beth)).flags?.allergies).toBe("recorded");

    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "document.relink", entityId: t.recordId } });
    expect(audit).toMatchObject({ actorId: clinician.id, actorRole: "clinician", reason: "Report is about Beth, Amy's twin" });
    expect(JSON.parse(audit.detail!)).toMatchObject({ fromBookingId: t.amy, toBookingId: t.beth, givenName: "match", sex: "match" });

    const { entries, bookings } = await documentHistory(t.recordId);
    expect(entries.map((e) => [e.action, e.fromBookingId, e.toBookingId])).toEqual([
      ["document.receive", null, null],
      ["document.link", null, t.amy],
      ["document.relink", t.amy, t.beth],
    ]);
    expect(entries[2]).toMatchObject({ what: "Moved to another booking", reason: "Report is about Beth, Amy's twin", by: "Dr Rhea Okafor (clinician)" });
    expect(bookings[t.amy].name).toBe(`Amy ${t.family.toUpperCase()}`);
    // The history is part of the review screen.
    expect((await viewDocumentForReview(t.recordId, clerk)).history.entries).toHaveLength(3);
    // Amy's booking says a report was taken off it, so what was read there is not silently gone.
    const amysPage = await viewBooking(t.amy, clinician);
    expect(amysPage.documents).toMatchObject({ shown: null, takenOff: [{ by: "Dr Rhea Okafor", reason: "Report is about Beth, Amy's twin", moved: true }] });
    expect((await viewBooking(t.beth, clinician)).documents.takenOff).toEqual([]);
  });

  it("a clerk removes a report from a booking with a reason: it goes to review with that booking listed, never out of view", async () => {
    const t = await linkedToTheWrongTwin();
    await unlinkDocument({ recordId: t.recordId, expectedVersion: t.version, reason: "Not Amy's report" }, clerk);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: t.recordId } });
    expect(row).toMatchObject({ state: "needs-review", reviewReason: "unlinked", reviewNote: "Not Amy's report", appointmentId: null, linkedAt: null });
    expect(row.candidateIds!.split(",")).toContain(t.amy);
    expect((await boardRow(t.amy)).flags?.allergies).toBe("no-summary");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "document.unlink", entityId: t.recordId } });
    expect(audit.reason).toBe("Not Amy's report");
    expect(JSON.parse(audit.detail!)).toMatchObject({ fromBookingId: t.amy, toBookingId: null, to: "needs-review" });
    expect((await documentHistory(t.recordId)).entries.at(-1)).toMatchObject({ action: "document.unlink", fromBookingId: t.amy, reason: "Not Amy's report" });
    expect((await viewBooking(t.amy, clerk)).documents.takenOff).toMatchObject([{ by: "Sam Clerk", moved: false }]);
    // Then attached to the right twin from review, as any report is.
    await linkDocumentToBooking({ recordId: t.recordId, bookingId: t.beth, expectedVersion: row.version, confirmed: true, note: "" }, clerk);
    expect((await boardRow(t.beth)).flags?.allergies).toBe("recorded");
  });

  it("earlier versions of the report move with it", async () => {
    const bethDoc = randomUUID();
    const twins = await bookTwins({ amyDocumentId: bethDoc, bethDocumentId: randomUUID() });
    const v1 = await receiveUploadedDocument(bethsReport(bethDoc, twins.family, { given: "Beth", versionNumber: 1 }), { actor: clerk });
    await linkDocumentToBooking({ recordId: v1.recordId, bookingId: twins.amy, expectedVersion: 1, confirmed: true, note: "" }, clerk);
    // Give v1 a linked successor on the same booking, as a replacement would.
    await db().clinicalDocument.update({ where: { id: v1.recordId }, data: { state: "superseded" } });
    const v2 = await db().clinicalDocument.create({
      data: { documentId: `${bethDoc.toUpperCase()}-V2`, setId: bethDoc.toUpperCase(), versionNumber: 2, contentSha256: "b".repeat(64), content: bethsReport(bethDoc, twins.family), source: "upload", state: "linked", appointmentId: twins.amy },
    });
    await db().clinicalDocument.update({ where: { id: v1.recordId }, data: { supersededById: v2.id } });
    await relinkDocument({ recordId: v2.id, bookingId: twins.beth, expectedVersion: v2.version, confirmed: true, reason: "Beth's report" }, clerk);
    expect(await db().clinicalDocument.count({ where: { appointmentId: twins.amy } })).toBe(0);
    expect((await db().clinicalDocument.findUniqueOrThrow({ where: { id: v1.recordId } })).appointmentId).toBe(twins.beth);
  });

  it("refuses without a reason, without confirmation, to a cancelled booking, on a stale version and for a manager, changing nothing", async () => {
    const t = await linkedToTheWrongTwin();
    expect(relinkDocumentInput.safeParse({ recordId: t.recordId, bookingId: t.beth, expectedVersion: t.version, confirmed: "on", reason: "  " }).success).toBe(false);
    expect(unlinkDocumentInput.safeParse({ recordId: t.recordId, expectedVersion: t.version, reason: "" }).success).toBe(false);
    const input = { recordId: t.recordId, bookingId: t.beth, expectedVersion: t.version, confirmed: true, reason: "Beth's report" };
    await expect(relinkDocument({ ...input, confirmed: false }, clerk)).rejects.toBeInstanceOf(InvalidInput);
    await expect(relinkDocument({ ...input, bookingId: t.amy }, clerk)).rejects.toBeInstanceOf(InvalidInput);
    await expect(relinkDocument({ ...input, expectedVersion: t.version - 1 }, clerk)).rejects.toBeInstanceOf(VersionConflict);
    await expect(unlinkDocument({ recordId: t.recordId, expectedVersion: t.version - 1, reason: "x" }, clerk)).rejects.toBeInstanceOf(VersionConflict);
    await expect(relinkDocument(input, manager)).rejects.toBeInstanceOf(Forbidden);
    await expect(unlinkDocument({ recordId: t.recordId, expectedVersion: t.version, reason: "x" }, manager)).rejects.toBeInstanceOf(Forbidden);
    await cancelAppointment({ appointmentId: t.beth, expectedVersion: 1, by: "consumer", newResource: (c) => ({ ...c, status: "cancelled" }) }, { type: "consumer", odsCode: "NZZ01" });
    await expect(relinkDocument(input, clerk)).rejects.toBeInstanceOf(InvalidInput);
    const row = await db().clinicalDocument.findUniqueOrThrow({ where: { id: t.recordId } });
    expect(row).toMatchObject({ state: "linked", appointmentId: t.amy, version: t.version });
    expect(await db().auditEvent.count({ where: { entityId: t.recordId, action: { in: ["document.relink", "document.unlink"] } } })).toBe(0);
  });
});
